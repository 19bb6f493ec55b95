"""Mutated and obfuscated payloads through every Markdown field's real form and page: the case
(situation), a reflection, the retained lesson, the public summary, a cycle contribution and a
method experience. Each is posted through its URL; the stored HTML keeps the sanitiser's promise
(no script, no handler, no style, no unsafe URL) and is what the page prints, never the source."""

import random

import pytest
from django.urls import reverse
from django.utils import translation

from cycles import services as cycle_services
from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection
from leeratelier.core.once import new_token
from leeratelier.toolbox.models import MethodExperience
from tests.ateliers.conftest import atelier_index, coordinator, hidden_atelier, member, public_atelier
from tests.cases.test_views import CASE, form_data
from tests.core.test_sanitize import HOSTILE, MUTATION_XSS
from tests.cycles.conftest import start
from tests.form_tokens import token
from tests.hardening.test_sanitizer_properties import assert_keeps_its_promise
from tests.toolbox.conftest import method_index, methods

pytestmark = pytest.mark.django_db


def variants(limit):
    """Every known payload in one text, its case flipped, and a fuzzed copy (pieces cut, doubled and
    spliced), each cut to the field's length."""
    rng = random.Random(18)
    joined = "\n\n".join(HOSTILE + MUTATION_XSS)
    fuzzed = joined
    for _ in range(40):
        at = rng.randrange(len(fuzzed))
        operation = rng.choice(["cut", "double", "splice"])
        if operation == "cut":
            fuzzed = fuzzed[:at] + fuzzed[at + rng.randint(1, 8) :]
        elif operation == "double":
            fuzzed = fuzzed[:at] + fuzzed[at : at + rng.randint(1, 30)] + fuzzed[at:]
        else:
            fuzzed = fuzzed[:at] + rng.choice(HOSTILE) + fuzzed[at:]
    return [text[:limit] for text in (joined, joined.swapcase(), fuzzed)]


def assert_shown_safely(page, stored_html, source):
    assert_keeps_its_promise(stored_html)
    assert stored_html in page, "the page prints the stored, sanitised HTML"
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>"):
        if payload in source:
            assert payload not in page


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


def test_case_situation(client, hidden_atelier, member):
    client.force_login(member)
    for source in variants(Case._meta.get_field("situation").max_length):
        response = client.post(
            reverse("cases:new", args=[hidden_atelier.pk]), form_data(client, hidden_atelier, situation=source)
        )
        assert response.status_code == 302, "saved"
        case = Case.objects.latest("pk")
        assert case.situation, "saved"
        assert_shown_safely(
            client.get(reverse("cases:detail", args=[case.pk])).content.decode(), case.situation_html, source
        )


def test_reflection(client, case, member):
    client.force_login(member)
    for source in variants(Reflection._meta.get_field("body").max_length):
        client.post(
            reverse("cases:reflect", args=[case.pk]),
            {"form_token": new_token(), "kind": "question", "body": source},
        )
        reflection = Reflection.objects.latest("pk")
        assert_shown_safely(
            client.get(reverse("cases:detail", args=[case.pk])).content.decode(), reflection.body_html, source
        )


def test_retained_lesson_and_public_summary(client, case, member, coordinator):
    client.force_login(member)
    for source in variants(4000):
        client.post(
            reverse("cases:retain_lesson", args=[case.pk]), {"lesson_learned": source, "lesson_next_time": source}
        )
        case.refresh_from_db()
        assert case.lesson_learned, "saved"
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert_shown_safely(page, case.lesson_learned_html, source)
        assert_shown_safely(page, case.lesson_next_time_html, source)
    for source in variants(4000):
        Case.objects.filter(pk=case.pk).update(public_status=Case.PublicStatus.NONE)
        case.refresh_from_db()
        services.request_public_summary(case, member, source)
        services.approve_public_summary(Case.objects.get(pk=case.pk), coordinator)
        case.refresh_from_db()
        client.logout()
        page = client.get(reverse("cases:public_summary", args=[case.pk])).content.decode()
        assert_shown_safely(page, case.public_summary_html, source)
        client.force_login(member)


def test_cycle_contribution(client, hidden_atelier, coordinator, member):
    cycle = start(hidden_atelier, coordinator)
    cycle_services.join(cycle, member)
    phase = cycle.phases.get(status="open")
    client.force_login(member)
    url = reverse("cycles:phase", args=[phase.pk])
    for source in variants(8000):
        token = client.get(url).context["form"].initial["form_token"]
        assert client.post(url, {"kind": "note", "body": source, "form_token": token}).status_code == 302
        contribution = phase.contributions.latest("pk")
        assert_shown_safely(client.get(url).content.decode(), contribution.body_html, source)


def test_method_experience(client, methods, member):
    method = methods[0]
    client.force_login(member)
    with translation.override("nl"):
        url = reverse("toolbox:share_experience", args=[method.pk])
    for number, source in enumerate(variants(MethodExperience.MAX_LENGTH)):
        client.post(url, {"text": source, "form_token": token(f"form-{number}"), "atelier": ""})
        experience = MethodExperience.objects.latest("pk")
        assert experience.form_token == token(f"form-{number}"), "saved"
        assert_shown_safely(client.get(method.url).content.decode(), experience.text_html, source)
