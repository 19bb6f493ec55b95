"""The registry's demo step: the practices the magazine names, linked to the toolbox's demo
methods that exist, one practice in moderation; running it twice changes nothing.

A transactional test: wagtail-localize's translate() must run outside a transaction."""

import io

import pytest
from wagtail.models import WorkflowState

from leeratelier.core import demo as core_demo
from leeratelier.core import setup as core_setup
from leeratelier.core.models import Municipality
from leeratelier.core.sitesetup import SetupContext
from leeratelier.pioneers import demo
from leeratelier.pioneers.models import PracticeIndexPage, PracticePage, PracticeSubmission
from leeratelier.toolbox.models import MethodIndexPage, MethodPage
from tests.conftest import build_site_tree


@pytest.fixture
def demo_context(transactional_db):
    """The rows build_site_tree needs (a transactional test may find them flushed), the site
    tree, the demo's vocabulary and the municipalities the demo practices are in."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    home, _ = build_site_tree()
    for name in ("Hilversum", "Houten", "Lingewaard", "Nijmegen", "Arnhem", "Zeist", "Heerlen"):
        Municipality.objects.get_or_create(name=name)
    context = core_demo.DemoContext(out=io.StringIO(), credentials=[])
    core_setup.vocabulary(SetupContext(out=io.StringIO()))
    return home, context


def test_the_demo_practices_are_published_once_and_linked_to_existing_methods(demo_context):
    home, context = demo_context
    methods = MethodIndexPage(title="Methoden", slug="methoden")
    home.add_child(instance=methods)
    circle = MethodPage(title="Waardencirkel", slug="waardencirkel", summary="Waarden in vier stappen.")
    methods.add_child(instance=circle)
    circle.save_revision().publish()

    demo.practices(context)
    demo.practices(context)

    index = PracticeIndexPage.objects.get(locale__language_code="nl")
    assert PracticeIndexPage.objects.filter(locale__language_code="en").exists()
    live = PracticePage.objects.live().filter(locale__language_code="nl")
    assert live.count() == len(demo.PRACTICES)
    # Each in English too (wagtail-localize translations), once.
    english = PracticePage.objects.live().filter(locale__language_code="en")
    assert english.count() == len(demo.PRACTICES)
    hilversum_en = english.get(translation_key=live.get(slug="narratief-verantwoorden-hilversum").translation_key)
    assert hilversum_en.title == "Narrative accountability in welfare work"
    assert hilversum_en.what_works.startswith("Stories stay with policy makers")
    titles = set(live.values_list("title", flat=True))
    assert {
        "Narratief verantwoorden in het welzijnswerk",
        "Armoede signaleren, bespreken en doorbreken",
        "Statushouders en werk: co-creatie in Houten (CoSIE)",
    } <= titles
    hilversum = live.get(slug="narratief-verantwoorden-hilversum")
    assert hilversum.municipality.name == "Hilversum" and hilversum.maturity == "evaluated"
    # Only the method that exists is linked; the others are looked up again on a later run.
    assert list(hilversum.methods.all()) == [circle]
    assert list(circle.practices.live().filter(locale__language_code="nl").values_list("slug", flat=True)) == [
        "narratief-verantwoorden-hilversum"
    ]
    pending = PracticeSubmission.objects.get()
    assert not pending.page.live
    assert pending.page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert all(page.get_parent().pk == index.pk for page in PracticePage.objects.filter(locale__language_code="nl"))
