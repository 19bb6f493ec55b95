"""The demo step gets running cycles with two loops in two ateliers, contributions of every
kind, value scores and a published report; running it again adds nothing.

The ateliers are built with the ateliers demo's own builders (the full ``load_demo`` also
translates pages, which needs a transaction of its own)."""

import io

from django.urls import reverse

from cycles.demo import CYCLES, learning_cycles
from cycles.models import Contribution, LearningCycle, NarrativeReport, ValueScore
from leeratelier.ateliers import demo as atelier_demo
from leeratelier.ateliers.factories import AtelierIndexPageFactory
from leeratelier.core.demo import DemoContext
from leeratelier.core.factories import ThemeFactory, WerkplaatsFactory


def test_the_demo_builds_cycles_once(client, home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    index = AtelierIndexPageFactory(parent=home_page)
    context = DemoContext(out=io.StringIO(), credentials=[])
    wanted = {spec["atelier"] for spec in CYCLES}
    for spec in atelier_demo.ATELIERS:
        if spec["title"] in wanted:
            WerkplaatsFactory(name=spec["werkplaats"], university=spec["werkplaats"])
            ThemeFactory(slug=spec["theme"], name=spec["theme"])
            atelier = atelier_demo.build_atelier(index, spec)
            atelier_demo.build_members(atelier, spec, context)
            atelier_demo.build_meetings(atelier, spec)
    learning_cycles(context)
    learning_cycles(context)
    cycles = list(LearningCycle.objects.all())
    assert len(cycles) == 2 and len({cycle.atelier_key for cycle in cycles}) == 2
    for cycle in cycles:
        assert cycle.loops.count() == 2 and not cycle.is_closed
        assert cycle.phases.get(status="open").kind == "plan"
        assert set(cycle.contributions.values_list("kind", flat=True)) == {k for k, _ in Contribution.Kind.choices}
        assert cycle.contributions.exclude(image="").exists() and cycle.contributions.exclude(audio="").exists()
        assert ValueScore.objects.filter(value__cycle=cycle).exists()
    assert NarrativeReport.objects.filter(status="published", visibility="public").count() == 2
    report = NarrativeReport.objects.first()
    assert report.snapshot["stories"] and report.snapshot["numbers"]["meetings"] == 2
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert "alleen voor de groep" not in body and "Dat gesprek was het begin" in body
