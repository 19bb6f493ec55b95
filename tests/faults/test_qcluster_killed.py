"""Fault: the django-q2 cluster is killed (SIGKILL, every process of it at once) in the middle
of the hourly reminder run and again in the middle of sending, then restarted. Real processes:
``manage.py qcluster`` with tests/faults/settings.py against this test's PostgreSQL database,
with the ORM broker and with Redis. Each delivery is recorded durably by
tests/faults/mailbackend.py (one fsync'ed line per message).

What the outbox promises and this test proves: every reminder is queued exactly once, every one
is delivered (a row a killed worker left in "sending" is claimed again once the claim is stale),
and every recipient sees one email: the only way a second copy can reach the mail server is a
kill in the instant between the server's acceptance and the UPDATE that marks the row sent
(at most one row per worker per kill), and such a copy carries the same Message-ID, which mail
programs show once. The printed FAULTS-RESULT line counts those copies.

Slow (three cluster start-ups and a stale claim to wait out, a few minutes on a busy machine): it runs when LT_FAULTS=1 is set
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
from .processes import (
    REDIS_URL,
    child_env,
    database_url,
    kill_group,
    q_client,
    redis_available,
    start_qcluster,
    wait_for,
)

PEOPLE = 200
WORKERS = 2
REMINDERS = "leeratelier.ateliers.tasks.send_meeting_reminders"
SEND = "leeratelier.core.tasks.send_outbox"
STALE_TIMEOUT = 10  # q2 task timeout in the cluster; a claim is stale 5 s after it

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
def test_killed_cluster_loses_no_reminder_and_each_recipient_sees_one(broker, public_atelier, tmp_path):
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
        DATABASE_URL=database_url(),
        FAULTS_Q_NAME=name,
        FAULTS_Q_BROKER=broker,
        REDIS_URL=REDIS_URL,
        FAULTS_MAIL_LOG=log,
        FAULTS_MAIL_DELAY="0.02",
        Q_WORKERS=WORKERS,
        FAULTS_Q_TIMEOUT=STALE_TIMEOUT,
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
            # reach, and the every-minute send job (here every 2 s) drains the outbox, taking
            # back the rows the killed workers held once their claims are stale.
            third = cluster()
            async_task(REMINDERS, task_name="meeting-reminders")

            def drained():
                async_task(SEND, task_name="send-outbox")
                return (
                    reminder_rows().count() == PEOPLE
                    and not reminder_rows().exclude(status=OutboxEmail.Status.SENT).exists()
                )

            wait_for(drained, 150, interval=2, message="the outbox to drain")
            time.sleep(1)  # tasks still queued find nothing to send
            kill_group(third, wait=20)
            events.append({"after": "restart, drained", **snapshot(log), **since(started)})
    finally:
        for process in clusters:
            if process.poll() is None:
                kill_group(process)

    delivered = read_log(log)
    deliveries = Counter(recipient for recipient, *_ in delivered)
    message_ids = {}
    for recipient, _subject, _pid, message_id in delivered:
        message_ids.setdefault(recipient, set()).add(message_id)
    rows = list(reminder_rows().values_list("recipient", "status"))
    statuses = Counter(status for _, status in rows)
    result = {
        "broker": broker,
        "people": PEOPLE,
        "events": events,
        "reminders_queued": len(rows),
        "rows_by_status": {str(k): v for k, v in statuses.items()},
        "delivered_once": sum(1 for recipient, _ in rows if deliveries[recipient] == 1),
        "delivered_again_same_message_id": sorted(r for r, n in deliveries.items() if n > 1),
        "lost": sorted(recipient for recipient, _ in rows if not deliveries[recipient]),
        "seconds": round(time.monotonic() - started, 1),
    }
    print("FAULTS-RESULT qcluster-kill", json.dumps(result))

    assert len(rows) == PEOPLE == len({recipient for recipient, _ in rows})  # each reminder queued once
    assert statuses == {OutboxEmail.Status.SENT: PEOPLE}  # none stuck, none failed
    assert result["lost"] == []
    # Every recipient sees one email: every copy of theirs carries one Message-ID ...
    assert all(len(ids) == 1 and "" not in ids for ids in message_ids.values())
    assert len({next(iter(ids)) for ids in message_ids.values()}) == PEOPLE
    # ... and a second copy only comes from a kill right after the server's acceptance.
    assert len(result["delivered_again_same_message_id"]) <= WORKERS * 2
