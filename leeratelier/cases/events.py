"""Events of the cases component that other components listen to.

Django signals, sent by this component's services after the transaction commits, so a listener
never sees a change that was rolled back."""

from django.dispatch import Signal

# A member of the atelier was mentioned by name in a reflection they may read; sent once per
# person per post. Arguments: post (the Reflection), user (the person mentioned), by (the author).
# Pseudonyms hold: when ``post.pseudonym_id`` is set, a listener must name the pseudonym
# (``post.pseudonym.name``), never ``by``, who is the real person behind it.
member_mentioned = Signal()
