"""Coordinators in the Wagtail admin, through the admin's own URLs: each atelier has a group of
its active coordinators with page permissions on the atelier in every language tree; nothing
outside it, no is_staff, and demotion takes effect at once."""

from datetime import timedelta
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from leeratelier.ateliers import permissions, services
from leeratelier.ateliers.factories import AtelierPageFactory, MembershipFactory, RegistrationFactory
from leeratelier.ateliers.models import ExpertMeetingPage, Membership
from leeratelier.core.factories import UserFactory


@pytest.fixture
def coordinator_a(public_atelier):
    """Coordinator of atelier A (the public one) only; atelier B is the hidden one."""
    user = UserFactory(username="coordinator-a", first_name="Anna", last_name="Atelier")
    MembershipFactory(atelier=public_atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def add_meeting_url(atelier):
    return f"/admin/pages/add/ateliers/expertmeetingpage/{atelier.pk}/"


def denied(response):
    """Wagtail answers a missing permission with a 403, or a redirect away from the page."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/edit/" not in response["Location"] and "/add/" not in response["Location"]
    )


def meeting_form(title="Waarden als kompas", start=None, end=None, capacity="", publish=False):
    start = start or (timezone.localtime() + timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0)
    end = end or start + timedelta(hours=2)
    data = nested_form_data(
        {
            "title": title,
            "slug": "waarden-als-kompas",
            "intro": "Een middag over het ethisch kompas.",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": end.strftime("%Y-%m-%d %H:%M"),
            "theme": "",
            "venue": "",
            "online_url": "",
            "speakers": inline_formset([]),
            "agenda": streamfield([]),
            "capacity": capacity,
            "registration_opens": "",
            "registration_closes": "",
            "report": rich_text(""),
            "documents": inline_formset([]),
            "recording_url": "",
            "attendee_count": "",
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def in_either_language(message, body):
    """A field error, as shown in the admin's language (Dutch or English)."""
    texts = []
    for language in ("nl", "en"):
        with translation.override(language):
            texts.append(escape(str(message()), quote=True))
    return any(text in body for text in texts)


# --- the group --------------------------------------------------------------------------------


def test_each_atelier_has_a_group_of_its_coordinators(public_atelier, coordinator_a, member):
    group = permissions.coordinator_group(public_atelier.translation_key)
    assert group.name == f"Coordinators: Leeratelier Armoede ({public_atelier.translation_key.hex[:12]})"
    assert list(group.user_set.all()) == [coordinator_a]
    assert group.permissions.filter(codename="access_admin").exists()
    codenames = set(group.page_permissions.filter(page=public_atelier).values_list("permission__codename", flat=True))
    assert codenames == {"add_page", "change_page", "publish_page"}
    coordinator_a.refresh_from_db()
    assert not coordinator_a.is_staff


def test_group_follows_the_title_and_goes_with_the_atelier(atelier_index):
    atelier = AtelierPageFactory(parent=atelier_index, title="Leeratelier Impact")
    atelier.title = "Leeratelier Impact Zuyd"
    atelier.save_revision().publish()
    key = atelier.translation_key
    assert permissions.coordinator_group(key).name.startswith("Coordinators: Leeratelier Impact Zuyd (")
    atelier.delete()
    assert permissions.coordinator_group(key) is None
    assert not Group.objects.filter(name__contains=key.hex[:12]).exists()


def test_translation_of_the_atelier_joins_the_group(public_atelier, coordinator_a):
    english = public_atelier.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    group = permissions.coordinator_group(public_atelier.translation_key)
    assert set(group.page_permissions.values_list("page_id", flat=True)) == {public_atelier.pk, english.pk}


# --- what a coordinator can do in the admin ----------------------------------------------------


def test_coordinator_opens_the_admin_and_edits_meetings_of_their_atelier(
    client, coordinator_a, public_meeting, public_atelier
):
    client.force_login(coordinator_a)
    assert client.get("/admin/").status_code == 200
    assert client.get(edit_url(public_meeting)).status_code == 200
    assert client.get(edit_url(public_atelier)).status_code == 200
    assert client.get(add_meeting_url(public_atelier)).status_code == 200


def test_coordinator_adds_and_publishes_a_meeting(client, coordinator_a, public_atelier):
    client.force_login(coordinator_a)
    response = client.post(add_meeting_url(public_atelier), meeting_form(publish=True))
    assert response.status_code == 302
    meeting = ExpertMeetingPage.objects.child_of(public_atelier).get(title="Waarden als kompas")
    assert meeting.live


def test_coordinator_edits_the_english_translation_of_a_meeting(client, coordinator_a, public_meeting):
    english = public_meeting.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    client.force_login(coordinator_a)
    assert client.get(edit_url(english)).status_code == 200


def test_coordinator_has_no_access_to_another_atelier(client, coordinator_a, hidden_atelier, hidden_meeting):
    client.force_login(coordinator_a)
    assert denied(client.get(edit_url(hidden_meeting)))
    assert denied(client.get(edit_url(hidden_atelier)))
    assert denied(client.get(add_meeting_url(hidden_atelier)))
    title_before = hidden_meeting.title
    response = client.post(edit_url(hidden_meeting), meeting_form(title="Overgenomen", publish=True))
    assert denied(response)
    hidden_meeting.refresh_from_db()
    assert hidden_meeting.title == title_before
    assert not ExpertMeetingPage.objects.filter(title="Overgenomen").exists()
    assert denied(client.post(add_meeting_url(hidden_atelier), meeting_form(title="Ingebroken", publish=True)))
    assert not ExpertMeetingPage.objects.filter(title="Ingebroken").exists()


def test_page_chooser_hides_other_hidden_ateliers(client, coordinator_a, atelier_index, public_atelier, hidden_meeting):
    client.force_login(coordinator_a)
    search = client.get("/admin/choose-page/search/", {"q": "Geheime"})
    assert search.status_code == 200
    assert "Geheime casusbespreking" not in search.content.decode()
    browse = client.get(f"/admin/choose-page/{atelier_index.pk}/")
    assert browse.status_code == 200
    assert public_atelier.title in browse.content.decode() and "Besloten" not in browse.content.decode()


def test_coordinator_cannot_delete_the_atelier_page(client, coordinator_a, public_atelier):
    client.force_login(coordinator_a)
    assert denied(client.post(f"/admin/pages/{public_atelier.pk}/delete/"))
    assert Page.objects.filter(pk=public_atelier.pk).exists()


def test_member_who_is_not_a_coordinator_has_no_admin_access(client, member, public_meeting):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 403 or (response.status_code == 302 and "login" in response["Location"])
    assert client.get(edit_url(public_meeting)).status_code in (302, 403)


def test_demoted_coordinator_loses_admin_access_at_once(
    client, coordinator_a, coordinator, public_atelier, public_meeting
):
    client.force_login(coordinator_a)
    assert client.get(edit_url(public_meeting)).status_code == 200
    services.set_role(
        Membership.objects.of_atelier(public_atelier).get(user=coordinator_a), Membership.Role.MEMBER, by=coordinator
    )
    response = client.get(edit_url(public_meeting))
    assert response.status_code in (302, 403)
    admin_home = client.get("/admin/")
    assert admin_home.status_code == 403 or (admin_home.status_code == 302 and "login" in admin_home["Location"])


def test_removed_coordinator_loses_admin_access_at_once(
    client, coordinator_a, coordinator, public_atelier, public_meeting
):
    services.remove_member(Membership.objects.of_atelier(public_atelier).get(user=coordinator_a), by=coordinator)
    client.force_login(coordinator_a)
    assert client.get(edit_url(public_meeting)).status_code in (302, 403)


# --- the meeting's own rules in the admin form -----------------------------------------------


def test_meeting_ending_before_it_starts_is_refused(client, coordinator_a, public_atelier):
    client.force_login(coordinator_a)
    start = (timezone.localtime() + timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0)
    response = client.post(add_meeting_url(public_atelier), meeting_form(start=start, end=start - timedelta(hours=1)))
    assert response.status_code == 200
    assert in_either_language(
        lambda: translation.gettext("The meeting must end after it starts."), response.content.decode()
    )
    assert not ExpertMeetingPage.objects.filter(title="Waarden als kompas").exists()


def test_capacity_below_the_registered_number_is_refused(client, coordinator_a, public_meeting):
    for _ in range(3):
        RegistrationFactory(meeting=public_meeting)
    client.force_login(coordinator_a)
    form = meeting_form(title=public_meeting.title, start=public_meeting.start, end=public_meeting.end, capacity="2")
    response = client.post(edit_url(public_meeting), form)
    assert response.status_code == 200
    message = "%(taken)s people are already registered; the capacity cannot be lower than that."
    assert in_either_language(lambda: translation.gettext(message) % {"taken": 3}, response.content.decode())
    public_meeting.refresh_from_db()
    assert public_meeting.capacity == 20
