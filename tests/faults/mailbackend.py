"""A mail backend that records every delivery durably: one line per message, appended and
fsync'ed before ``send_messages`` returns, so a process killed right after "sending" has left
its line. The line is ``recipient<TAB>subject<TAB>pid<TAB>Message-ID``; the fault tests count
lines per recipient and Message-ID to prove nothing was lost and what was delivered twice."""

import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        path = settings.FAULTS_MAIL_LOG
        delay = settings.FAULTS_MAIL_DELAY
        for message in messages:
            if delay:
                time.sleep(delay)  # the time a mail server takes to accept
            line = "\t".join(
                [
                    ",".join(message.to),
                    " ".join(message.subject.split()),
                    str(os.getpid()),
                    message.extra_headers.get("Message-ID", ""),
                ]
            )
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (line + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        return len(messages)


def read_log(path):
    """[(recipient, subject, pid, message_id), ...] in delivery order."""
    try:
        with open(path, encoding="utf-8") as log:
            return [tuple(line.rstrip("\n").split("\t")) for line in log if line.strip()]
    except FileNotFoundError:
        return []
