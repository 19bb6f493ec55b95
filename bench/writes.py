"""The write mix of the benchmark, run by bench/run.py in a child process with the benchmark's
settings (like bench/probe.py). Two commands, each printing one JSON line:

    python bench/writes.py prepare FILE          # sessions of benchmark members and the requests of the mix
    python bench/writes.py verify FILE RESULT    # what the database holds of each write, after the run

`prepare` writes FILE, one request a line (id, kind, method, path, cookie, body; tab-separated), for
bench/mix.lua, and FILE.plan.json, what each write must leave in the database: members posting reflections on cases of their ateliers, registering for upcoming
meetings they are not registered for, and authors marking a reflection on their case as helpful,
next to members reading their dashboard, case library and case pages. Every write is one that
must succeed, and no two are the same (a new registration pair, a reflection not yet helpful), and
each is recognisable in the database. `verify` gets the ids of the writes that got a 2xx/3xx
answer, those answered otherwise and those still unanswered when wrk stopped (RESULT, from
mix.lua), and checks each write: one that succeeded must be there exactly once (else it was lost
or doubled), one never sent must not be there, one cut off by the end of the run may be either;
and the tables must have grown by exactly the writes that are there.
"""

import json
import random
import sys
import uuid
from importlib import import_module

import django

django.setup()

from urllib.parse import urlencode  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from leeratelier.ateliers.bench import USER_PREFIX, bench_meetings  # noqa: E402
from leeratelier.ateliers.models import AtelierPage, Membership, Registration  # noqa: E402
from leeratelier.ateliers.services import registration_closed_reason  # noqa: E402
from leeratelier.cases.bench import LONG_THREAD_TITLE  # noqa: E402
from leeratelier.cases.models import Case, Reflection  # noqa: E402
from leeratelier.core import once  # noqa: E402

MARKER = "Benchmark-reflectie-w"  # + the write's number: each posted reflection is recognisable
PER_KIND = 1500  # more writes of each kind than a run at concurrency 16 can make
MEMBERS = 120  # members with a session in the mix


def counts():
    return {
        "reflections": Reflection.objects.count(),
        "registrations": Registration.objects.count(),
        "helpful": Reflection.objects.filter(helpful=True).count(),
    }


def session_cookie(user, csrf):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # The CSRF cookie holds the secret; the form sends the same secret (Django accepts the
    # unmasked 32-character form as well as the masked one a page carries).
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def prepare(path):
    rng = random.Random(16)
    long_case = Case.objects.get(title=LONG_THREAD_TITLE)
    members = list(
        Membership.objects.active()
        .filter(user__username__startswith=USER_PREFIX)
        .select_related("user")
        .order_by("user__username")
    )
    by_user = {}
    for membership in members:
        by_user.setdefault(membership.user, set()).add(membership.atelier_key)
    users = rng.sample(sorted(by_user, key=lambda user: user.pk), min(MEMBERS, len(by_user)))
    sessions = {}
    for user in users:
        csrf = get_random_string(32)
        sessions[user.pk] = (session_cookie(user, csrf), csrf)
    lines = []

    plan = {}
    run = uuid.uuid4().hex[:8]  # a second run's reflections are told apart from the first's

    def add(kind, method, url, user, data=None, check=None):
        cookie, csrf = sessions[user.pk]
        body = urlencode({**data, "csrfmiddlewaretoken": csrf}) if data is not None else ""
        number = str(len(lines))
        if check is not None:
            plan[number] = [kind, check]
        lines.append("\t".join((number, kind, method, url, cookie, body)))

    # Reads: what members open most (their page, a case library, a case's first page).
    libraries = {page.translation_key: page.pk for page in AtelierPage.objects.filter(locale__language_code="nl")}
    for user in users:
        key = rng.choice(sorted(by_user[user]))
        add("read", "GET", reverse("ateliers:my_page"), user)
        if key in libraries:
            add("read", "GET", reverse("cases:library", args=[libraries[key]]), user)
        case = (
            Case.objects.filter(atelier_key=key, removed_at__isnull=True, hidden_at__isnull=True).order_by("?").first()
        )
        if case:
            add("read", "GET", reverse("cases:detail", args=[case.pk]), user)

    # Reflections on cases of the member's own ateliers (not the long thread the pages measure).
    cases_by_key = {}
    for pk, key in (
        Case.objects.filter(removed_at__isnull=True, hidden_at__isnull=True)
        .exclude(pk=long_case.pk)
        .values_list("pk", "atelier_key")
    ):
        cases_by_key.setdefault(key, []).append(pk)
    kinds = [value for value, _ in Reflection.Kind.choices]
    writers = [user for user in users if any(cases_by_key.get(key) for key in by_user[user])]
    for n in range(PER_KIND if writers else 0):
        user = writers[n % len(writers)]
        key = rng.choice(sorted(key for key in by_user[user] if cases_by_key.get(key)))
        marker = f"{MARKER}{run}-{len(lines)}:"
        add(
            "reflect",
            "POST",
            reverse("cases:reflect", args=[rng.choice(cases_by_key[key])]),
            user,
            {
                "kind": rng.choice(kinds),
                # a token the site would have handed out with the form (core.once)
                "form_token": once.new_token(),
                "body": f"{marker} wat ik hiervan leer is dat we eerst samen de waarden bespreken.",
            },
            check=marker,
        )

    # Registrations: a member and an upcoming meeting of one of their ateliers, a pair not yet registered.
    registered = set(Registration.objects.values_list("meeting_key", "user_id"))
    open_meetings = [
        meeting
        for meeting in bench_meetings().live().upcoming().order_by("start")
        if registration_closed_reason(meeting) is None
    ]
    atelier_of = {page.path: page.translation_key for page in AtelierPage.objects.filter(locale__language_code="nl")}
    pairs = []
    for meeting in open_meetings:
        key = atelier_of.get(meeting.path[: -meeting.steplen])
        for user in users:
            if key in by_user[user] and (meeting.translation_key, user.pk) not in registered:
                pairs.append((meeting, user))
    rng.shuffle(pairs)
    for meeting, user in pairs[:PER_KIND]:
        add(
            "register",
            "POST",
            reverse("ateliers:register", args=[meeting.pk]),
            user,
            {},
            check=[str(meeting.translation_key), user.pk],
        )

    # Helpful: the case's author marks a reflection on it that is not helpful yet.
    authors = {user.pk: user for user in users}
    candidates = list(
        Reflection.objects.filter(
            case__author_id__in=authors, helpful=False, removed_at__isnull=True, hidden_at__isnull=True
        )
        .filter(~Q(case=long_case))
        .values_list("pk", "case__author_id")[: PER_KIND * 3]
    )
    rng.shuffle(candidates)
    for pk, author in candidates[:PER_KIND]:
        add("helpful", "POST", reverse("cases:helpful", args=[pk]), authors[author], {"helpful": "1"}, check=pk)

    # Spread each kind over the file, so each of wrk's connections gets every kind.
    rng.shuffle(lines)
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    with open(f"{path}.plan.json", "w") as out:
        json.dump({"plan": plan, "run": run, "counts": counts()}, out)
    planned = {}
    for line in lines:
        kind = line.split("\t", 2)[1]
        planned[kind] = planned.get(kind, 0) + 1
    return {"planned": planned, "members": len(users), "counts": counts()}


def verify(path, result_path):
    """Each write of the plan against the database (see the module's docstring)."""
    with open(f"{path}.plan.json") as source:
        prepared = json.load(source)
    with open(result_path) as source:
        result = json.load(source)
    plan, before, after = prepared["plan"], prepared["counts"], counts()
    answered = {number: "ok" for number in result["ok_ids"]}
    answered.update({number: "failed" for number in result["failed_ids"]})
    answered.update({number: "unanswered" for number in result["unanswered_ids"]})
    # What the database holds of each write: in three queries, whatever the number of writes.
    found = {}
    for body in Reflection.objects.filter(body__startswith=f"{MARKER}{prepared['run']}-").values_list(
        "body", flat=True
    ):
        marker = body.split(" ", 1)[0]
        found[marker] = found.get(marker, 0) + 1
    wanted = [check for kind, check in plan.values() if kind == "register"]
    registrations = {}
    for key, user in Registration.objects.filter(
        meeting_key__in={key for key, _ in wanted}, user_id__in={user for _, user in wanted}
    ).values_list("meeting_key", "user_id"):
        registrations[(str(key), user)] = registrations.get((str(key), user), 0) + 1
    helpful = set(
        Reflection.objects.filter(
            pk__in=[check for kind, check in plan.values() if kind == "helpful"],
            helpful=True,
        ).values_list("pk", flat=True)
    )
    kinds = {}
    for number, (kind, check) in plan.items():
        if kind == "reflect":
            present = found.get(check, 0)
        elif kind == "register":
            present = registrations.get((check[0], check[1]), 0)
        else:
            present = 1 if check in helpful else 0
        state = answered.get(number, "not sent")
        row = kinds.setdefault(
            kind,
            {
                "sent": 0,
                "succeeded": 0,
                "failed": 0,
                "unanswered": 0,
                "present": 0,
                "lost": 0,
                "doubled": 0,
                "unexpected": 0,
            },
        )
        row["sent"] += state != "not sent"
        if state in ("ok", "failed", "unanswered"):
            row["succeeded" if state == "ok" else state] += 1
        row["present"] += min(present, 1)
        row["doubled"] += present > 1
        row["lost"] += state == "ok" and present == 0
        # Not sent, or refused (4xx/5xx) and yet in the database: a write nobody was told of.
        row["unexpected"] += state in ("not sent", "failed") and present > 0
    grown = {
        "reflect": after["reflections"] - before["reflections"],
        "register": after["registrations"] - before["registrations"],
        "helpful": after["helpful"] - before["helpful"],
    }
    for kind, row in kinds.items():
        row["rows_added"] = grown[kind]
        row["exact"] = (
            row["lost"] == 0 and row["doubled"] == 0 and row["unexpected"] == 0 and row["rows_added"] == row["present"]
        )
    return kinds


if __name__ == "__main__":
    translation.activate("nl")
    if sys.argv[1] == "prepare":
        print(json.dumps(prepare(sys.argv[2])))
    elif sys.argv[1] == "verify":
        print(json.dumps(verify(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(counts()))
