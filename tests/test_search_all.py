"""The "All" tab of the site search, for every kind of reader (visitor, outsider, member, the
coordinator of another atelier, the coordinator, a site editor): it shows exactly what the
reader may see of every kind of result (pages, meetings, methods and experiences, practices,
cases and reflections, public case summaries, reports), never more; its count is the sum of the
tabs' counts and its results are the union of theirs. "Did you mean" suggests words of what the
reader may see only. Any query on any tab gives a normal page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cycles import reports as cycle_reports
from cycles.models import NarrativeReport
from home.factories import StandardPageFactory
from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import AtelierPage, Membership
from leeratelier.cases import services as case_services
from leeratelier.core.factories import UserFactory
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.toolbox.factories import MethodExperienceFactory, MethodIndexPageFactory, MethodPageFactory
from search import tabs as search_tabs
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    editor,
    hidden_atelier,
    member,
    outsider,
    public_atelier,
)
from tests.hardening.conftest import CASE
from tests.test_search import HOSTILE_QUERIES

WORD = "kompasvraag"
READERS = ("visitor", "outsider", "member", "other_coordinator", "coordinator", "editor")


@pytest.fixture
def world(home_page, public_atelier, hidden_atelier, atelier_index, member, coordinator, outsider, editor):
    """One thing of every kind with WORD in it, public and private, and the expected readers."""
    other = AtelierPageFactory(parent=atelier_index, title="Ander atelier", visibility=AtelierPage.Visibility.HIDDEN)
    other_coordinator = UserFactory(username="other-coordinator")
    MembershipFactory(atelier=other, user=other_coordinator, role=Membership.Role.COORDINATOR)
    people = {
        "visitor": None,
        "outsider": outsider,
        "member": member,
        "other_coordinator": other_coordinator,
        "coordinator": coordinator,
        "editor": editor,
    }
    everyone, signed_in = set(READERS), set(READERS) - {"visitor"}
    insiders = {"member", "coordinator"}
    expected = {}

    page = StandardPageFactory(parent=home_page, title=f"Over de {WORD}", intro="Een pagina.")
    expected[page.url] = everyone
    meeting = ExpertMeetingPageFactory(parent=public_atelier, title=f"Bijeenkomst {WORD}")
    expected[meeting.url] = everyone
    secret_meeting = ExpertMeetingPageFactory(parent=hidden_atelier, title=f"Geheime {WORD}")
    expected[secret_meeting.url] = insiders | {"editor"}  # editors edit every page
    methods = MethodIndexPageFactory(parent=home_page)
    method = MethodPageFactory(parent=methods, title=f"Methode {WORD}", slug="methode")
    expected[method.url] = everyone
    circle = MethodPageFactory(parent=methods, title="Waardencirkel", slug="wc")
    experience = MethodExperienceFactory(method=circle, author=member, text=f"De {WORD} hielp ons.")
    expected[f"{circle.url}#experience-{experience.pk}"] = everyone
    hidden_experience = MethodExperienceFactory(method=method, author=member, text=f"Verborgen {WORD}.")
    hidden_experience.hidden_at = timezone.now()
    hidden_experience.save()
    registry = PracticeIndexPageFactory(parent=home_page)
    practice = PracticePageFactory(parent=registry, title=f"Praktijk {WORD}")
    expected[practice.url] = everyone

    secret_case = case_services.post_case(hidden_atelier, member, **{**CASE, "title": f"Casus over {WORD}"})
    expected[f"/nl/case/{secret_case.pk}/"] = insiders
    open_case = case_services.post_case(public_atelier, member, **{**CASE, "visibility": "members"})
    reflection = case_services.reflect(open_case, coordinator, "theory", f"Denk aan de {WORD}.")
    expected[f"/nl/case/{open_case.pk}/?at={reflection.pk}#reflection-{reflection.pk}"] = signed_in
    removed_case = case_services.post_case(hidden_atelier, member, **{**CASE, "title": f"Weg {WORD}"})
    case_services.remove_case(removed_case, member)
    summary_case = case_services.post_case(hidden_atelier, member, **CASE)
    case_services.request_public_summary(summary_case, member, f"Wat we leerden over de {WORD}.")
    case_services.approve_public_summary(summary_case, coordinator)
    expected[reverse("cases:public_summary", args=[summary_case.pk])] = everyone

    today = timezone.localdate()
    common = dict(
        atelier_key=hidden_atelier.translation_key,
        period_start=today - timedelta(days=30),
        period_end=today,
        created_by=coordinator,
    )
    for title, visibility, readers in (
        (f"Openbare {WORD}", "public", everyone),
        (f"Besloten {WORD}", "private", insiders),
    ):
        report = NarrativeReport.objects.create(title=title, intro="Verslag.", visibility=visibility, **common)
        report = cycle_reports.publish(report, coordinator)
        expected[reverse("cycles:report", args=[report.pk])] = readers
    NarrativeReport.objects.create(title=f"Concept {WORD}", visibility="public", **common)  # a draft: nobody
    return people, expected


def search(client, **params):
    with translation.override("nl"):
        response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


def urls(response):
    return [result["url"] for result in response.context["results"] or []]


def all_urls(client, **params):
    """The results of every page of a search."""
    found, number = [], 1
    while True:
        response = search(client, page=number, **params)
        found += urls(response)
        if not response.context["page_obj"].has_next():
            return found, response
        number += 1


def test_the_all_tab_shows_each_reader_exactly_what_they_may_see(client, world):
    people, expected = world
    for reader in READERS:
        client.logout()
        if people[reader] is not None:
            client.force_login(people[reader])
        shown, response = all_urls(client, q=WORD)
        assert response.context["active_tab"].slug == search_tabs.ALL
        allowed = {url for url, readers in expected.items() if reader in readers}
        assert sorted(shown) == sorted(allowed), reader
        assert len(shown) == len(set(shown)), f"{reader}: a result twice"

        # The counts beside the tabs: the All tab's is the sum of the others', each the number
        # of results its tab shows; together the tabs show what the All tab shows.
        counts = {tab.slug: count for tab, count in response.context["tab_counts"]}
        assert counts[search_tabs.ALL] == len(shown) == sum(n for slug, n in counts.items() if slug != search_tabs.ALL)
        in_tabs = []
        for slug, count in counts.items():
            if slug == search_tabs.ALL:
                continue
            tab_urls, _ = all_urls(client, q=WORD, tab=slug)
            assert len(tab_urls) == count, f"{reader}, tab {slug}"
            in_tabs += tab_urls
        assert sorted(in_tabs) == sorted(shown), reader
        content = response.content.decode()
        assert f"({counts[search_tabs.ALL]}" in content


def test_each_kind_lands_in_its_tab(client, world):
    people, expected = world
    client.force_login(people["member"])
    by_tab = {slug: urls(search(client, q=WORD, tab=slug)) for slug in ("cases", "methods", "reports", "meetings")}
    assert any("/case/" in url for url in by_tab["cases"]) and any("/cases/summary/" in url for url in by_tab["cases"])
    assert any("#experience-" in url for url in by_tab["methods"])
    assert len(by_tab["reports"]) == 2
    assert len(by_tab["meetings"]) == 2


def test_the_header_box_lands_on_the_all_tab(client, home_page):
    content = client.get("/nl/").content.decode()
    assert (
        'action="/nl/search/"' in content
        and 'name="tab"' not in content.split('class="header-search"')[1].split("</form>")[0]
    )


class TestDidYouMean:
    def test_a_misspelt_word_suggests_the_word_of_a_title(self, client, public_atelier):
        response = search(client, q="armode")
        assert response.context["suggestion"] == "armoede"
        assert 'href="?q=armoede"' in response.content.decode()

    def test_a_theme_name_is_vocabulary_too(self, client, home_page):
        from leeratelier.core.factories import ThemeFactory

        ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
        assert search(client, q="eenzaamhied").context["suggestion"] == "eenzaamheid"

    def test_a_query_that_finds_something_gets_no_suggestion(self, client, public_atelier):
        assert search(client, q="armoede").context["suggestion"] == ""

    def test_no_word_of_a_hidden_atelier_is_suggested_to_who_may_not_see_it(
        self, client, hidden_atelier, outsider, member
    ):
        client.force_login(outsider)
        assert search(client, q="jongerenateliir").context["suggestion"] == ""
        client.force_login(member)
        assert search(client, q="jongerenateliir").context["suggestion"] == "jongerenatelier"


TABS = [search_tabs.ALL, "pages", "meetings", "methods", "practices", "cases", "reports"]


def test_every_tab_is_registered():
    assert sorted(tab.slug for tab in search_tabs.tabs()) == sorted(TABS)


@pytest.mark.parametrize("tab", TABS)
def test_any_query_on_any_tab_gives_a_normal_page(client, world, tab):
    people, _ = world
    for reader in ("visitor", "member"):
        if people[reader] is not None:
            client.force_login(people[reader])
        for query in HOSTILE_QUERIES + [f"{WORD} ' OR 1=1; --", f'"{WORD}" & !{WORD} | ({WORD}:*)', "x" * 10_000]:
            response = search(client, q=query, tab=tab)
            assert "<h1>" in response.content.decode()
            assert response.context["active_tab"].slug == tab
    # Still found afterwards: nothing was changed by any query.
    assert search(client, q=WORD, tab=search_tabs.ALL).context["page_obj"].paginator.count > 0
