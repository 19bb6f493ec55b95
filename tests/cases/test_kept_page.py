"""The case page is kept per reader for a while (leeratelier.cases.kept): the same reader reading
the page again gets it without the case or its thread being read, and any change to what the page
shows is there at once for that reader, as for everyone else: a new reflection, a helpful mark,
an attachment, a meeting linked, a similar case opened, a method named, a new role, a hidden
case, a renamed similar case, the atelier unpublished. A reader's page never reaches another
reader, a reader who lost access gets no kept page, the forms carry the session's own token, and
pages that depend on more than the generations say (a reflection a search led to, a mention)
are never kept."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import chain, kept, moderation, services
from leeratelier.cases.models import Attachment
from leeratelier.core import fragments, generations
from leeratelier.core.factories import UserFactory
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory
from leeratelier.toolbox.models import MethodPage

from .test_fragments import CASE

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        cache.clear()
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def reader(hidden_atelier):
    user = UserFactory(username="reader", first_name="Anna", last_name="Lezer")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def read(client, user, case, query=""):
    """The page as ``user`` reads it, and whether it was kept: a kept page is served without
    reading the case's thread."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:detail", args=[case.pk]) + query)
    assert response.status_code == 200
    was_kept = not any("cases_reflection" in query["sql"] for query in queries.captured_queries)
    return response.content.decode(), was_kept


def test_the_same_reader_gets_the_kept_page_and_another_reader_their_own(client, case, reader, colleague):
    services.reflect(case, colleague, "question", "Wat zegt het gezin zelf?")
    first, was_kept = read(client, reader, case)
    assert not was_kept and "Wat zegt het gezin zelf?" in first
    again, was_kept = read(client, reader, case)
    assert was_kept and "Wat zegt het gezin zelf?" in again
    assert re.sub(r'value="[^"]{64}"', "", again) == re.sub(r'value="[^"]{64}"', "", first)
    # The author of the reflection gets their own page (with the edit box), not the reader's.
    own, was_kept = read(client, colleague, case)
    assert not was_kept and "Wat zegt het gezin zelf?</textarea>" in own
    assert "Wat zegt het gezin zelf?</textarea>" not in read(client, reader, case)[0]


def test_the_page_of_the_thread_is_part_of_the_key(client, case, reader, colleague, monkeypatch):
    monkeypatch.setattr("leeratelier.cases.views.REFLECTIONS_PER_PAGE", 1)
    services.reflect(case, colleague, "question", "Eerste reflectie")
    services.reflect(case, colleague, "question", "Tweede reflectie")
    assert "Eerste reflectie" in read(client, reader, case)[0]
    second, was_kept = read(client, reader, case, "?page=2")
    assert not was_kept and "Tweede reflectie" in second and "Eerste reflectie" not in second
    assert read(client, reader, case, "?page=2")[1]


def _reflection(case, people):
    services.reflect(case, people["colleague"], "question", "Een nieuwe reflectie")
    return "Een nieuwe reflectie"


def _helpful(case, people):
    reflection = case.reflections.get()
    services.mark_helpful(reflection, people["member"])
    return "reflection--helpful"


def _attachment(case, people):
    upload = SimpleUploadedFile("schema.png", PNG, content_type="image/png")
    services.add_attachment(case, people["member"], upload, Attachment.Kind.IMAGE, "schema.png", alt_text="Het schema")
    return "Het schema"


def _meeting(case, people):
    services.link_meeting(case, people["coordinator"], people["meeting"])
    return people["meeting"].title


def _opened(case, people):
    chain.record_opened(people["request"](people["colleague"]), people["other"], str(case.pk))
    return "1 similar case opened"


def _method(case, people):
    case.methods.add(people["method"])
    return "De keukentafel"


def _coordinator(case, people):
    membership = Membership.objects.get(user=people["reader"], atelier_key=case.atelier_key)
    membership.role = Membership.Role.COORDINATOR
    membership.save()
    return "Hide this post"


def _hidden(case, people):
    moderation.hide(case, people["coordinator"], "Te herkenbaar")
    return "This case has been hidden by a coordinator."


def _similar_renamed(case, people):
    services.edit_case(people["other"], people["colleague"], title="Budgetcoach in de wijk")
    return "Budgetcoach in de wijk"


def _atelier_unpublished(case, people):
    people["atelier"].unpublish()
    return None  # the link back to the atelier goes


CHANGES = {
    "a new reflection": _reflection,
    "a helpful mark": _helpful,
    "an attachment": _attachment,
    "a meeting linked": _meeting,
    "a similar case opened": _opened,
    "a method named": _method,
    "the reader made coordinator": _coordinator,
    "the case hidden": _hidden,
    "a similar case renamed": _similar_renamed,
    "the atelier unpublished": _atelier_unpublished,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_reaches_the_reader_who_has_the_page_kept(
    client, rf, change, case, reader, colleague, member, coordinator, hidden_atelier, hidden_meeting, home_page
):
    services.reflect(case, colleague, "question", "De eerste reflectie")
    # What a change refers to is there before the page is read and kept.
    other = services.post_case(hidden_atelier, colleague, **{**CASE, "title": "Budgetcoach elders"})
    method = MethodPageFactory(parent=MethodIndexPageFactory(parent=home_page), title="De keukentafel")
    first, _ = read(client, reader, case)
    assert "Budgetcoach elders" in first, "the other case is in the similar-cases panel"
    assert read(client, reader, case)[1], "the page is kept before the change"

    def request_of(user):
        request = rf.get("/")
        request.user = user
        return request

    people = {
        "other": other,
        "method": MethodPage.objects.get(pk=method.pk),
        "client": client,
        "reader": reader,
        "colleague": colleague,
        "member": member,
        "coordinator": coordinator,
        "atelier": hidden_atelier,
        "meeting": hidden_meeting,
        "home": home_page,
        "request": request_of,
    }
    shown = CHANGES[change](case, people)
    after, was_kept = read(client, reader, case)
    assert not was_kept, change
    if shown is None:
        assert "Back to the atelier" in first and "Back to the atelier" not in after
    else:
        assert shown in after, change


def test_a_reader_who_left_gets_no_kept_page(client, case, reader):
    read(client, reader, case)
    atelier_services.leave(Membership.objects.get(user=reader, atelier_key=case.atelier_key))
    client.force_login(reader)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404 and CASE["title"] not in response.content.decode()


def test_the_forms_of_a_kept_page_carry_the_new_sessions_token(case, reader):
    """Signed out and in again (a new session, a new CSRF secret), the reader gets the kept page
    with the new session's token, and a form posted from it is accepted."""
    browser = Client(enforce_csrf_checks=True)
    read(browser, reader, case)
    browser.logout()
    html, was_kept = read(browser, reader, case)
    assert was_kept
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and fragments.csrf_placeholder() not in html
    form = re.search(rf'<form[^>]*action="{reverse("cases:reflect", args=[case.pk])}".*?</form>', html, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))
    fields.update(kind="question", body="Na opnieuw inloggen")
    response = browser.post(reverse("cases:reflect", args=[case.pk]), fields)
    assert response.status_code == 302
    assert case.reflections.filter(body="Na opnieuw inloggen").exists()


def test_pages_that_depend_on_more_are_never_kept(client, case, reader, colleague):
    reflection = services.reflect(case, colleague, "question", "Een reflectie")
    read(client, reader, case, f"?at={reflection.pk}")
    assert not read(client, reader, case, f"?at={reflection.pk}")[1]
    read(client, reader, case, f"?reply_to={reflection.pk}")
    assert not read(client, reader, case, f"?reply_to={reflection.pk}")[1]
    services.reflect(case, colleague, "question", "Wat vind jij, @Anna Lezer?")
    read(client, reader, case)
    assert not read(client, reader, case)[1], "a page with a mention is rendered afresh"


def test_a_kept_page_turns_stale_by_itself(client, case, reader, monkeypatch):
    read(client, reader, case)
    later = timezone.now() + timezone.timedelta(seconds=kept.SECONDS + 1)
    monkeypatch.setattr(generations.timezone, "now", lambda: later)
    assert not read(client, reader, case)[1]


def test_what_is_kept_holds_no_token_of_the_session_that_rendered_it(client, case, reader, colleague):
    services.reflect(case, colleague, "question", "Een reflectie")
    read(client, reader, case)
    names = [name.removeprefix(":1:") for name in cache._cache if name.startswith(":1:case-page:")]  # locmem
    assert len(names) == 1
    _stamp, _stale_at, main = cache.get(names[0])
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', main["main_html"]))
    assert tokens == {fragments.csrf_placeholder()}


def test_two_tabs_of_a_kept_page_post_two_reflections(case, reader):
    """Each reading of the page hands out its own one-time token (core.once.renew), as a page
    rendered anew does: a reflection sent from a second tab is not taken for a double submit of
    the first and dropped."""
    browser = Client()
    read(browser, reader, case)
    tabs = [read(browser, reader, case) for _ in range(2)]
    assert all(was_kept for _html, was_kept in tabs)
    action = reverse("cases:reflect", args=[case.pk])
    tokens = []
    for html, _was_kept in tabs:
        form = re.search(rf'<form[^>]*action="{action}".*?</form>', html, re.S).group(0)
        tokens.append(re.search(r'name="form_token" value="([^"]+)"', form).group(1))
    assert tokens[0] != tokens[1]
    for number, token in enumerate(tokens):
        response = browser.post(action, {"form_token": token, "kind": "question", "body": f"Vanuit tabblad {number}"})
        assert response.status_code == 302
    assert set(case.reflections.values_list("body", flat=True)) == {"Vanuit tabblad 0", "Vanuit tabblad 1"}
