"""Mentions in reflections: ``@Voornaam Achternaam`` of a member of the case's atelier becomes a
link to their profile for readers who may see it, and ``member_mentioned`` is sent after the
commit once per person per post. A name that is not a member's: no link, no signal, no leak."""

import pytest
from django.urls import reverse
from django.utils import translation

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.events import member_mentioned
from leeratelier.cases.mentions import link_mentions, members_named
from leeratelier.cases.models import Case, Mention
from leeratelier.core.factories import UserFactory

from .test_views import CASE


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def anna(public_atelier):
    user = UserFactory(username="anna", first_name="Anna", last_name="de Vries")
    MembershipFactory(atelier=public_atelier, user=user)
    return user


@pytest.fixture
def annabel(public_atelier):
    user = UserFactory(username="annabel", first_name="Anna", last_name="de Vries-Jansen")
    MembershipFactory(atelier=public_atelier, user=user)
    return user


@pytest.fixture
def stranger(db):
    """On the platform, but in no atelier."""
    return UserFactory(username="stranger", first_name="Sven", last_name="Vreemd")


@pytest.fixture
def case(public_atelier, member):
    return services.post_case(public_atelier, member, **CASE)


@pytest.fixture
def heard():
    calls = []

    def listener(sender, post, user, by, **kwargs):
        calls.append((post.pk, user.pk, by.pk))

    member_mentioned.connect(listener, dispatch_uid="test-mentions")
    yield calls
    member_mentioned.disconnect(dispatch_uid="test-mentions")


def reflect(client, case, body):
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    import re

    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    return client.post(
        reverse("cases:reflect", args=[case.pk]), {"kind": "question", "body": body, "form_token": token}
    )


def test_a_mention_links_to_the_profile_and_tells_the_person_once(
    client, case, member, anna, heard, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = reflect(client, case, "Wat denk jij, @Anna de Vries? En @anna de vries nog eens.")
    assert response.status_code == 302
    reflection = case.reflections.get()
    assert heard == [(reflection.pk, anna.pk, member.pk)]
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'<a class="mention" href="{reverse("people:profile", args=[anna.pk])}">@Anna de Vries</a>' in page
    # Editing the reflection and keeping the mention tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_reflection(reflection, member, "Nog steeds @Anna de Vries.")
    assert len(heard) == 1 and Mention.objects.count() == 1


def test_the_longest_name_wins(case, member, anna, annabel):
    assert members_named(case.atelier_key, "Dank je @Anna de Vries-Jansen!") == [annabel]
    assert members_named(case.atelier_key, "Dank je @Anna de Vries.") == [anna]


def test_mentioning_someone_outside_the_atelier_links_and_tells_nothing(
    client, case, member, stranger, heard, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        reflect(client, case, "Vraag het @Sven Vreemd of @Niemand Bestaatniet.")
    assert heard == [] and not Mention.objects.exists()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "@Sven Vreemd" in page and "@Niemand Bestaatniet" in page
    assert 'class="mention"' not in page and f"/people/{stranger.pk}/" not in page


def test_the_author_mentioning_themselves_is_not_told(case, member, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reflect(case, member, "question", "Zoals ik, @Mila Lid, al zei.")
    assert heard == []


def test_no_signal_when_the_transaction_rolls_back(case, member, anna, heard):
    from django.db import transaction

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.reflect(case, member, "question", "Hoi @Anna de Vries")
            raise RuntimeError
    assert heard == []


def test_readers_who_may_not_see_the_profile_get_no_link(client, public_atelier, member, anna, outsider):
    """A case open to all platform members: an outsider reads it, but shares no atelier with Anna."""
    case = services.post_case(public_atelier, member, **{**CASE, "visibility": Case.Visibility.MEMBERS})
    services.reflect(case, member, "question", "Wat vind jij, @Anna de Vries?")
    client.force_login(outsider)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "@Anna de Vries" in page and 'class="mention"' not in page
    client.force_login(anna)
    assert 'class="mention"' in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_links_are_never_made_inside_tags_or_links(anna):
    html = '<p><a href="https://example.org/@Anna de Vries">@Anna de Vries</a> en @Anna de Vries</p>'
    linked = str(link_mentions(html, [anna]))
    assert linked.count('class="mention"') == 1
    assert linked.endswith('en <a class="mention" href="/nl/people/%d/">@Anna de Vries</a></p>' % anna.pk)


def test_the_person_mentioned_finds_it_in_their_notifications(
    client, case, member, anna, django_capture_on_commit_callbacks
):
    """The chain end to end: the mention (cases) reaches the notifications component, which
    lists it for the person mentioned, naming no title (its email is tested with the other kinds
    in tests/notifications)."""
    from leeratelier.notifications.models import Notification

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        reflect(client, case, "Wat denk jij, @Anna de Vries?")
    (notification,) = Notification.objects.filter(recipient=anna, kind="mention")
    client.force_login(anna)
    listing = client.get(reverse("notifications:list")).content.decode()
    assert case.title not in listing
    assert reverse("notifications:list") in client.get("/nl/").content.decode()
    assert notification.atelier_key == case.atelier_key and notification.read_at is None
