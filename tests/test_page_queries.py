"""Every page the benchmark measures (bench/pages.py) makes the same number of SQL queries on the
benchmark dataset at two sizes, and a signed-in page at most 15: the speed of a page does not
depend on how much the platform holds. The data is the benchmark generator's own
(make_bench_data) at two small scales; the sizes that grow are members, meetings and
registrations, cases and reflections (the long thread too), practices, cycles and contributions.
The toolbox's pages are measured at two numbers of methods in tests/toolbox."""

from collections import defaultdict
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from bench.pages import MAX_SIGNED_IN_QUERIES, SIGNED_IN, WITH_SESSION, count_queries, find_urls
from leeratelier.ateliers.bench import bench_ateliers
from leeratelier.ateliers.models import ExpertMeetingPage, Registration
from leeratelier.cases.models import Reflection

from .ateliers.conftest import atelier_index, hidden_atelier, member, public_atelier
from .conftest import ensure_roots

SCALES = (0.002, 0.005)


def same_shape():
    """Both sizes get pages of the same shape, whatever the random generator drew at a small
    scale: the measured atelier has an upcoming meeting with limited seats (its page shows the
    seats left), which the measured member is registered for (the dashboard lists it)."""
    atelier = bench_ateliers().filter(visibility="public").order_by("path").first()
    meeting = ExpertMeetingPage.objects.child_of(atelier).order_by("path").first()
    start = timezone.now() + timedelta(days=7)
    ExpertMeetingPage.objects.filter(translation_key=meeting.translation_key).update(
        start=start, end=start + timedelta(hours=2), capacity=40
    )


@pytest.fixture
def measured(transactional_db, settings):
    settings.DEMO_CONTENT_ALLOWED = True
    settings.PAGE_CACHE_ENABLED = False  # measure the render, as the benchmark's probe does
    counts, sizes = defaultdict(list), []
    # What the migrations load and an earlier transactional test may have flushed.
    ensure_roots()
    import_module("leeratelier.core.migrations.0002_municipalities_and_outbox_schedule").load_municipalities(apps, None)
    for scale in SCALES:
        call_command("make_bench_data", scale=scale, stdout=open("/dev/null", "w"))
        with translation.override("nl"):
            same_shape()
            urls, member = find_urls()
        upcoming = ExpertMeetingPage.objects.upcoming().filter(capacity__isnull=False).first()
        Registration.objects.get_or_create(
            meeting_key=upcoming.translation_key, user=member, defaults={"status": Registration.Status.CONFIRMED}
        )
        sizes.append(Reflection.objects.count())
        anonymous, signed_in = Client(), Client()
        signed_in.force_login(member)
        for name, url in urls.items():
            client = signed_in if name in WITH_SESSION else anonymous
            cache.clear()
            client.get(url)  # the first request of a process fills the navigation cache
            counts[name].append(count_queries(client, url))
    return urls, counts, sizes


@pytest.mark.django_db(transaction=True)
def test_every_benchmark_page_makes_the_same_queries_at_two_sizes(measured):
    urls, counts, sizes = measured
    assert sizes[0] < sizes[1]
    assert len(urls) == 19, sorted(urls)  # every page of the benchmark, none skipped
    statuses = {name: [status for status, _ in results] for name, results in counts.items()}
    assert {name: found for name, found in statuses.items() if found != [200, 200]} == {}
    queries = {name: [number for _, number in results] for name, results in counts.items()}
    mismatched = {name: found for name, found in queries.items() if found[0] != found[1]}
    assert mismatched == {}, f"{mismatched} (all: {queries})"
    over = {name: found[1] for name, found in queries.items() if name in SIGNED_IN and found[1] > MAX_SIGNED_IN_QUERIES}
    assert over == {}, f"signed-in pages over {MAX_SIGNED_IN_QUERIES} queries"


# --- the search pages (issue 16): the All tab, the Cases tab and the thread opened at a reflection


def _search_world(atelier, member, cases, reflections_each, long_thread):
    """``cases`` cases of ``atelier``, each found through ``reflections_each`` reflections with
    the search word (not in the case itself), one of them with a ``long_thread``."""
    from leeratelier.cases import services as case_services
    from tests.hardening.conftest import CASE

    made = []
    for n in range(cases):
        case = case_services.post_case(atelier, member, **{**CASE, "title": f"Casus {n}"})
        count = long_thread if n == 0 else reflections_each
        for r in range(count):
            case_services.reflect(
                case,
                member,
                "question",
                f"Reflectie {r} over de zoekvraagwoord." if r == count - 1 else f"Reflectie {r}.",
            )
        made.append(case)
    return made


def test_the_search_pages_make_the_same_queries_at_two_sizes(client, public_atelier, member):
    from django.urls import reverse

    from bench.pages import count_queries
    from leeratelier.cases.models import Reflection
    from leeratelier.cases.views import REFLECTIONS_PER_PAGE

    client.force_login(member)
    counts = defaultdict(list)
    for cases, each, long_thread in ((12, 2, REFLECTIONS_PER_PAGE + 5), (30, 4, 3 * REFLECTIONS_PER_PAGE + 5)):
        made = _search_world(public_atelier, member, cases - len(counts["all"]) * 12, each, long_thread)
        with translation.override("nl"):
            search = reverse("search") + "?q=zoekvraagwoord"
            # The long thread's reflection with the word: on its last page (2, then 4).
            latest = Reflection.objects.get(case=made[0], body__contains="zoekvraagwoord")
            urls = {
                "all": search,
                "cases": search + "&tab=cases",
                "all, no hits": reverse("search") + "?q=xylofoonkwast",
                "thread at a reflection": reverse("cases:detail", args=[latest.case_id]) + f"?at={latest.pk}",
            }
        for name, url in urls.items():
            cache.clear()
            client.get(url)
            counts[name].append(count_queries(client, url))
    assert {
        name: [status for status, _ in found] for name, found in counts.items() if any(s != 200 for s, _ in found)
    } == {}
    queries = {name: [number for _, number in found] for name, found in counts.items()}
    assert {name: found for name, found in queries.items() if found[0] != found[1]} == {}, queries
