"""django-q2 tasks of the core app. Tasks take ids (or nothing), never texts or personal data:
django-q2 stores task arguments in its broker and result table."""

from . import outbox


def send_outbox():
    return outbox.send_pending()
