"""One form pattern for the whole site (leeratelier.core.forms): every form field renders through
templates/includes/forms/field.html (its wrapper carries the class ``form-field``), optional fields
are marked "(optional)", help and errors are linked to the input, and after a server-side error
the one error summary sits at the top of the form and the title starts with "Error: "."""

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cycles import services as cycle_services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from tests.ateliers.conftest import (
    atelier_index,
    coordinator,
    hidden_atelier,
    member,
    public_atelier,
)

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def controls_outside_the_field_template(html):
    """The form controls of the page's main content that are not inside a rendered field."""
    main = BeautifulSoup(html, "html.parser").find("main")
    strays = []
    for form in main.find_all("form"):
        for control in form.find_all(["input", "select", "textarea"]):
            if control.name == "input" and control.get("type") in ("hidden", "submit", "button"):
                continue
            if not control.find_parent(class_="form-field"):
                strays.append(str(control)[:120])
    return strays


@pytest.fixture
def form_pages(client, public_atelier, member, coordinator, atelier_index):
    """Every kind of form page, as the person who may use it: (who, url)."""
    today = timezone.localdate()
    meeting = ExpertMeetingPageFactory(parent=public_atelier, guests_allowed=True, capacity=20)
    cycle = cycle_services.start_cycle(
        public_atelier,
        coordinator,
        learning_question="Hoe leren we samen?",
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=60),
        values=[("Samen", "Bewoners denken mee.")],
        plan_goal="Doel.",
        plan_ends_on=today + timedelta(days=5),
    )
    cycle_services.join(cycle, member)
    phase = cycle.phases.get(status="open")
    return [
        (None, reverse("ateliers:register", args=[meeting.pk])),
        (None, reverse("pioneers:register")),
        (None, reverse("account_login")),
        (None, reverse("account_signup")),
        (None, atelier_index.url),
        (member, reverse("cases:new", args=[public_atelier.pk])),
        (member, reverse("cases:library", args=[public_atelier.pk])),
        (member, reverse("cycles:phase", args=[phase.pk])),
        (member, reverse("accounts:profile")),
        (member, reverse("notifications:preferences")),
        (coordinator, reverse("cycles:new", args=[public_atelier.pk])),
        (coordinator, reverse("notifications:announce", args=[public_atelier.pk])),
    ]


def test_every_form_page_renders_its_fields_through_the_one_field_template(client, form_pages):
    for who, url in form_pages:
        client.logout()
        if who:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="form-field' in html, url
        assert controls_outside_the_field_template(html) == [], url


def test_a_form_with_errors_has_the_summary_the_title_and_linked_errors(client, public_atelier):
    meeting = ExpertMeetingPageFactory(parent=public_atelier, guests_allowed=True, capacity=20)
    response = client.post(reverse("ateliers:register", args=[meeting.pk]), {"name": "", "email": "geen-adres"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.title.string.startswith("Error: ")
    summary = soup.select_one("[data-error-summary]")
    assert summary["tabindex"] == "-1" and summary.h2.get_text() == "There is a problem"
    # The summary is the first thing in the form, before any field.
    assert summary.find_next(class_="form-field") is not None and summary.find_previous(class_="form-field") is None
    for name in ("name", "email"):
        field = soup.select_one(f"main form [name={name}]")
        assert summary.select_one(f'a[href="#{field["id"]}"]'), name
        assert field["aria-invalid"] == "true"
        assert f"{field['id']}_error" in field["aria-describedby"].split()
        assert soup.find(id=f"{field['id']}_error") is not None


def test_optional_fields_are_marked_and_required_ones_are_not(client, member, public_atelier):
    client.force_login(member)
    soup = BeautifulSoup(client.get(reverse("cases:new", args=[public_atelier.pk])).content.decode(), "html.parser")
    assert "(optional)" not in soup.find("label", attrs={"for": "id_title"}).get_text()
    assert "(optional)" in soup.find("label", attrs={"for": "id_pseudonym"}).get_text()
    # A filter's fields may all stay empty: none is marked.
    library = client.get(reverse("cases:library", args=[public_atelier.pk])).content.decode()
    assert "(optional)" not in BeautifulSoup(library, "html.parser").find("form", class_="filter-form").get_text()


def test_no_template_writes_its_own_field_markup():
    """Labels with help and errors, error lists and summaries live in templates/includes/forms/."""
    own = TEMPLATES / "includes" / "forms"
    for template in TEMPLATES.rglob("*.html"):
        if own in template.parents:
            continue
        text = template.read_text()
        for marker in ('class="errorlist"', "_helptext", '_error"', 'form-errors" role="alert"'):
            assert marker not in text, f"{template.relative_to(TEMPLATES)} writes {marker} itself"
        assert "cases/includes/field.html" not in text and "includes/form_fields.html" not in text


def test_the_nl_catalogue_marks_optional_fields_one_way():
    po = (Path(settings.BASE_DIR) / "leeratelier/locale/nl/LC_MESSAGES/django.po").read_text()
    assert "niet verplicht" not in po
