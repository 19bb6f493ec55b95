"""The re-render contract: every model that stores rendered Markdown is re-rendered by
`manage.py rerender_posts` after the sanitiser changes, with counts per model; a second run has
nothing left to do; and no model stores `*_html` next to a source field without being registered."""

import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from cycles import services as cycle_services
from cycles.models import CompassValue, Contribution, NarrativeReport, Phase, ValueScore
from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection
from leeratelier.core import rendering, sanitize
from leeratelier.core.rendering import MarkdownMixin
from leeratelier.toolbox.models import MethodExperience
from tests.ateliers.conftest import atelier_index, coordinator, hidden_atelier, member, public_atelier
from tests.cases.test_views import CASE
from tests.cycles.conftest import start

EVERY_KIND = {
    "cases.Case", "cases.Reflection", "cycles.Phase", "cycles.Contribution", "cycles.ValueScore",
    "cycles.NarrativeReport", "toolbox.MethodExperience", "notifications.Announcement",
}  # fmt: skip


def run(**options):
    out = StringIO()
    call_command("rerender_posts", stdout=out, **options)
    return out.getvalue()


def test_every_model_storing_rendered_markdown_is_registered():
    registered = {model._meta.label for model in rendering.stored_renderings()}
    assert registered == EVERY_KIND
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        pairs = {name[: -len("_html")] for name in names if name.endswith("_html")} & names
        if pairs:
            assert issubclass(model, MarkdownMixin), f"{model._meta.label} stores rendered Markdown unregistered"
            assert set(model.markdown_fields) == pairs, model._meta.label


@pytest.fixture
def one_of_each(hidden_atelier, member, coordinator):
    case = services.post_case(hidden_atelier, member, **CASE)
    Case.objects.filter(pk=case.pk).update(lesson_learned="Wat ik **leerde**", public_summary="Een _samenvatting_")
    case.refresh_from_db()
    case.render_sources()
    case.save()
    reflection = services.reflect(case, member, "question", "Wat **nu**?")
    cycle = start(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    phase = cycle.phases.get(status="open")
    Phase.objects.filter(pk=phase.pk).update(summary="De *samenvatting* van de fase")
    phase.refresh_from_db()
    phase.save()
    contribution = cycle_services.contribute(phase, member, kind="note", body="Een **bijdrage**")
    score = ValueScore.objects.create(
        loop=phase.loop,
        value=CompassValue.objects.filter(cycle=cycle).first(),
        participant=cycle.participants.get(user=member),
        score=4,
        comment="Goed *bezig*",
    )
    report = NarrativeReport.objects.create(
        atelier_key=hidden_atelier.translation_key,
        cycle=cycle,
        period_start=cycle.starts_on,
        period_end=cycle.ends_on,
        title="Verslag",
        intro="Een **inleiding**",
    )
    experience = MethodExperience.objects.create(method_key=uuid.uuid4(), author=member, text="Werkte *goed*")
    experience.render_sources()
    experience.save()
    from leeratelier.notifications.models import Announcement

    announcement = Announcement.objects.create(
        atelier_key=hidden_atelier.translation_key,
        title="Nieuws",
        body="Een **bericht**",
        sent_by=coordinator,
    )
    return [case, reflection, phase, contribution, score, report, experience, announcement]


def test_a_new_sanitiser_version_rerenders_every_kind(one_of_each, monkeypatch):
    rows = one_of_each
    assert {type(row)._meta.label for row in rows} == EVERY_KIND
    for row in rows:
        row.refresh_from_db()
        assert row.rendered_with == sanitize.SANITIZER_VERSION
    assert run().count(": 0 re-rendered") == len(EVERY_KIND)

    # A stale rendering in every kind: HTML an older, laxer sanitiser would have let through.
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(
            **{f"{name}_html": '<p onclick="x()">oud</p>' for name in row.markdown_fields}
        )
    monkeypatch.setattr(sanitize, "SANITIZER_VERSION", "next-version")

    output = run(batch_size=1)
    for label in EVERY_KIND:
        model = apps.get_model(label)
        total = model.objects.count()
        assert f"{label}: {total} re-rendered, 0 already current" in output
    for row in rows:
        fresh = type(row).objects.get(pk=row.pk)
        assert fresh.rendered_with == "next-version"
        for name in row.markdown_fields:
            html = getattr(fresh, f"{name}_html")
            assert "onclick" not in html
            assert html == sanitize.render_markdown(getattr(fresh, name) or "")
    assert Reflection.objects.get().body_html == "<p>Wat <strong>nu</strong>?</p>"
    assert Contribution.objects.get().body_html == "<p>Een <strong>bijdrage</strong></p>"

    assert run().count(": 0 re-rendered") == len(EVERY_KIND)


def test_rerendering_is_not_an_edit(one_of_each, monkeypatch):
    case = one_of_each[0]
    edited_at = Case.objects.get(pk=case.pk).edited_at
    monkeypatch.setattr(sanitize, "SANITIZER_VERSION", "next-version")
    run()
    assert Case.objects.get(pk=case.pk).edited_at == edited_at
