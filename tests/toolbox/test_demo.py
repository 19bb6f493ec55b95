"""The toolbox demo: the methods the field names (Effectencalculator, Waardencirkel, ethics map,
...), in Dutch with English translations, made once however often the demo runs."""

import io

import pytest

from leeratelier.core.demo import DemoContext
from leeratelier.toolbox import demo
from leeratelier.toolbox.models import MethodIndexPage, MethodPage


@pytest.mark.django_db(transaction=True)
def test_the_demo_builds_each_method_once_in_dutch_and_english(home_pages):
    context = DemoContext(out=io.StringIO(), credentials=[])
    demo.toolbox(context)
    demo.toolbox(context)  # idempotent

    dutch = MethodPage.objects.live().filter(locale__language_code="nl")
    english = MethodPage.objects.live().filter(locale__language_code="en")
    assert dutch.count() == english.count() == len(demo.METHODS) >= 12
    assert MethodIndexPage.objects.count() == 2
    slugs = set(dutch.values_list("slug", flat=True))
    assert {
        "effectencalculator",
        "waardencirkel",
        "ethisch-kompas",
        "deep-democracy",
        "visieleren",
        "storytelling",
        "narratief-verantwoorden",
        "cosie-roadmap",
        "instrumentwijzer",
        "most-significant-change",
        "outcome-harvesting",
        "social-return-on-investment",
        "veranderingstheorie",
        "photovoice",
    } <= slugs

    calculator = dutch.get(slug="effectencalculator")
    assert calculator.yields == "both" and "account" in calculator.purposes and calculator.steps
    assert {m.slug for m in calculator.related_methods.all()} == {
        "narratief-verantwoorden",
        "social-return-on-investment",
        "most-significant-change",
    }
    calculator_en = english.get(translation_key=calculator.translation_key)
    assert calculator_en.title == "Effect calculator" and calculator_en.slug == "effect-calculator"
    assert calculator_en.summary.startswith("Resident, professionals and volunteers")
    assert calculator_en.steps[0].value["title"] == "Choose a case and invite everyone"
    assert calculator_en.method_owner == "HAN" and calculator_en.yields == "both"
    assert not any(method.recognition for method in dutch)  # the demo claims no Movisie label
