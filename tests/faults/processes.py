"""Starting and killing the real processes the fault tests need: a django-q2 cluster
(``manage.py qcluster``) with tests/faults/settings.py, against the test's database."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url():
    """The URL of the database this test process uses (the test database), for children."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def child_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(DJANGO_SETTINGS_MODULE="tests.faults.settings", PYTHONPATH=str(BASE_DIR), PYTHONUNBUFFERED="1")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start_qcluster(env, log_path):
    """``manage.py qcluster`` in its own process group (sentinel, workers, monitor, pusher)."""
    log = open(log_path, "ab")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    return process


def kill_group(process, sig=signal.SIGKILL, wait=15):
    """Send ``sig`` to every process of the cluster at once (SIGKILL: no clean-up at all)."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=wait)
    # Orphaned children of the group die with SIGKILL too; give the kernel a moment.
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    process.log.close()


def redis_available():
    try:
        import redis

        return redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@contextmanager
def q_client(name, broker):
    """Make ``async_task`` in this (test) process enqueue for the cluster named ``name``."""
    from django_q.conf import Conf

    names = ("PREFIX", "CLUSTER_NAME", "SYNC", "ORM", "REDIS")
    saved = {key: getattr(Conf, key) for key in names}
    Conf.PREFIX = Conf.CLUSTER_NAME = name
    Conf.SYNC = False
    if broker == "redis":
        Conf.ORM, Conf.REDIS = None, REDIS_URL
    else:
        Conf.ORM, Conf.REDIS = "default", None
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(Conf, key, value)
        if broker == "redis":
            import redis

            client = redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"django_q:{name}:*"):
                client.delete(key)


def wait_for(predicate, timeout, interval=0.01, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {message}")
