"""Query counts that do not grow with the number of loops and contributions: the cycle page, a
phase page, the values compass and a report, each measured at two sizes, as their first reader
makes them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.cases import services as case_services
from leeratelier.core import generations
from leeratelier.core.once import new_token

from .conftest import contribute, current_phase, start


def grow(cycle, coordinator, member, hidden_atelier, loops, per_phase):
    """``loops`` full loops with ``per_phase`` contributions of mixed kinds in each phase and
    value scores at every reflect."""
    meeting = ExpertMeetingPageFactory(parent=hidden_atelier)
    case = case_services.post_case(
        hidden_atelier,
        member,
        title="Casus",
        situation="S",
        question="V",
        done_so_far="",
        roles=[],
        tracks=[],
        anonymised_confirmed=True,
    )
    values = list(cycle.values.all())
    for number in range(loops):
        for kind in ("plan", "do", "reflect"):
            phase = current_phase(cycle)
            for n in range(per_phase):
                if n % 3 == 0:
                    contribute(cycle, member, kind="story", body=f"Verhaal {n}", shareable=True)
                elif n % 3 == 1:
                    contribute(
                        cycle, member, kind="link", body="", case_id=case.pk, meeting_key=meeting.translation_key
                    )
                else:
                    contribute(
                        cycle,
                        member,
                        kind="indicator",
                        body="",
                        indicator_name="Bereik",
                        indicator_value=n,
                        indicator_unit="mensen",
                        indicator_date=phase.loop.created_at.date(),
                    )
            if kind == "reflect":
                services.score_values(phase.loop, member, {value: (3, "") for value in values})
            if number < loops - 1 or kind != "reflect":
                services.advance(cycle, phase.pk, coordinator)
    return cycle


def count(client, url):
    """The queries of ``url`` as its first reader makes them: nothing kept for the reader (a kept
    page, core.generations, would hide a growing count)."""
    generations.bump_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow(client, hidden_atelier, coordinator, member):
    small = start(hidden_atelier, coordinator)
    services.join(small, member)
    grow(small, coordinator, member, hidden_atelier, loops=1, per_phase=3)
    large = start(hidden_atelier, coordinator, learning_question="Groot")
    services.join(large, member)
    grow(large, coordinator, member, hidden_atelier, loops=3, per_phase=12)
    assert large.loops.count() == 3 and large.contributions.count() == 108

    client.force_login(member)
    pages = {
        "cycle page": lambda c: reverse("cycles:cycle", args=[c.pk]),
        "phase page": lambda c: reverse("cycles:phase", args=[c.phases.get(loop__number=1, kind="do").pk]),
        "values compass": lambda c: reverse("cycles:compass", args=[c.pk]),
    }
    for name, url in pages.items():
        count(client, url(small))  # warm caches (content types, locales)
        small_count, large_count = count(client, url(small)), count(client, url(large))
        assert small_count == large_count, name

    client.force_login(coordinator)
    counts = []
    for cycle in (small, large):
        client.post(
            reverse("cycles:new_cycle_report", args=[cycle.pk]),
            {
                "title": "Verslag",
                "form_token": new_token(),
                "period_start": cycle.starts_on.isoformat(),
                "period_end": cycle.ends_on.isoformat(),
                "visibility": "public",
            },
        )
        report = cycle.reports.get()
        stories = [f"contribution:{pk}" for pk in cycle.contributions.filter(kind="story").values_list("pk", flat=True)]
        client.post(
            reverse("cycles:report_edit", args=[report.pk]),
            {
                "items": ["contributions", "compass", "indicator:Bereik", *stories],
                "then": "publish",
            },
        )
        report.refresh_from_db()
        assert report.is_published
        count(client, reverse("cycles:report", args=[report.pk]))
        counts.append(count(client, reverse("cycles:report", args=[report.pk])))
    assert counts[0] == counts[1]
