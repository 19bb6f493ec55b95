"""Events of the ateliers component that other components listen to.

Django signals, sent by this component's services after the transaction commits, so a listener
never sees a change that was rolled back. The notifications component turns them into messages
for the people concerned; the sender knows nothing of who listens."""

from django.dispatch import Signal

# A published expert meeting moved (a new time or place) or was cancelled; sent once per change.
# Arguments: meeting (the ExpertMeetingPage), change ("moved" or "cancelled").
meeting_changed = Signal()

# A coordinator approved or declined a join request; sent inside the deciding transaction (a
# listener's emails go through the outbox in it). Arguments: membership, approved (bool).
join_decided = Signal()
