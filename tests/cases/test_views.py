"""The case form and the case page with its thread: who gets in, the privacy warning before
saving, the thread's actions, hostile Markdown and a query count that does not grow."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.models import Case, PostRevision, Reflection
from leeratelier.core.factories import UserFactory
from leeratelier.core.once import new_token

CASE = {
    "title": "Een moeder met schulden en drie banen",
    "situation": "Een alleenstaande moeder werkt in drie banen en heeft toch **schulden**.",
    "question": "Hoe bespreek je armoede zonder dat het beschamend voelt?",
    "done_so_far": "Een keukentafelgesprek met de buurtcoach.",
    "roles": ["citizen", "social_worker"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}


@pytest.fixture(autouse=True)
def english():
    """The pages in English (/en/ URLs), so the assertions hold whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def detail(case):
    return reverse("cases:detail", args=[case.pk])


def form_data(client, atelier, **changes):
    response = client.get(reverse("cases:new", args=[atelier.pk]))
    assert response.status_code == 200
    data = {
        "title": CASE["title"],
        "situation": CASE["situation"],
        "question": CASE["question"],
        "done_so_far": CASE["done_so_far"],
        "roles": ["citizen"],
        "tracks": ["meaning"],
        "visibility": "atelier",
        "anonymised_confirmed": "on",
        "form_token": response.context["form"].initial["form_token"],
    }
    data.update(changes)
    return data


def reflect(client, case, **data):
    """Post a reflection the way the page does: with a fresh one-time form token."""
    return client.post(reverse("cases:reflect", args=[case.pk]), {"form_token": new_token(), **data})


# --- who gets in --------------------------------------------------------------------------------


def test_non_member_gets_a_404_that_names_nothing(client, case, outsider, hidden_atelier):
    client.force_login(outsider)
    response = client.get(detail(case))
    assert response.status_code == 404
    assert CASE["title"] not in response.content.decode()
    assert client.get(reverse("cases:new", args=[hidden_atelier.pk])).status_code == 404
    assert client.post(reverse("cases:reflect", args=[case.pk]), {"kind": "question", "body": "Hoi"}).status_code == 404
    assert not Reflection.objects.exists()


def test_visitor_is_sent_to_login(client, case, public_atelier):
    for url in (detail(case), reverse("cases:new", args=[public_atelier.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_member_of_another_atelier_cannot_post_here(client, public_atelier, hidden_atelier):
    other = UserFactory(username="other")
    MembershipFactory(atelier=public_atelier, user=other)
    client.force_login(other)
    assert client.get(reverse("cases:new", args=[hidden_atelier.pk])).status_code == 404


# --- posting a case -----------------------------------------------------------------------------


def test_member_posts_a_case_once(client, member, hidden_atelier):
    client.force_login(member)
    data = form_data(client, hidden_atelier)
    url = reverse("cases:new", args=[hidden_atelier.pk])
    response = client.post(url, data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert case.author == member and case.roles == ["citizen"] and case.anonymised_confirmed
    # The same form sent again (a double click, a reload) creates nothing new.
    again = client.post(url, data)
    assert again.status_code == 302 and again["Location"] == detail(case)
    assert Case.objects.count() == 1
    page = client.get(detail(case)).content.decode()
    assert "<strong>schulden</strong>" in page and "**schulden**" not in page


def test_form_errors_save_nothing(client, member, hidden_atelier):
    client.force_login(member)
    data = form_data(client, hidden_atelier, title="", anonymised_confirmed="", situation="x" * 10001)
    response = client.post(reverse("cases:new", args=[hidden_atelier.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "anonymised_confirmed", "situation"} <= set(form.errors)
    assert not Case.objects.exists()


def test_phone_number_warns_and_saves_nothing_until_confirmed(client, member, hidden_atelier):
    client.force_login(member)
    url = reverse("cases:new", args=[hidden_atelier.pk])
    data = form_data(client, hidden_atelier, situation="Bel haar op 06-12345678 als het misgaat.")
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "a phone number" in body and "06-1234••••" in body and "06-12345678</code>" not in body
    assert "I checked: this is not about an identifiable person" in body
    assert not Case.objects.exists()
    # Ticking the box without having seen the warning for these findings is not enough.
    response = client.post(url, {**data, "not_identifiable": "on"})
    assert response.status_code == 200 and not Case.objects.exists()
    confirmed = {
        **data,
        "not_identifiable": "on",
        "checked_findings": response.context["form"]["checked_findings"].value(),
    }
    response = client.post(url, confirmed)
    assert response.status_code == 302
    assert Case.objects.count() == 1


# --- the thread ---------------------------------------------------------------------------------


def test_reflect_reply_and_quote(client, case, colleague):
    client.force_login(colleague)
    response = reflect(client, case, kind="question", body="Eerste regel\n\nTweede alinea")
    assert response.status_code == 302
    first = Reflection.objects.get()
    assert first.author == colleague
    page = client.get(detail(case) + f"?reply_to={first.pk}")
    assert f'name="reply_to" value="{first.pk}"' in page.content.decode()
    reflect(client, case, kind="experience", body="Mijn antwoord", reply_to=first.pk)
    reflect(client, case, kind="theory", body="Citaat erbij", quotes=first.pk)
    reply = Reflection.objects.get(body="Mijn antwoord")
    quote = Reflection.objects.get(body="Citaat erbij")
    assert reply.reply_to == first and quote.quotes == first
    body = client.get(detail(case)).content.decode()
    assert "reflection--depth-1" in body and f'id="reflection-{reply.pk}"' in body
    assert '<blockquote class="reflection__quote"><p>Eerste regel</p></blockquote>' in body
    assert "Experience from my own practice" in body
    case.refresh_from_db()
    assert case.stage == Case.Stage.REFLECTING


def test_double_submit_of_a_reflection_makes_one(client, case, colleague):
    client.force_login(colleague)
    data = {"kind": "question", "body": "Twee keer geklikt", "form_token": new_token()}
    first = client.post(reverse("cases:reflect", args=[case.pk]), data)
    second = client.post(reverse("cases:reflect", args=[case.pk]), data)
    assert Reflection.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_invalid_reflection_redisplays_with_the_text_and_saves_nothing(client, case, colleague):
    client.force_login(colleague)
    response = reflect(client, case, kind="", body="Mijn getypte tekst")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mijn getypte tekst" in body and "This field is required." in body
    assert reflect(client, case, kind="question", body="x" * 8001).status_code == 400
    assert not Reflection.objects.exists()


def test_only_the_case_author_marks_helpful(client, case, member, colleague):
    reflection = services.reflect(case, colleague, "question", "Wat zegt ze zelf?")
    url = reverse("cases:helpful", args=[reflection.pk])
    client.force_login(colleague)
    client.post(url, {"helpful": "1"})
    reflection.refresh_from_db()
    assert not reflection.helpful
    assert "Mark as helpful" not in client.get(detail(case)).content.decode()
    client.force_login(member)
    client.post(url, {"helpful": "1"})
    reflection.refresh_from_db()
    assert reflection.helpful


class _Attributes(HTMLParser):
    """Every attribute of every element in a page: what a browser would act on."""

    def __init__(self):
        super().__init__()
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def test_hostile_markdown_renders_harmless(client, case, member, colleague):
    services.reflect(case, colleague, "question", "<img src=x onerror=alert(1)> en [x](javascript:alert(1))")
    for reader in (member, colleague):  # the author's page also holds the source, escaped, to edit
        client.force_login(reader)
        parser = _Attributes()
        parser.feed(client.get(detail(case)).content.decode())
        assert not [a for a in parser.attributes if a[1].startswith("on")]
        assert not [a for a in parser.attributes if a[1] in ("href", "src") and "javascript:" in a[2].lower()]
        assert not [a for a in parser.attributes if a[0] == "img"]


def test_edit_shows_edited_and_keeps_a_revision(client, case, colleague):
    reflection = services.reflect(case, colleague, "question", "Oude tekst")
    client.force_login(colleague)
    response = client.post(reverse("cases:edit_reflection", args=[reflection.pk]), {"body": "Nieuwe tekst"})
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.body == "Nieuwe tekst"
    assert PostRevision.objects.get(reflection=reflection).content == {"body": "Oude tekst"}
    body = client.get(detail(case)).content.decode()
    assert "edited" in body and "Nieuwe tekst" in body


def test_author_edits_the_case_with_history_and_the_privacy_check(client, case, member, colleague):
    url = reverse("cases:edit", args=[case.pk])
    data = {"title": "Nieuwe titel", "situation": "Bel 06-12345678", "question": CASE["question"], "done_so_far": ""}
    client.force_login(colleague)
    client.post(url, data)
    case.refresh_from_db()
    assert case.title == CASE["title"]  # only the author edits
    client.force_login(member)
    response = client.post(url, data)
    assert response.status_code == 200 and "a phone number" in response.content.decode()
    case.refresh_from_db()
    assert case.title == CASE["title"]
    response = client.post(url, {**data, "situation": "Zonder nummer"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Nieuwe titel" and case.edited_at
    assert PostRevision.objects.get(case=case).content["title"] == CASE["title"]
    assert 'class="edited-marker"' in client.get(detail(case)).content.decode()


def test_removed_case_shows_the_placeholder_and_keeps_the_thread(client, case, member, colleague):
    services.reflect(case, colleague, "question", "Blijft leesbaar")
    client.force_login(member)
    client.post(reverse("cases:remove", args=[case.pk]))
    body = client.get(detail(case)).content.decode()
    assert "The author removed this case." in body and CASE["title"] not in body and "Blijft leesbaar" in body


def test_former_member_and_similar_cases_panel(client, case, hidden_atelier, member, colleague, public_atelier):
    other = services.post_case(hidden_atelier, colleague, **{**CASE, "title": "Schulden en schaamte bij een moeder"})
    elsewhere = services.post_case(public_atelier, member, **CASE)  # an atelier the colleague is not in
    Case.objects.filter(pk=case.pk).update(author=None)
    client.force_login(colleague)
    body = client.get(detail(case)).content.decode()
    assert "former member" in body
    assert f'href="{hidden_atelier.url}"' in body
    assert "Similar cases" in body and detail(other) in body
    assert detail(elsewhere) not in body


def test_someone_else_cannot_edit_or_remove(client, case, member, colleague):
    reflection = services.reflect(case, colleague, "question", "Van mij")
    client.force_login(member)
    client.post(reverse("cases:edit_reflection", args=[reflection.pk]), {"body": "Overgenomen"})
    client.post(reverse("cases:remove_reflection", args=[reflection.pk]))
    reflection.refresh_from_db()
    assert reflection.body == "Van mij" and not reflection.is_removed


def test_removal_shows_the_placeholder(client, case, colleague):
    reflection = services.reflect(case, colleague, "question", "Weg ermee")
    client.force_login(colleague)
    client.post(reverse("cases:remove_reflection", args=[reflection.pk]))
    body = client.get(detail(case)).content.decode()
    assert "This reflection has been removed." in body and "Weg ermee" not in body


def test_report_identifiable_hides_at_once_and_coordinator_restores(client, case, member, colleague, coordinator):
    reflection = services.reflect(case, colleague, "experience", "Mevrouw Jansen uit de Dorpsstraat")
    client.force_login(member)
    response = client.post(
        reverse("cases:report", args=["reflection", reflection.pk]), {"reason": "identifiable", "note": ""}
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.is_hidden
    body = client.get(detail(case)).content.decode()
    assert "Mevrouw Jansen" not in body and "This reflection has been hidden." in body
    # The author sees why.
    client.force_login(colleague)
    assert "Contains identifiable client data" in client.get(detail(case)).content.decode()
    # A member cannot restore; the coordinator can.
    client.force_login(member)
    client.post(reverse("cases:restore", args=["reflection", reflection.pk]))
    reflection.refresh_from_db()
    assert reflection.is_hidden
    client.force_login(coordinator)
    client.post(reverse("cases:restore", args=["reflection", reflection.pk]))
    reflection.refresh_from_db()
    assert not reflection.is_hidden


def test_coordinator_hides_a_case_with_a_reason(client, case, member, colleague, coordinator):
    client.force_login(coordinator)
    client.post(reverse("cases:hide", args=["case", case.pk]), {"reason": "Te herkenbaar"})
    case.refresh_from_db()
    assert case.is_hidden
    client.force_login(colleague)
    body = client.get(detail(case)).content.decode()
    assert CASE["title"] not in body and "Te herkenbaar" not in body
    client.force_login(member)
    assert "Te herkenbaar" in client.get(detail(case)).content.decode()


def test_pseudonym_for_members_and_the_person_for_coordinators(client, hidden_atelier, member, colleague, coordinator):
    case = services.post_case(hidden_atelier, member, pseudonym_name="Zonnebloem", **CASE)
    client.force_login(colleague)
    body = client.get(detail(case)).content.decode()
    assert "Zonnebloem" in body and "Mila" not in body
    client.force_login(coordinator)
    assert "pseudonym of <bdi>Mila Lid</bdi>" in client.get(detail(case)).content.decode()
    # The author's reflections in the thread carry the pseudonym too.
    client.force_login(member)
    assert "You post in this atelier as Zonnebloem." in client.get(detail(case)).content.decode()
    reflect(client, case, kind="experience", body="Aanvulling")
    assert Reflection.objects.get().pseudonym.name == "Zonnebloem"


def test_retain_lesson_and_public_summary(client, case, member, coordinator):
    client.force_login(member)
    client.post(
        reverse("cases:retain_lesson", args=[case.pk]), {"lesson_learned": "Eerst luisteren", "lesson_next_time": ""}
    )
    client.post(reverse("cases:propose_summary", args=[case.pk]), {"public_summary": "Een korte samenvatting"})
    case.refresh_from_db()
    assert case.stage == Case.Stage.RETAINED and case.public_status == Case.PublicStatus.PENDING
    client.post(reverse("cases:approve_summary", args=[case.pk]))
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.PENDING  # only a coordinator approves
    client.force_login(coordinator)
    client.post(reverse("cases:approve_summary", args=[case.pk]))
    case.refresh_from_db()
    assert case.public_status == Case.PublicStatus.APPROVED


def test_denied_action_becomes_a_message(client, case, colleague):
    client.force_login(colleague)
    response = client.post(reverse("cases:retain_lesson", args=[case.pk]), {"lesson_learned": "Ik niet"}, follow=True)
    assert "Only the author can close the cycle of this case." in response.content.decode()


# --- speed --------------------------------------------------------------------------------------


def _queries_for_case_page(client, case):
    client.get(detail(case))  # warm up: sessions, roles, site lookups
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail(case))
    assert response.status_code == 200
    return len(queries)


def test_case_page_queries_do_not_grow_with_reflections(client, case, colleague, hidden_atelier):
    other = services.post_case(hidden_atelier, colleague, **CASE)
    writers = [UserFactory() for _ in range(3)]
    for writer in writers:
        MembershipFactory(atelier=hidden_atelier, user=writer)
    for n, target in ((3, case), (30, other)):
        previous = None
        for i in range(n):
            previous = services.reflect(
                target,
                writers[i % 3],
                "question",
                f"Reflectie {i}",
                reply_to=previous if i % 2 else None,
                quotes=previous if i % 3 == 0 else None,
            )
    client.force_login(colleague)
    assert _queries_for_case_page(client, case) == _queries_for_case_page(client, other)
    # 30 reflections: 25 on the first page, the rest on the second.
    second = client.get(detail(other) + "?page=2").content.decode()
    assert second.count('class="reflection ') == 5 and "Reflectie 29" in second and "Reflectie 0<" not in second


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("lesson_learned", "Eerst luisteren\x00 dan praten", "Null characters are not allowed."),
        ("lesson_learned", "x" * 4001, "at most 4000 characters"),
    ],
)
def test_the_lesson_form_keeps_the_text_and_says_why(client, case, member, field, value, reason):
    """Issue 20, finding 8: a lesson that is too long or holds a NUL byte is shown again as
    typed, with the real reason, and nothing is saved."""
    client.force_login(member)
    response = client.post(
        reverse("cases:retain_lesson", args=[case.pk]), {field: value, "lesson_next_time": "Volgende keer"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and reason in page and "Volgende keer" in page
    case.refresh_from_db()
    assert not case.lesson_learned


def test_the_summary_form_keeps_the_text_and_says_why(client, case, member):
    client.force_login(member)
    text = "Een samenvatting " * 300
    response = client.post(reverse("cases:propose_summary", args=[case.pk]), {"public_summary": text})
    page = response.content.decode()
    assert response.status_code == 400 and "at most" in page and "Een samenvatting Een samenvatting" in page
    case.refresh_from_db()
    assert not case.public_summary
