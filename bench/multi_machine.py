#!/usr/bin/env python
"""More than one machine, shown on this one (`make multi-machine`).

Starts two stateless web processes (gunicorn, 2 workers each) and two django-q2 clusters against
one PostgreSQL database and one Redis (cache, page-cache generation and q2 broker), with a local
SMTP sink as the mail server, and checks:

1. sessions work on both: a member signs in through web process A and is recognised on B;
2. registrations driven through both processes each produce exactly one confirmation email (no
   email twice, none lost), although two clusters take tasks from the same Redis queue and both
   run the send-outbox schedule: the outbox claims each row once;
3. the anonymous page cache is shared: a meeting page cached through B shows the new number of
   places left after registrations made through A, and a new revision published by another
   process (a management shell, as an editor's publish would be) is visible through B at once.

It prints what it measured and exits non-zero when a check fails. Everything runs in a database
and a Redis database of its own, dropped/flushed afterwards.
"""

import json
import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = f"lt_multi_{os.getpid()}"
REDIS_DB = os.environ.get("MULTI_REDIS_DB", "9")
WEB_PORTS = (8211, 8212)
SMTP_PORT = 8225
MEMBERS = 30
PASSWORD = "multi-machine-password"

received = []  # (recipient, subject) of every message the SMTP sink accepted
received_lock = threading.Lock()


class SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: accepts every message and records it."""

    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == "MAIL":
                recipients = []
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data.decode(errors="replace"))
                subject = next((item[9:].strip() for item in lines if item.lower().startswith("subject:")), "")
                with received_lock:
                    received.extend((recipient, subject) for recipient in recipients)
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


def environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="leeratelier.settings.production",
        SECRET_KEY="multi-machine-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{PG}/{DATABASE}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        SECURE_SSL_REDIRECT="0",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(SMTP_PORT),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, **kwargs)


SETUP = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage, Membership
atelier = AtelierPage.objects.live().filter(locale__language_code="nl", visibility="public").first()
meeting = ExpertMeetingPage.objects.live().child_of(atelier).upcoming().first()
meeting.capacity = 500
meeting.save_revision().publish()
User = get_user_model()
for n in range(%(members)d):
    user, _ = User.objects.get_or_create(username=f"multi{n}", defaults={"email": f"multi{n}@example.org", "first_name": f"Multi{n}"})
    user.set_password("%(password)s"); user.save()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    Membership.objects.get_or_create(atelier_key=atelier.translation_key, user=user, defaults={"status": "active"})
print(json.dumps({"meeting": meeting.pk, "url": meeting.url}))
"""


class PlainHTTPPolicy(DefaultCookiePolicy):
    """The production settings mark cookies Secure (HTTPS behind a proxy); this drill talks
    plain HTTP to 127.0.0.1, so send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    """A tiny browser: cookies, CSRF tokens, redirects followed."""

    def __init__(self):
        self.jar = CookieJar(PlainHTTPPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, port, path, cookies=True):
        opener = self.opener if cookies else urllib.request.build_opener()
        with opener.open(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            return response.status, response.headers, response.read().decode()

    def post(self, port, path, data, referer_path):
        _, _, page = self.get(port, referer_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=body, headers={"Referer": f"http://127.0.0.1:{port}{referer_path}"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def wait_for(port):
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"web process on {port} did not start")


def main():
    env = environment()
    results, failures = {}, []
    subprocess.run(["redis-cli", "-n", REDIS_DB, "FLUSHDB"], check=True, capture_output=True)
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", SMTP_PORT), SMTPSink)
    server.daemon_threads = True
    subprocess.run(["psql", f"{PG}/postgres", "-qc", f'CREATE DATABASE "{DATABASE}"'], check=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    processes = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage({**env, "DJANGO_SETTINGS_MODULE": "leeratelier.settings.dev"}, "load_demo", stdout=subprocess.DEVNULL)
        manage(env, "collectstatic", "--noinput", "-v0")
        setup = manage(
            env,
            "shell",
            "-c",
            "import json\n" + SETUP % {"members": MEMBERS, "password": PASSWORD},
            capture_output=True,
        )
        meeting = json.loads(setup.stdout.strip().splitlines()[-1])
        with received_lock:
            received.clear()  # the demo's own emails (none are expected) do not count

        for port in WEB_PORTS:
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "leeratelier.wsgi",
                        "-w",
                        "2",
                        "-b",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                )
            )
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "qcluster"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port in WEB_PORTS:
            wait_for(port)
        a, b = WEB_PORTS

        # 3a. The meeting page, cached through B before anyone registers.
        anonymous = Browser()
        _, headers, page = anonymous.get(b, meeting["url"], cookies=False)
        _, headers, page = anonymous.get(b, meeting["url"], cookies=False)
        before = int(re.search(r"Nog (\d+) plaatsen vrij", page).group(1))
        results["meeting page through B before"] = (headers.get("X-Page-Cache"), before)
        # The agenda is stored in the page cache (the meeting page carries a CSRF form for
        # guests, so it is rendered afresh for every visitor and never stored).
        anonymous.get(b, "/nl/agenda/", cookies=False)
        _, headers, agenda_before = anonymous.get(b, "/nl/agenda/", cookies=False)
        results["agenda through B before"] = headers.get("X-Page-Cache")

        # 1 and 2. Sign in through one process, check the session on the other, register.
        sessions_ok, registered = 0, 0
        for n in range(MEMBERS):
            browser = Browser()
            first, second = (a, b) if n % 2 == 0 else (b, a)
            status = browser.post(
                first,
                "/nl/accounts/login/",
                {"login": f"multi{n}@example.org", "password": PASSWORD},
                "/nl/accounts/login/",
            )
            _, _, me = browser.get(second, "/nl/me/")
            if f"Multi{n}" in me:
                sessions_ok += 1
            status = browser.post(second, f"/nl/meeting/{meeting['meeting']}/register/", {}, meeting["url"])
            registered += status in (200, 302)
        results["sessions recognised on the other process"] = f"{sessions_ok}/{MEMBERS}"
        results["registrations accepted"] = f"{registered}/{MEMBERS}"
        if sessions_ok != MEMBERS or registered != MEMBERS:
            failures.append("sessions or registrations")

        # 3b. The page cached through B follows the registrations made through A and B.
        _, headers, page = anonymous.get(b, meeting["url"], cookies=False)
        left = re.search(r"Nog (\d+) plaatsen vrij", page).group(1)
        results["meeting page through B after registrations"] = (headers.get("X-Page-Cache"), left)
        if int(left) != before - MEMBERS:
            failures.append("meeting page did not follow registrations")
        _, headers, agenda_after = anonymous.get(b, "/nl/agenda/", cookies=False)
        results["agenda through B after registrations"] = headers.get("X-Page-Cache")
        if headers.get("X-Page-Cache") != "miss" or f">{before - MEMBERS}<" not in agenda_after:
            failures.append("the cached agenda did not follow registrations made through the other process")

        # 3c. A publish by another process shows through B at once.
        manage(
            env,
            "shell",
            "-c",
            (
                "from leeratelier.ateliers.models import ExpertMeetingPage\n"
                f"page = ExpertMeetingPage.objects.get(pk={meeting['meeting']})\n"
                "page.title = 'Nieuwe titel na publicatie'\npage.save_revision().publish()\n"
            ),
        )
        _, headers, page = anonymous.get(b, meeting["url"], cookies=False)
        results["published title visible through B"] = "Nieuwe titel na publicatie" in page
        if not results["published title visible through B"]:
            failures.append("publish not visible through the other process")

        # 2. Every confirmation exactly once: wait for the outbox to drain, then a while longer
        # so a second send would show up.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            with received_lock:
                count = sum(1 for recipient, _ in received if recipient.startswith("multi"))
            if count >= MEMBERS:
                break
            time.sleep(2)
        time.sleep(75)  # more than one send-outbox schedule tick on both clusters
        with received_lock:
            per_recipient = {}
            for recipient, subject in received:
                per_recipient.setdefault(recipient, []).append(subject)
        confirmations = {r: s for r, s in per_recipient.items() if r.startswith("multi")}
        twice = {r: s for r, s in confirmations.items() if len(s) > 1}
        results["members who got their confirmation"] = f"{len(confirmations)}/{MEMBERS}"
        results["emails sent twice"] = len(twice)
        if len(confirmations) != MEMBERS or twice:
            failures.append("emails not exactly once")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        server.shutdown()
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'])
        subprocess.run(["redis-cli", "-n", REDIS_DB, "FLUSHDB"], capture_output=True)
    for name, value in results.items():
        print(f"{name}: {value}")
    print("FAILED: " + ", ".join(failures) if failures else "All checks passed.")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
