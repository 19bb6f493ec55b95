"""Fixtures for the registry: the registry page, a few methods, vocabulary, and a helper that
posts the sign-up form the way a browser without JavaScript does."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from PIL import Image

from leeratelier.core.factories import ThemeFactory, WerkplaatsFactory
from leeratelier.core.models import Municipality
from leeratelier.pioneers import forms as pioneer_forms
from leeratelier.pioneers.factories import PracticeIndexPageFactory
from leeratelier.toolbox.models import MethodIndexPage, MethodPage


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_fill_time(monkeypatch):
    """Tests post at machine speed; the minimum fill time has its own tests."""
    monkeypatch.setattr(pioneer_forms, "MIN_FILL_SECONDS", 0)


@pytest.fixture
def registry(home_page):
    return PracticeIndexPageFactory(parent=home_page)


@pytest.fixture
def methods(home_page):
    index = MethodIndexPage(title="Methoden", slug="methoden")
    home_page.add_child(instance=index)
    made = {}
    for slug, title in [("waardencirkel", "Waardencirkel"), ("effectencalculator", "Effectencalculator")]:
        method = MethodPage(title=title, slug=slug, summary=f"{title} in één zin.")
        index.add_child(instance=method)
        method.save_revision().publish()
        made[slug] = method
    return made


@pytest.fixture
def vocabulary(db):
    return {
        "theme": ThemeFactory(name="Armoede", slug="armoede"),
        "other_theme": ThemeFactory(name="Jongeren", slug="jongeren"),
        "werkplaats": WerkplaatsFactory(name="Werkplaats Sociaal Domein Arnhem Nijmegen", university="HAN"),
        "municipality": Municipality.objects.get_or_create(name="Lingewaard")[0],
        "other_municipality": Municipality.objects.get_or_create(name="Houten")[0],
    }


def png_bytes(size=(40, 30), colour=(200, 30, 30)):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def dutch_url(name, *args):
    with translation.override("nl"):
        return reverse(name, args=args)


def form_data(vocabulary, methods=None, **overrides):
    """What a person sends: every required field, two principles, ingredients, a link."""
    form = pioneer_forms.PracticeSubmissionForm()
    data = {
        "title": "Armoede signaleren, bespreken en doorbreken",
        "summary": "Bewoners, professionals, vrijwilligers en ambtenaren leren samen armoede te zien.",
        "organisation": "Gemeente Lingewaard",
        "municipality": vocabulary["municipality"].pk,
        "werkplaats": vocabulary["werkplaats"].pk,
        "themes": [vocabulary["theme"].pk],
        "target_group": "Inwoners met geldzorgen",
        "roles": ["citizen", "policy_maker"],
        "principle_narrative": "on",
        "narrative_how": "Bewoners vertellen hun verhaal in eigen woorden.",
        "principle_learning": "on",
        "learning_how": "Na elke bijeenkomst stellen we de handreiking bij.",
        "process_description": "Een reeks bijeenkomsten met **alle** betrokkenen.",
        "what_works": "Gelijkwaardigheid aan tafel.",
        "what_does_not_work": "Te grote groepen.",
        "ingredients": "Gelijkwaardigheid\n  - tijd om te luisteren.\ngelijkwaardigheid",
        "methods": [methods["waardencirkel"].pk] if methods else [],
        "link_1": "https://www.lingewaard.nl/armoede",
        "contact_name": "Anouk Peters",
        "contact_email": "anouk@example.org",
        "contact_phone": "",
        "consent": "on",
        "website": "",
        "started": form.initial["started"],
        "form_token": form.initial["form_token"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
