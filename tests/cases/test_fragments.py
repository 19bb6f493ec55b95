"""The case page and the case library keep rendered fragments in the shared cache
(leeratelier.core.fragments): on the case page a reflection's whole <li> with its actions, keyed
by what it shows and by the switches about the reader it branches on, the case's actions, the
empty reflection form and the similar-cases panel; a library row. Any change is there for the
very next reader (an edit, a hide, a restore, a removal, a helpful mark, a renamed author, a new
member, a new reflection, a new address of the atelier); what only some readers see (the actions
of the author, the case author, a coordinator, the real name behind a pseudonym) never travels
to another reader; the forms in a cached fragment carry the CSRF token of the session that reads
the page; and every post's boxes keep ids of their own."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import moderation, services, views
from leeratelier.cases.models import Reflection, Report
from leeratelier.core import fragments
from leeratelier.core.factories import UserFactory
from leeratelier.core.once import new_token

pytestmark = pytest.mark.django_db

CASE = {
    "title": "Budgetcoach en de schuldhulp",
    "situation": "Een gezin met schulden wil geen hulp.",
    "question": "Hoe bouwen we vertrouwen op?",
    "done_so_far": "",
    "roles": ["citizen"],
    "tracks": ["meaning"],
    "visibility": "atelier",
    "anonymised_confirmed": True,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        cache.clear()
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague", first_name="Kees", last_name="Collega")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


@pytest.fixture
def readers(hidden_atelier):
    """Two members who neither wrote the case nor the reflection: the same switches, so they
    share every fragment of the thread."""
    users = []
    for username, first in (("reader-a", "Anna"), ("reader-b", "Bert")):
        user = UserFactory(username=username, first_name=first, last_name="Lezer")
        MembershipFactory(atelier=hidden_atelier, user=user)
        users.append(user)
    return users


def page(client, user, case, query=""):
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.pk]) + query).content.decode()


def library(client, user, atelier):
    client.force_login(user)
    return client.get(reverse("cases:library", args=[atelier.pk])).content.decode()


def item(html, reflection):
    """The <li> of ``reflection`` on a case page."""
    found = re.search(rf'<li [^>]*id="reflection-{reflection.pk}".*?</li>', html, re.S)
    assert found, f"reflection {reflection.pk} is not on the page"
    return found.group(0)


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def cached_reflections():
    return [key for key in cache._cache if "fragment:reflection:" in key]  # locmem in the tests


def test_a_reflection_is_rendered_once_and_served_from_the_cache(client, case, member, colleague, readers):
    reflection = services.reflect(case, colleague, "question", "Wat zegt het gezin zelf?")
    first = page(client, readers[0], case)
    cached = cached_reflections()
    assert len(cached) == 1 and f":{reflection.pk}:" in cached[0]
    assert "Wat zegt het gezin zelf?" in first
    # The other reader has the same switches: the same fragment, whole (but their own token).
    assert without_tokens(item(page(client, readers[1], case), reflection)) == without_tokens(item(first, reflection))
    assert len(cached_reflections()) == 1
    # The case author (the "helpful" button) and the reflection's author (edit, remove) each
    # get their own.
    assert "Wat zegt het gezin zelf?" in page(client, colleague, case)
    assert "Wat zegt het gezin zelf?" in page(client, member, case)
    assert len(cached_reflections()) == 3


# Each change, as the service that makes it: (change(reflection, people), what reader A and B
# see afterwards, what they no longer see).
def _edit(reflection, people):
    services.edit_reflection(reflection, people["colleague"], "Tweede versie van de vraag")


def _hide(reflection, people):
    moderation.hide(reflection, people["coordinator"], "Te herkenbaar")


def _restore(reflection, people):
    moderation.hide(reflection, people["coordinator"], "Te herkenbaar")
    reflection.refresh_from_db()
    moderation.restore(reflection, people["coordinator"])


def _remove(reflection, people):
    services.remove_reflection(reflection, people["colleague"])


def _helpful(reflection, people):
    services.mark_helpful(reflection, people["member"])


def _rename(reflection, people):
    people["colleague"].first_name = "Karel"
    people["colleague"].save()


REPORT_BOX = "Send report"
CHANGES = {
    "edit": (_edit, ["Tweede versie van de vraag", "edited", REPORT_BOX], ["Eerste versie van de vraag"]),
    "hide": (_hide, ["This reflection has been hidden."], ["Eerste versie van de vraag", REPORT_BOX]),
    "restore": (_restore, ["Eerste versie van de vraag", REPORT_BOX], ["This reflection has been hidden."]),
    "remove": (_remove, ["This reflection has been removed."], ["Eerste versie van de vraag", REPORT_BOX]),
    "helpful": (_helpful, ['class="reflection__helpful"', "reflection--helpful"], []),
    "rename": (_rename, ["Karel Collega"], ["Kees Collega"]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_is_visible_at_once_to_the_next_reader(client, change, case, member, colleague, coordinator, readers):
    """Reader A fills the cache, the change is made, then reader B (who shares A's fragments)
    and reader A read the page again."""
    make, shown, gone = CHANGES[change]
    reflection = services.reflect(case, colleague, "question", "Eerste versie van de vraag")
    before = item(page(client, readers[0], case), reflection)
    assert "Eerste versie van de vraag" in before and "Kees Collega" in before and REPORT_BOX in before
    make(reflection, {"member": member, "colleague": colleague, "coordinator": coordinator})
    for reader in (readers[1], readers[0]):
        after = item(page(client, reader, case), reflection)
        for text in shown:
            assert text in after, (change, reader.username, text)
        for text in gone:
            assert text not in after, (change, reader.username, text)


def test_changes_reach_the_actions_of_the_authors_and_coordinators_at_once(
    client, case, member, colleague, coordinator
):
    reflection = services.reflect(case, colleague, "question", "Eerste versie van de vraag")
    # The case author's button, the reflection author's edit box, the coordinator's hide box.
    assert "Mark as helpful" in item(page(client, member, case), reflection)
    assert "Eerste versie van de vraag</textarea>" in item(page(client, colleague, case), reflection)
    assert "Hide this post" in item(page(client, coordinator, case), reflection)

    services.mark_helpful(reflection, member)
    body = item(page(client, member, case), reflection)
    assert "Not helpful after all" in body and "Mark as helpful" not in body

    services.edit_reflection(reflection, colleague, "Tweede versie van de vraag")
    assert "Tweede versie van de vraag</textarea>" in item(page(client, colleague, case), reflection)

    reflection.refresh_from_db()
    moderation.hide(reflection, coordinator, "Te herkenbaar")
    body = item(page(client, coordinator, case), reflection)
    assert "Hide this post" not in body and ">Restore</button>" in body
    body = item(page(client, colleague, case), reflection)
    assert "Reason: Te herkenbaar" in body and REPORT_BOX not in body


def test_per_reader_parts_never_travel_between_readers(client, hidden_atelier, member, colleague, coordinator, readers):
    case = services.post_case(hidden_atelier, member, **CASE)
    reflection = services.reflect(case, colleague, "experience", "Onder schuilnaam", pseudonym_name="Zonnebloem")
    edit = reverse("cases:edit_reflection", args=[reflection.pk])
    helpful = reverse("cases:helpful", args=[reflection.pk])
    hide = reverse("cases:hide", args=["reflection", reflection.pk])
    # Each reader with a part of their own fills the cache first: the coordinator (the real name
    # behind the pseudonym, the hide box), the reflection's author (edit, remove), the case
    # author ("helpful"); a reader led to the reflection by a search (the mark).
    assert "pseudonym of <bdi>Kees Collega</bdi>" in page(client, coordinator, case)
    assert hide in page(client, coordinator, case)
    assert edit in page(client, colleague, case)
    assert helpful in page(client, member, case)
    assert "Found by your search" in page(client, readers[0], case, f"?at={reflection.pk}")
    body = item(page(client, readers[1], case), reflection)
    assert "Zonnebloem" in body and "Kees Collega" not in body
    for part in (edit, helpful, hide, "Found by your search", "aria-current"):
        assert part not in body
    # And the other way round: a plain reader first, then each of them still gets their own.
    cache.clear()
    page(client, readers[1], case)
    assert "pseudonym of <bdi>Kees Collega</bdi>" in page(client, coordinator, case)
    assert hide in page(client, coordinator, case)
    body = page(client, colleague, case)
    assert edit in body and helpful not in body and hide not in body
    body = page(client, member, case)
    assert helpful in body and edit not in body and hide not in body


def test_the_reply_links_keep_the_page_of_the_thread(client, case, colleague, readers, monkeypatch):
    monkeypatch.setattr(views, "REFLECTIONS_PER_PAGE", 2)
    posted = [services.reflect(case, colleague, "question", f"Reflectie {n}") for n in range(3)]
    later = page(client, readers[0], case, "?page=2")
    assert f"?reply_to={posted[2].pk}&amp;page=2#reflect" in item(later, posted[2])
    # The same reflection on the first page (longer pages): its links name no page.
    monkeypatch.setattr(views, "REFLECTIONS_PER_PAGE", 3)
    first = item(page(client, readers[1], case), posted[2])
    assert f"?reply_to={posted[2].pk}#reflect" in first and "page=2" not in first


def test_a_removed_case_shows_its_reflections_without_actions(client, case, member, colleague, readers):
    reflection = services.reflect(case, colleague, "question", "Een vraag")
    assert REPORT_BOX in item(page(client, readers[0], case), reflection)
    services.remove_case(case, member)
    body = item(page(client, readers[1], case), reflection)
    assert "Een vraag" in body and REPORT_BOX not in body and "?reply_to=" not in body


def csrf_tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)


def test_a_form_in_a_cached_fragment_carries_the_readers_own_token_and_is_accepted(case, colleague, readers):
    """Reader A's session renders the fragment; reader B's session reads it from the cache,
    gets only tokens of its own session, and posts the fragment's report form with CSRF checks
    on. No response ever holds the placeholder."""
    reflection = services.reflect(case, colleague, "question", "Wat zegt het gezin zelf?")
    report = reverse("cases:report", args=["reflection", reflection.pk])
    pages = {}
    for reader in readers:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(reader)
        html = browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert fragments.csrf_placeholder() not in html
        secret = browser.cookies[settings.CSRF_COOKIE_NAME].value
        tokens = csrf_tokens(html)
        assert len(tokens) > 3 and all(_unmask_cipher_token(token) == secret for token in tokens)
        pages[reader] = (browser, html, secret)
    assert len(cached_reflections()) == 1  # B was served A's fragment
    assert pages[readers[0]][2] != pages[readers[1]][2]

    browser, html, _secret = pages[readers[1]]
    form = re.search(rf'<form method="post" action="{re.escape(report)}".*?</form>', html, re.S).group(0)
    token = csrf_tokens(form)[0]
    response = browser.post(report, {"csrfmiddlewaretoken": token, "reason": "other", "note": ""})
    assert response.status_code == 302
    assert Report.objects.filter(reporter=readers[1], reflection=reflection).exists()
    # A's token is no good in B's session.
    other_token = csrf_tokens(pages[readers[0]][1])[0]
    response = browser.post(report, {"csrfmiddlewaretoken": other_token, "reason": "other", "note": ""})
    assert response.status_code == 403


def test_a_new_member_reads_the_cached_thread_and_a_new_reflection_shows_at_once(
    client, case, member, colleague, hidden_atelier
):
    services.reflect(case, colleague, "question", "De eerste reflectie")
    page(client, member, case)
    newcomer = UserFactory(username="newcomer", first_name="Nina", last_name="Nieuw")
    client.force_login(newcomer)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404  # not yet a member
    MembershipFactory(atelier=hidden_atelier, user=newcomer)
    body = page(client, newcomer, case)
    assert "De eerste reflectie" in body
    client.post(
        reverse("cases:reflect", args=[case.pk]),
        {"kind": "question", "body": "Nina vraagt iets", "form_token": new_token()},
    )
    assert "Nina vraagt iets" in page(client, member, case)
    assert "Nina Nieuw" in page(client, colleague, case)
    assert Reflection.objects.filter(author=newcomer).count() == 1


def test_library_rows_follow_changes_at_once(client, case, member, colleague, coordinator, hidden_atelier):
    body = library(client, member, hidden_atelier)
    assert CASE["title"] in body and "0 reflections" in body
    assert fragments.csrf_placeholder() not in body
    services.reflect(case, colleague, "question", "Een reflectie")
    assert "1 reflection" in library(client, colleague, hidden_atelier)
    services.edit_case(case, member, title="Een nieuwe titel voor de casus")
    body = library(client, colleague, hidden_atelier)
    assert "Een nieuwe titel voor de casus" in body and CASE["title"] not in body
    case.refresh_from_db()
    moderation.hide(case, coordinator, "Te herkenbaar")
    body = library(client, colleague, hidden_atelier)
    assert "Een nieuwe titel voor de casus" not in body and "Hidden case" in body


def test_the_case_actions_follow_a_hide_and_restore_at_once(client, case, member, coordinator, readers):
    report = reverse("cases:report", args=["case", case.pk])
    hide = reverse("cases:hide", args=["case", case.pk])
    restore = reverse("cases:restore", args=["case", case.pk])
    body = page(client, readers[0], case)
    assert report in body and hide not in body
    body = page(client, coordinator, case)
    assert report in body and hide in body
    moderation.hide(case, coordinator, "Te herkenbaar")
    body = page(client, readers[1], case)
    assert report not in body and restore not in body
    body = page(client, coordinator, case)
    assert restore in body and hide not in body
    case.refresh_from_db()
    moderation.restore(case, coordinator)
    assert report in page(client, readers[0], case)
    # The case's author gets their own actions, never from the cache, and nobody else gets them.
    assert reverse("cases:remove", args=[case.pk]) in page(client, member, case)
    assert reverse("cases:remove", args=[case.pk]) not in page(client, readers[1], case)


def test_the_reflection_form_shown_again_keeps_its_text_and_errors(client, case, readers):
    page(client, readers[0], case)  # the empty fields are cached
    client.force_login(readers[1])
    response = client.post(
        reverse("cases:reflect", args=[case.pk]), {"kind": "theory", "body": "", "form_token": new_token()}
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'aria-invalid="true"' in body
    assert '<option value="theory" selected>' in body
    client.force_login(readers[0])
    reply = client.get(reverse("cases:detail", args=[case.pk]) + "?reply_to=1").content.decode()
    assert 'aria-invalid="true"' not in reply and "selected>" not in reply.split('id="reflect"')[1]
    assert 'name="reply_to" value="1"' in reply


def test_the_similar_cases_panel_follows_changes_at_once(client, case, colleague, coordinator, readers, hidden_atelier):
    other = services.post_case(
        hidden_atelier,
        colleague,
        **{**CASE, "title": "Vertrouwen opbouwen in de schuldhulp", "question": "Hoe bouwen we vertrouwen op?"},
    )

    def panel(reader):
        return page(client, reader, case).split('id="similar-cases-heading"')[1].split("</section>")[0]

    assert "Vertrouwen opbouwen in de schuldhulp" in panel(readers[0])
    services.edit_case(other, colleague, title="Vertrouwen winnen in de schuldhulp")
    shown = panel(readers[1])
    assert "Vertrouwen winnen in de schuldhulp" in shown and "Vertrouwen opbouwen" not in shown
    services.retain_lesson(other, colleague, "Eerst luisteren, dan pas plannen.", "")
    shown = panel(readers[0])
    assert "Eerst luisteren, dan pas plannen." in shown and f"?reuse={other.pk}#reflect" in shown
    other.refresh_from_db()
    moderation.hide(other, coordinator, "Te herkenbaar")
    assert "Vertrouwen winnen" not in panel(readers[1])


def test_the_link_to_the_atelier_follows_a_new_address_at_once(client, public_atelier, member, coordinator):
    case = services.post_case(public_atelier, member, **CASE)
    assert f'href="{public_atelier.url}"' in page(client, member, case)
    public_atelier.slug = "armoede-nieuw"
    public_atelier.save_revision().publish()
    public_atelier.refresh_from_db()
    assert public_atelier.url.endswith("/armoede-nieuw/")
    assert f'href="{public_atelier.url}"' in page(client, coordinator, case)
    public_atelier.unpublish()
    assert "Back to the atelier" not in page(client, member, case)


def test_every_post_has_boxes_with_ids_of_its_own(client, case, colleague, coordinator):
    """The Report and Hide boxes are rendered once and numbered per post (case_tags.post_box):
    every id on the page is unique and every label points at its post's own field."""
    posted = [services.reflect(case, colleague, "question", f"Reflectie {n}") for n in range(3)]
    for _ in range(2):  # rendered, then from the cache
        body = page(client, coordinator, case)
        ids = re.findall(r' id="([^"]+)"', body)
        assert len(ids) == len(set(ids))
        for kind, pk in [("case", case.pk)] + [("reflection", reflection.pk) for reflection in posted]:
            for box, field in (("report", "reason"), ("report", "note"), ("hide", "reason")):
                assert f'<label for="{box}-{kind}-{pk}-{field}">' in body
                assert f'id="{box}-{kind}-{pk}-{field}"' in body
