"""Benchmark data of the ateliers: ateliers, members, memberships, expert meetings and their
registrations (see leeratelier/core/bench.py). At scale 1: 30 ateliers, 5,000 members, 2,000
meetings with 40,000 registrations."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from home.models import HomePage
from leeratelier.accounts.models import Profile
from leeratelier.core.bench import ATELIER, MEETING, bench_key, bench_keys, bulk_create, register_step
from leeratelier.core.models import Role, Theme, Track

from .models import AtelierIndexPage, AtelierPage, ExpertMeetingPage, Membership, Registration

BENCH_PASSWORD = "bench-password"
USER_PREFIX = "bench-"


def bench_users():
    return get_user_model().objects.filter(username__startswith=USER_PREFIX)


def bench_ateliers():
    return AtelierPage.objects.filter(locale__language_code="nl", **bench_keys(ATELIER))


def bench_meetings():
    return ExpertMeetingPage.objects.filter(locale__language_code="nl", **bench_keys(MEETING))


@register_step(order=10)
def members(context):
    target = context.count(5000)
    User = get_user_model()
    if bench_users().count() == target:
        context.say(f"  members: {target:,} already there")
    else:
        with transaction.atomic():
            bench_users().delete()
            password = make_password(BENCH_PASSWORD)  # hashed once: 5,000 hashes would take minutes
            progress = context.progress("members", target * 2)
            first = [
                "Anna",
                "Bram",
                "Chaima",
                "Daan",
                "Eva",
                "Fatima",
                "Gijs",
                "Hanna",
                "Ilias",
                "Joost",
                "Kim",
                "Lotte",
                "Mehmet",
                "Noor",
                "Olaf",
                "Priya",
                "Ruben",
                "Sanne",
                "Tim",
                "Yara",
            ]
            last = [
                "de Vries",
                "Jansen",
                "Bakker",
                "Visser",
                "Smit",
                "Meijer",
                "El Amrani",
                "Mulder",
                "de Boer",
                "Bos",
                "Peters",
                "Hendriks",
                "Yilmaz",
                "Dekker",
                "van Dijk",
            ]
            users = bulk_create(
                User,
                (
                    User(
                        username=f"{USER_PREFIX}{n:05d}",
                        email=f"{USER_PREFIX}{n:05d}@bench.example.org",
                        first_name=context.rng.choice(first),
                        last_name=context.rng.choice(last),
                        password=password,
                    )
                    for n in range(target)
                ),
                progress,
                keep=True,
            )
            roles = [value for value, _ in Role.choices]
            bulk_create(
                Profile,
                (
                    Profile(
                        user=user,
                        role=context.rng.choice(roles),
                        organisation="Gemeente of maatschappelijke organisatie",
                    )
                    for user in users
                ),
                progress,
            )
            progress.finish()
    context.made["users"] = list(bench_users().order_by("username").values_list("pk", flat=True))


@register_step(order=11)
def ateliers(context):
    target = context.count(30)
    index = AtelierIndexPage.objects.filter(locale__language_code="nl").first()
    if index is None:
        index = AtelierIndexPage(title="Leerateliers", slug="ateliers")
        HomePage.objects.get(locale__language_code="nl", depth=2).add_child(instance=index)
    existing = bench_ateliers().count()
    if existing != target:
        with transaction.atomic():
            for atelier in bench_ateliers():
                atelier.delete()
            themes = list(Theme.objects.filter(locale__language_code="nl"))
            progress = context.progress("ateliers", target)
            for n in range(target):
                title = f"Leeratelier {context.text.title((1, 3))} {n + 1}"
                atelier = AtelierPage(
                    title=title,
                    slug=f"bench-atelier-{n + 1:03d}",
                    translation_key=bench_key(ATELIER, n),
                    purpose=context.text.paragraph((1, 3)),
                    theme=context.rng.choice(themes) if themes else None,
                    visibility=AtelierPage.Visibility.HIDDEN if n % 5 == 4 else AtelierPage.Visibility.PUBLIC,
                    join_mode=AtelierPage.JoinMode.REQUEST,
                )
                index.add_child(instance=atelier)
                progress.advance()
            progress.finish()
    else:
        context.say(f"  ateliers: {target} already there")
    context.made["ateliers"] = list(bench_ateliers().order_by("translation_key"))


@register_step(order=12)
def memberships(context):
    ateliers = context.made["ateliers"]
    keys = [atelier.translation_key for atelier in ateliers]
    users = context.made["users"]
    existing = Membership.objects.filter(atelier_key__in=keys)
    if existing.exists() and existing.count() >= len(users):
        context.say(f"  memberships: {existing.count():,} already there")
    else:
        with transaction.atomic():
            existing.delete()
            rows, seen = [], set()
            for position, user in enumerate(users):
                # Everyone belongs to one atelier, a third to a second one, a tenth to a third.
                for rank, share in enumerate((1, 3, 10)):
                    if position % share == 0:
                        key = keys[(position + rank * 7) % len(keys)]
                        if (key, user) not in seen:
                            seen.add((key, user))
                            rows.append(Membership(atelier_key=key, user_id=user, status=Membership.Status.ACTIVE))
            for n, key in enumerate(keys):  # two coordinators per atelier
                for user in users[n * 2 : n * 2 + 2]:
                    if (key, user) in seen:
                        for row in rows:
                            if row.atelier_key == key and row.user_id == user:
                                row.role = Membership.Role.COORDINATOR
                    else:
                        seen.add((key, user))
                        rows.append(
                            Membership(
                                atelier_key=key,
                                user_id=user,
                                status=Membership.Status.ACTIVE,
                                role=Membership.Role.COORDINATOR,
                            )
                        )
            progress = context.progress("memberships", len(rows))
            bulk_create(Membership, rows, progress)
            progress.finish()
    members_by_atelier = {}
    for key, user in Membership.objects.filter(atelier_key__in=keys, status=Membership.Status.ACTIVE).values_list(
        "atelier_key", "user_id"
    ):
        members_by_atelier.setdefault(key, []).append(user)
    context.made["members_by_atelier"] = members_by_atelier


@register_step(order=13)
def meetings(context):
    ateliers = context.made["ateliers"]
    target = context.count(2000)
    if bench_meetings().count() != target:
        with transaction.atomic():
            for meeting in bench_meetings():
                meeting.delete()
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            tracks = [value for value, _ in Track.choices]
            progress = context.progress("expert meetings", target)
            for n in range(target):
                atelier = ateliers[n % len(ateliers)]
                # Most meetings lie in the past (the archive of years), some ahead.
                start = now + timedelta(days=context.rng.randint(-1500, 120), hours=context.rng.randint(-4, 4))
                meeting = ExpertMeetingPage(
                    title=context.text.title((3, 8)),
                    slug=f"bench-meeting-{n + 1:05d}",
                    translation_key=bench_key(MEETING, n),
                    intro=context.text.paragraph((2, 4)),
                    start=start,
                    end=start + timedelta(hours=2),
                    venue="Wijkcentrum De Schakel, Stationsplein 1, Utrecht",
                    capacity=context.rng.choice([None, 25, 40, 60]),
                    tracks=context.rng.sample(tracks, context.rng.randint(1, len(tracks))),
                    report=f"<p>{context.text.paragraph()}</p>" if start < now else "",
                )
                atelier.add_child(instance=meeting)
                progress.advance()
            progress.finish()
    else:
        context.say(f"  expert meetings: {target:,} already there")
    context.made["meetings"] = list(bench_meetings().values_list("translation_key", "path"))


@register_step(order=14)
def registrations(context):
    meetings = context.made["meetings"]
    atelier_by_path = {atelier.path: atelier.translation_key for atelier in context.made["ateliers"]}
    members_by_atelier = context.made["members_by_atelier"]
    # How many people register for each meeting: the target spread evenly, never more than the
    # atelier has members (small scales). Worked out before looking, so a re-run can tell whether
    # the last run finished.
    target = context.count(40000)
    per_meeting, extra = divmod(target, len(meetings))
    plan = []
    for n, (key, path) in enumerate(meetings):
        members = members_by_atelier[atelier_by_path[path[:-4]]]
        plan.append((key, members, min(len(members), per_meeting + (1 if n < extra else 0))))
    expected = sum(wanted for _, _, wanted in plan)
    existing = Registration.objects.filter(meeting_key__in=[key for key, _ in meetings])
    if existing.count() == expected:
        context.say(f"  registrations: {expected:,} already there")
        return
    with transaction.atomic():
        existing.delete()
        rows = (  # a generator: written a batch at a time, never all in memory
            Registration(meeting_key=key, user_id=user, status=Registration.Status.CONFIRMED)
            for key, members, wanted in plan
            for user in context.rng.sample(members, wanted)
        )
        progress = context.progress("registrations", expected)
        bulk_create(Registration, rows, progress)
        progress.finish()
