"""The notification list (read and unread, paginated, a fixed number of queries), the unread
count in the header, and the one-click unsubscribe link (RFC 8058) that works without signing in."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from leeratelier.ateliers.models import AtelierPage
from leeratelier.cases import services as case_services
from leeratelier.notifications import services
from leeratelier.notifications.models import Notification, NotificationSetting
from tests.cases.test_views import CASE

from .conftest import sent_to


def make_notifications(user, atelier, count, start=0):
    subject_type = ContentType.objects.get_for_model(AtelierPage)
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            key=f"test:{start + n}:{user.pk}",
            atelier_key=atelier.translation_key,
            subject_type=subject_type,
            subject_id=atelier.pk,
        )
        for n, kind in zip(range(count), ["case-new", "meeting-published", "report-published", "announcement"] * count)
    )
    services.forget_unread_counts([user.pk])


def test_the_list_shows_read_and_unread_and_marks_them_read(client, member, hidden_atelier, colleague):
    case = case_services.post_case(hidden_atelier, colleague, **CASE)
    case_services.reflect(case, member, "question", "Vraag?")  # the colleague hears of it
    assert "/accounts/login/" in client.get(reverse("notifications:list"))["Location"]
    client.force_login(colleague)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Een nieuwe reflectie op je casus in {hidden_atelier.title}" in page
    assert CASE["title"] not in page and "Vraag?" not in page
    assert re.search(r'<span class="count-badge">1<span class="visually-hidden"> ongelezen', page)  # the header
    notification = Notification.objects.get(recipient=colleague)
    response = client.post(reverse("notifications:mark_read"), {"notification": notification.pk})
    assert response.status_code == 302
    page = client.get(reverse("notifications:list")).content.decode()
    assert "count-badge" not in page and "Gelezen" in page
    # Someone else's notification is not theirs to open.
    other = Client()
    other.force_login(member)
    assert other.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_mark_all_as_read(client, member, public_atelier):
    make_notifications(member, public_atelier, 25)
    client.force_login(member)
    assert services.unread_count(member) == 25
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert services.unread_count(member) == 0 and not Notification.objects.unread().exists()


@pytest.mark.parametrize("page", ["1", "2"])
def test_list_queries_do_not_grow_with_the_number_of_notifications(
    client, member, public_atelier, hidden_atelier, page, django_assert_max_num_queries
):
    client.force_login(member)
    make_notifications(member, public_atelier, 22)
    url = reverse("notifications:list") + f"?page={page}"
    client.get(url)  # warm the session and the navigation cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.forget_unread_counts([member.pk])  # both measured pages count the unread ones afresh
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_notifications(member, hidden_atelier, 200, start=1000)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('class="notification') >= 2
    assert len(small) <= 15


def test_the_header_count_is_cached_and_refreshed_when_told(
    client, member, hidden_atelier, colleague, django_assert_num_queries
):
    client.force_login(colleague)
    client.get(reverse("notifications:preferences"))
    assert services.unread_count(colleague) == 0
    with django_assert_num_queries(0):
        services.unread_count(colleague)  # from the cache
    case_services.post_case(hidden_atelier, member, **CASE)  # tells the colleague: the cached count goes
    from django.core.cache import cache

    assert cache.get(f"notifications:unread:{colleague.pk}") in (None, 1)


def unsubscribe_link(message):
    return re.search(r"https?://[^/\s]+(/nl/notifications/unsubscribe/[^/\s]+/)", message.body).group(1)


def test_the_unsubscribe_link_turns_that_kind_off_without_signing_in(member, colleague, hidden_atelier):
    case = case_services.post_case(hidden_atelier, member, **CASE)
    case_services.reflect(case, colleague, "question", "Eerste vraag?")
    [message] = sent_to(member)
    link = unsubscribe_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<https://leeratelier.example.org{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(link)
    assert page.status_code == 200 and "Een reflectie op je casus" in page.content.decode()
    assert not NotificationSetting.objects.filter(user=member).exists()  # GET asks, changes nothing
    # What a mail program does (RFC 8058): a POST without cookies or a CSRF token.
    response = visitor.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "Klaar" in response.content.decode()
    assert NotificationSetting.objects.get(user=member, kind="case-reflection").frequency == "off"
    assert not NotificationSetting.objects.filter(user=member).exclude(kind="case-reflection").exists()
    case_services.reflect(case, colleague, "question", "Tweede vraag?")
    assert sent_to(member) == [message]  # nothing new by email
    assert Notification.objects.filter(recipient=member, kind="case-reflection").count() == 2  # still in the site


def test_a_forged_unsubscribe_link_changes_nothing(client, member):
    token = services.unsubscribe_token(member, "case-reflection")
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-3] + "abc"]))
    assert response.status_code == 400 and "werkt niet" in response.content.decode()
    assert not NotificationSetting.objects.exists()


def test_the_digest_unsubscribe_turns_the_weekly_kinds_off(member, colleague, hidden_atelier):
    case_services.post_case(hidden_atelier, colleague, **CASE)  # "a new case" is weekly by default
    services.send_weekly_digest()
    [digest] = sent_to(member)
    Client().post(unsubscribe_link(digest))
    settings = dict(NotificationSetting.objects.filter(user=member).values_list("kind", "frequency"))
    assert settings == {"case-new": "off", "report-published": "off"}
