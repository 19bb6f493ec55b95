"""Fault: the django-q2 cluster is killed (SIGKILL, every process of it at once) in the middle
of the hourly reminder run and again in the middle of sending, then restarted. Real processes:
``manage.py qcluster`` with tests/faults/settings.py against this test's PostgreSQL database,
with the ORM broker and with Redis. Each delivery is recorded durably by
tests/faults/mailbackend.py (one fsync'ed line per message).

What the outbox promises and this test proves: every reminder is queued exactly once and no
email is ever delivered twice. What it deliberately does not do: retry a row a killed worker
left in "sending" (it may or may not have reached the mail server); the test counts those rows
and requires that they are the only ones not sent, at most one per worker per kill.

Slow (three cluster start-ups, 80-95 s each on a busy machine): it runs when LT_FAULTS=1 is set
(`make faults`), on PostgreSQL; the Redis variant needs Redis at 127.0.0.1:6379."""

import json
import os
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_q.tasks import async_task

from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.ateliers.models import Registration
from leeratelier.core.models import OutboxEmail

from .mailbackend import read_log
from .processes import REDIS_URL, child_env, database_url, kill_group, q_client, redis_available, start_qcluster, wait_for

PEOPLE = 200
WORKERS = 2
REMINDERS = "leeratelier.ateliers.tasks.send_meeting_reminders"
SEND = "leeratelier.core.tasks.send_outbox"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("LT_FAULTS"),
        reason="fault drill with real q2 clusters, over a minute each: run with LT_FAULTS=1 (make faults)",
    ),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the cluster needs a shared PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]


def reminder_rows():
    return OutboxEmail.objects.filter(kind="meeting-reminder")


def snapshot(log):
    counts = Counter(reminder_rows().values_list("status", flat=True))
    return {"queued": sum(counts.values()), **{str(k): v for k, v in counts.items()}, "delivered": len(read_log(log))}


def since(started):
    return {"at_s": round(time.monotonic() - started, 1)}


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_killed_cluster_sends_every_reminder_at_most_once_and_loses_none_silently(broker, public_atelier, tmp_path):
    if broker == "redis" and not redis_available():
        pytest.skip("no Redis at 127.0.0.1:6379")
    started = time.monotonic()
    start = timezone.now() + timedelta(hours=5)
    meeting = ExpertMeetingPageFactory(parent=public_atelier, start=start, end=start + timedelta(hours=2))
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"faults-{n}", email=f"faults-{n}@example.org") for n in range(PEOPLE)
    )
    Registration.objects.bulk_create(
        Registration(meeting_key=meeting.translation_key, user=user, status=Registration.Status.CONFIRMED)
        for user in users
    )

    name = f"lt_faults_{broker}_{uuid.uuid4().hex[:8]}"
    log = tmp_path / "deliveries.log"
    env = child_env(
        DATABASE_URL=database_url(), FAULTS_Q_NAME=name, FAULTS_Q_BROKER=broker,
        REDIS_URL=REDIS_URL, FAULTS_MAIL_LOG=log, FAULTS_MAIL_DELAY="0.02",
        Q_WORKERS=WORKERS,
    )
    events, clusters = [{"setup": "done", **since(started)}], []

    def cluster():
        clusters.append(start_qcluster(env, tmp_path / "qcluster.log"))
        return clusters[-1]

    try:
        with q_client(name, broker):
            # 1. The hourly reminder run starts; kill the cluster while it is queueing.
            first = cluster()
            async_task(REMINDERS, task_name="meeting-reminders")
            wait_for(lambda: reminder_rows().count() >= PEOPLE // 4, 60, message="the reminder run to start")
            kill_group(first)
            events.append({"kill": "during the reminder run", **snapshot(log), **since(started)})

            # 2. Restarted; the next hourly run and the every-minute send job come; kill mid-sending.
            second = cluster()
            async_task(REMINDERS, task_name="meeting-reminders")
            async_task(SEND, task_name="send-outbox")
            delivered = len(read_log(log))
            wait_for(lambda: len(read_log(log)) >= delivered + PEOPLE // 4, 60, message="sending to get going")
            kill_group(second)
            events.append({"kill": "while sending", **snapshot(log), **since(started)})

            # 3. Restarted; the next hourly run queues the reminders the killed runs did not
            # reach, and the send job drains the outbox.
            third = cluster()
            async_task(REMINDERS, task_name="meeting-reminders")
            async_task(SEND, task_name="send-outbox")
            wait_for(
                lambda: reminder_rows().count() == PEOPLE
                and not reminder_rows().filter(status=OutboxEmail.Status.PENDING).exists(),
                90, interval=0.2, message="the outbox to drain",
            )
            time.sleep(1)  # tasks still queued find nothing to send
            kill_group(third, wait=20)
            events.append({"after": "restart, drained", **snapshot(log), **since(started)})
    finally:
        for process in clusters:
            if process.poll() is None:
                kill_group(process)

    deliveries = Counter(recipient for recipient, *_ in read_log(log))
    rows = list(reminder_rows().values_list("recipient", "status"))
    stuck = [recipient for recipient, status in rows if status == OutboxEmail.Status.SENDING]
    result = {
        "broker": broker,
        "people": PEOPLE,
        "events": events,
        "reminders_queued": len(rows),
        "delivered_exactly_once": sum(1 for recipient, _ in rows if deliveries[recipient] == 1),
        "delivered_twice_or_more": sorted(r for r, n in deliveries.items() if n > 1),
        "left_sending": len(stuck),
        "left_sending_but_delivered": sum(1 for r in stuck if deliveries[r]),
        "left_sending_not_delivered": sum(1 for r in stuck if not deliveries[r]),
        "seconds": round(time.monotonic() - started, 1),
    }
    print("FAULTS-RESULT qcluster-kill", json.dumps(result))

    assert len(rows) == PEOPLE == len({recipient for recipient, _ in rows})  # each reminder queued once
    assert result["delivered_twice_or_more"] == []  # nobody got a reminder twice
    statuses = Counter(status for _, status in rows)
    assert set(statuses) <= {OutboxEmail.Status.SENT, OutboxEmail.Status.SENDING}
    for recipient, status in rows:
        if status == OutboxEmail.Status.SENT:
            assert deliveries[recipient] == 1, recipient
    # Only a row a worker was holding at the moment of a kill is left "sending".
    assert len(stuck) <= WORKERS * 2
    assert statuses[OutboxEmail.Status.SENT] >= PEOPLE - WORKERS * 2
