"""Fault drill: PostgreSQL restarts while the site is under load.

  .venv/bin/python scripts/faults/pg_restart_drill.py [--port 55432] [--web-port 8765] [--keep]

Never touches the machine's shared PostgreSQL server. It
1. creates a THROW-AWAY cluster (initdb into a temporary directory, run as the postgres user
   when started as root) listening on 127.0.0.1:<port> only; migrates the project into it and
   loads the demo site; adds 40 members of "Leeratelier Armoede" with signed-in sessions and a
   meeting with 10 seats;
2. serves the site with gunicorn (2 sync workers, tests/faults/settings.py: DEBUG off), once
   with the settings as they are and once with CONN_HEALTH_CHECKS on;
3. drives it with threads: 4 readers GET the home page, a magazine chapter, an atelier and a
   meeting; 3 writers sign up the members for the meeting (GET the page, POST "register"; a
   member whose POST failed tries again, as a person would);
4. stops PostgreSQL in the middle (pg_ctl stop -m fast), keeps it down a few seconds, starts it
   again, and does NOT touch the web server;
5. reports what every request got before, during and after the gap, and checks: failures in
   the gap are the friendly 503 (or 500) page without a traceback; after the restart the site answers
   again by itself; every member whose POST succeeded has exactly one registration, confirmed
   seats never exceed the capacity, and each registration has its email in the outbox (nothing
   half-written).
Drops the cluster afterwards unless --keep. Exit status 0 when every check holds.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
MEMBERS, CAPACITY = 40, 10  # members made by the setup; the load signs up LOAD_MEMBERS of them
LOAD_MEMBERS = 20
# The friendly error pages: 503.html when the database is unreachable (core.views.server_error),
# 500.html for anything else.
FRIENDLY = ("Even niet bereikbaar", "Er ging iets mis")


# --- the throw-away PostgreSQL cluster ---------------------------------------------------------


class Cluster:
    def __init__(self, port, directory=None):
        self.port = port
        self.dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="lt_faults_pg."))
        self.data = self.dir / "data"
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root

    def run(self, *args, **kwargs):
        command = [str(a) for a in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def init(self):
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run(
            PG_BIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off -c max_connections=50"
        self.run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log", "-o", options, "-w", "start")

    def stop(self, mode="fast"):
        self.run(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql):
        return subprocess.run(
            ["psql", self.url(database), "-tAc", sql], check=True, capture_output=True, text=True
        ).stdout.strip()

    def destroy(self):
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


# --- steps that run inside Django (a subprocess against the throw-away database) --------------


def django_step(step):
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from leeratelier.ateliers.factories import ExpertMeetingPageFactory, MembershipFactory
    from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage, Membership, Registration
    from leeratelier.core.factories import UserFactory
    from leeratelier.core.models import OutboxEmail

    if step == "setup":
        atelier = AtelierPage.objects.get(title="Leeratelier Armoede", locale__language_code="nl")
        start = timezone.now() + timedelta(days=10)
        meeting = ExpertMeetingPage.objects.filter(title="Drukte-drill").first() or ExpertMeetingPageFactory(
            parent=atelier, title="Drukte-drill", start=start, end=start + timedelta(hours=2), capacity=CAPACITY
        )
        sessions = []
        for n in range(MEMBERS):
            user = UserFactory(username=f"drill{n}", email=f"drill{n}@example.org")
            if not Membership.objects.filter(atelier_key=atelier.translation_key, user=user).exists():
                MembershipFactory(atelier=atelier, user=user)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            sessions.append({"user": user.pk, "session": session.session_key})
        from home.models import HomePage
        from leeratelier.magazine.models import ChapterPage

        pages = [
            HomePage.objects.live().filter(locale__language_code="nl").first().url,
            ChapterPage.objects.live().filter(locale__language_code="nl").order_by("path").first().url,
            atelier.url,
            meeting.url,
        ]
        print(
            json.dumps(
                {
                    "meeting": meeting.pk,
                    "meeting_key": str(meeting.translation_key),
                    "meeting_url": meeting.url,
                    "pages": pages,
                    "sessions": sessions,
                }
            )
        )
    elif step.startswith("verify:"):
        key = step.split(":", 1)[1]
        registrations = list(Registration.objects.filter(meeting_key=key).values_list("pk", "user_id", "status"))
        keys = set(OutboxEmail.objects.values_list("key", flat=True))
        print(
            json.dumps(
                {
                    "registrations": [
                        {
                            "pk": pk,
                            "user": user,
                            "status": status,
                            "email_queued": any(
                                k.split(":")[1] == str(pk)
                                for k in keys
                                if k.startswith(("meeting-registration-confirmed:", "meeting-waitlisted:"))
                            ),
                        }
                        for pk, user, status in registrations
                    ],
                    "confirmed": sum(1 for _, _, status in registrations if status == Registration.Status.CONFIRMED),
                }
            )
        )
    elif step == "reset":
        key = ExpertMeetingPage.objects.get(title="Drukte-drill").translation_key
        Registration.objects.filter(meeting_key=key).delete()
        OutboxEmail.objects.filter(key__regex=r"^meeting-(registration-confirmed|waitlisted):").delete()


def run_django(env, step):
    out = subprocess.run(
        [PYTHON, __file__, "--django-step", step], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1]) if step != "reset" else None


# --- load ---------------------------------------------------------------------------------------


class Load:
    def __init__(self, base, site):
        import requests

        self.requests = requests
        self.base, self.site = base, site
        self.records = []  # (t, kind, status, friendly, traceback, user)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.todo = list(site["sessions"][:LOAD_MEMBERS])
        self.registered = {}  # user -> time of the successful POST

    def record(self, started, kind, status, body="", user=None):
        """One request, by the time it was sent (so a request sent in the gap counts there)."""
        with self.lock:
            friendly = any(text in body for text in FRIENDLY)
            self.records.append((started, kind, status, friendly, "Traceback" in body, user))

    def reader(self, offset):
        session = self.requests.Session()
        pages = self.site["pages"]
        n = offset
        while not self.stop.is_set():
            url = pages[n % len(pages)]
            n += 1
            started = time.monotonic()
            try:
                response = session.get(self.base + url, timeout=10)
                self.record(started, "GET", response.status_code, response.text)
            except self.requests.RequestException as error:
                self.record(started, "GET", type(error).__name__)
            time.sleep(0.05)

    def writer(self):
        while not self.stop.is_set():
            with self.lock:
                entry = self.todo.pop(0) if self.todo else None
            if entry is None:
                time.sleep(0.1)
                continue
            session = self.requests.Session()
            session.cookies.set("sessionid", entry["session"])
            user = entry["user"]
            done = False
            started = time.monotonic()
            try:
                page = session.get(self.base + self.site["meeting_url"], timeout=10)
                self.record(started, "GET meeting (member)", page.status_code, page.text, user)
                if page.status_code == 200:
                    token = session.cookies.get("csrftoken") or re.search(
                        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
                    ).group(1)
                    started = time.monotonic()
                    response = session.post(
                        f"{self.base}/nl/meeting/{self.site['meeting']}/register/",
                        data={"csrfmiddlewaretoken": token},
                        headers={"Referer": self.base + self.site["meeting_url"]},
                        allow_redirects=False,
                        timeout=10,
                    )
                    self.record(started, "POST register", response.status_code, response.text, user)
                    if response.status_code == 302:
                        done = True
                        with self.lock:
                            self.registered[user] = time.monotonic()
            except self.requests.RequestException as error:
                self.record(started, "POST register", type(error).__name__, "", user)
            if not done:
                with self.lock:
                    self.todo.append(entry)  # the person tries again a little later
                time.sleep(0.3)
            else:
                time.sleep(0.15)


def wait_http(url, timeout=90):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def phase_of(t, down, up):
    return "before" if t < down else ("gap" if t < up else "after")


def scenario(cluster, env, site, web_port, health_checks, gap_seconds, log_dir):
    label = "CONN_HEALTH_CHECKS on" if health_checks else "settings as they are"
    run_django(env, "reset")
    env = {**env, "FAULTS_CONN_HEALTH_CHECKS": "1" if health_checks else "0"}
    log = open(log_dir / f"gunicorn-{'checks' if health_checks else 'plain'}.log", "w")
    server = subprocess.Popen(
        [GUNICORN, "leeratelier.wsgi", "-w", "2", "-b", f"127.0.0.1:{web_port}", "--timeout", "30"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{web_port}"
    try:
        wait_http(base + site["pages"][0])
        load = Load(base, site)
        threads = [threading.Thread(target=load.reader, args=(n,)) for n in range(4)]
        threads += [threading.Thread(target=load.writer) for _ in range(3)]
        for thread in threads:
            thread.start()
        # PostgreSQL goes down once the site is busy: pages served and some members registered.
        busy_by = time.monotonic() + 60
        while time.monotonic() < busy_by and len(load.registered) < 4:
            time.sleep(0.1)
        down = time.monotonic()
        cluster.stop("fast")
        stopped = time.monotonic()
        time.sleep(gap_seconds)
        cluster.start()
        up = time.monotonic()
        # Until every member is registered, and at least 8 seconds after the restart.
        deadline = up + 120
        while time.monotonic() < deadline and (len(load.registered) < LOAD_MEMBERS or time.monotonic() < up + 8):
            time.sleep(0.2)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=20)
        quiet = quiet_restart(cluster, base + site["pages"][0])
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    verify = run_django(env, f"verify:{site['meeting_key']}")
    phases = {p: Counter() for p in ("before", "gap", "after")}
    unfriendly, tracebacks = [], 0
    for t, kind, status, friendly, traceback, _user in load.records:
        phase = phase_of(t, down, up)
        phases[phase][str(status)] += 1
        if isinstance(status, int) and status >= 500 and not friendly:
            unfriendly.append((phase, kind, status))
        tracebacks += traceback
    after = sorted((t, status) for t, kind, status, *_ in load.records if t >= up)
    first_ok = next((t - up for t, status in after if status in (200, 302)), None)
    last_fail = max((t - up for t, status in after if status not in (200, 302)), default=None)
    fails_after = sum(1 for t, status in after if status not in (200, 302))
    regs = verify["registrations"]
    by_user = Counter(r["user"] for r in regs)
    result = {
        "scenario": label,
        "postgres_down_seconds": round(up - down, 1),
        "pg_ctl_stop_seconds": round(stopped - down, 2),
        "requests": {phase: dict(counts) for phase, counts in phases.items()},
        "5xx_without_friendly_page": len(unfriendly),
        "responses_with_traceback": tracebacks,
        "first_success_after_restart_s": None if first_ok is None else round(first_ok, 2),
        "failed_requests_after_restart": fails_after,
        "last_failure_after_restart_s": None if last_fail is None else round(last_fail, 2),
        "members_registered_ok": len(load.registered),
        "registrations": len(regs),
        "confirmed": verify["confirmed"],
        "waitlisted": sum(1 for r in regs if r["status"] == "waitlisted"),
        "registrations_without_email": sum(1 for r in regs if not r["email_queued"]),
        "users_with_two_registrations": sum(1 for n in by_user.values() if n > 1),
        "registrations_without_confirmed_response": len(set(by_user) - set(load.registered)),
        "quiet_restart": quiet,
    }
    checks = {
        "gap: every 5xx is the friendly page": not unfriendly,
        "no traceback in any response": tracebacks == 0,
        "requests failed during the gap": sum(v for k, v in phases["gap"].items() if k not in ("200", "302")) > 0,
        "the site answers again after the restart (no web server restart)": first_ok is not None,
        "every member registered in the end": len(load.registered) == LOAD_MEMBERS,
        "one registration per member whose POST succeeded": set(by_user) >= set(load.registered)
        and result["users_with_two_registrations"] == 0,
        "confirmed seats <= capacity": verify["confirmed"] <= CAPACITY,
        "every registration has its outbox email": result["registrations_without_email"] == 0,
    }
    if health_checks:
        checks["with health checks: no failed request after a quiet restart"] = quiet["failed"] == 0
    return result, checks


def quiet_restart(cluster, url):
    """PostgreSQL restarts while nobody visits (at night): the web workers still hold their
    persistent connections to the old server. Count what the first visitors get after it."""
    import requests

    def get():
        try:
            return requests.get(url, timeout=10).status_code
        except requests.RequestException as error:
            return type(error).__name__

    warm = [threading.Thread(target=get) for _ in range(6)]  # both workers hold a connection
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()
    cluster.stop("fast")
    time.sleep(1)
    cluster.start()
    statuses = [get() for _ in range(10)]
    return {"first_10_after": dict(Counter(map(str, statuses))), "failed": sum(1 for s in statuses if s != 200)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=55432)
    parser.add_argument("--web-port", type=int, default=8765)
    parser.add_argument("--gap", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--keep", action="store_true", help="keep the cluster directory (stopped)")
    parser.add_argument("--reuse", help="a directory kept by --keep: skip initdb, migrate and load_demo")
    parser.add_argument("--django-step")
    args = parser.parse_args()
    if args.django_step:
        return django_step(args.django_step)

    cluster = Cluster(args.port, args.reuse)
    print(f"throw-away cluster in {cluster.dir}, port {args.port}", flush=True)
    ok = True
    try:
        t0 = time.monotonic()
        env = {k: v for k, v in os.environ.items()}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            PYTHONPATH=str(BASE_DIR),
            DATABASE_URL=cluster.url("lt_faults_site"),
            FAULTS_MEDIA_ROOT=str(cluster.dir / "media"),
        )
        if args.reuse:
            cluster.start()
            site = run_django(env, "setup")  # finds the meeting and members, signs them in again
        else:
            cluster.init()
            cluster.start()
            cluster.psql("postgres", "CREATE DATABASE lt_faults_site")
            subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
            subprocess.run(
                [PYTHON, "manage.py", "load_demo"], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL
            )
            site = run_django(env, "setup")
            (cluster.dir / "site.json").write_text(json.dumps(site))
        print(f"cluster ready, demo loaded, {MEMBERS} members signed in: {time.monotonic() - t0:.0f} s", flush=True)
        for health_checks in (False, True):
            result, checks = scenario(cluster, env, site, args.web_port, health_checks, args.gap, cluster.dir)
            print("FAULTS-RESULT pg-restart", json.dumps(result), flush=True)
            for name, passed in checks.items():
                print(f"  {'ok  ' if passed else 'FAIL'} {name}", flush=True)
                ok &= passed
    finally:
        if args.keep:
            try:
                cluster.stop("fast")
            except subprocess.CalledProcessError:
                pass
            print(f"kept {cluster.dir} (stopped; --reuse it)")
        else:
            cluster.destroy()
    print("PG RESTART DRILL PASSED" if ok else "PG RESTART DRILL FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main() or 0)
