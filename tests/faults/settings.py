"""Settings for the processes the fault tests start (a q2 cluster, a web server): the test
settings, with the django-q2 cluster really asynchronous and everything that differs per run
read from the environment, so one test never shares a queue, a database or a mail log with
another. leeratelier/settings/ stays untouched.

Environment:
  DATABASE_URL          the database (read by the base settings)
  FAULTS_Q_NAME         q2 cluster name and queue key (unique per test)
  FAULTS_Q_TIMEOUT      django-q2's task timeout in seconds (default 60); an outbox claim is
                        stale 5 s after it
  FAULTS_Q_BROKER       "orm" (default) or "redis"; REDIS_URL then names the server
  FAULTS_MAIL_LOG       file the recording mail backend appends one line per message to
  FAULTS_MAIL_DELAY     seconds each message takes to "send" (so a kill lands mid-send)
  FAULTS_EMAIL_BACKEND  another mail backend (default: the recording one)
  FAULTS_CONN_HEALTH_CHECKS  "1": Django checks a persistent database connection before use
"""

from leeratelier.settings.test import *  # noqa: F403

_name = env("FAULTS_Q_NAME", "lt_faults")  # noqa: F405
Q_CLUSTER = {
    **{key: value for key, value in Q_CLUSTER.items() if key not in ("orm", "redis")},  # noqa: F405
    "name": _name,
    "cluster_name": _name,
    "sync": False,
    "workers": int(env("Q_WORKERS", "2")),  # noqa: F405
    "timeout": int(env("FAULTS_Q_TIMEOUT", "60")),  # noqa: F405
    "retry": int(env("FAULTS_Q_TIMEOUT", "60")) + 30,  # noqa: F405
    "poll": 0.2,
    "label": "Background tasks",
}
if env("FAULTS_Q_BROKER", "orm") == "redis":  # noqa: F405
    Q_CLUSTER["redis"] = env("REDIS_URL", "redis://127.0.0.1:6379/0")  # noqa: F405
else:
    Q_CLUSTER["orm"] = "default"

OUTBOX_STALE_AFTER = timedelta(seconds=Q_CLUSTER["timeout"] + 5)  # noqa: F405

EMAIL_BACKEND = env("FAULTS_EMAIL_BACKEND", "tests.faults.mailbackend.RecordingBackend")  # noqa: F405
FAULTS_MAIL_LOG = env("FAULTS_MAIL_LOG", "")  # noqa: F405
FAULTS_MAIL_DELAY = float(env("FAULTS_MAIL_DELAY", "0"))  # noqa: F405

if env("FAULTS_CONN_HEALTH_CHECKS") == "1":  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

if env("FAULTS_MEDIA_ROOT"):  # noqa: F405
    MEDIA_ROOT = env("FAULTS_MEDIA_ROOT")  # noqa: F405
