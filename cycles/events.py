"""Events of the cycles component that other components listen to (Django signals)."""

from django.dispatch import Signal

# A phase ends within three days and these participants have not contributed to it yet; sent by
# the daily reminder job (cycles.tasks), once a day while it lasts (listeners key it per phase).
# Arguments: phase (the Phase), users (the participants' accounts to remind).
phase_closing = Signal()
