"""The admin dashboard's "Needs attention" line for reported posts (cases/wagtail_hooks.py): an
editor sees how many reported posts nobody has handled yet, and the line links to the editors'
moderation queue on the site, where the post waits. Counted per post (as the queue lists them),
handled reports do not count, and someone who is no editor gets no such line."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.models import Report
from leeratelier.core.access import EDITORS_GROUP
from leeratelier.core.factories import UserFactory
from tests.ateliers.conftest import atelier_index, coordinator, hidden_atelier, member, public_atelier
from tests.cases.test_views import CASE

# The admin speaks the editor's language (Dutch by default): the line in either language.
LABELS = "Reported posts not yet handled|Gemelde berichten waar nog niemand naar keek"
LINE = re.compile(rf'<a href="(?P<url>[^"]+)">(?:{LABELS}): (?P<count>\d+)</a>')


def admin_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


@pytest.fixture
def editor(db):
    """A site editor as setup_site makes them: in the Editors group, not a superuser."""
    user = UserFactory(username="redacteur", first_name="Rita", last_name="Redacteur")
    user.groups.add(admin_group(EDITORS_GROUP))
    return user


@pytest.fixture
def reported(public_atelier, member):
    """Two reported posts: a case reported by two members (one line), and a reflection."""
    reporters = [UserFactory() for _ in range(2)]
    for person in reporters:
        MembershipFactory(atelier=public_atelier, user=person)
    case = services.post_case(public_atelier, member, **CASE)
    reflection = services.reflect(case, reporters[0], "question", "Waarom zo laat?")
    services.report(case, reporters[0], "hurtful")
    services.report(case, reporters[1], "other")
    services.report(reflection, reporters[1], "hurtful")
    return case, reflection


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_the_count_and_follows_the_link_to_the_moderation_queue(client, editor, reported):
    body = dashboard(client, editor)
    assert "needs-attention" in body
    line = LINE.search(body)
    assert line, "no linked line for reported posts on the dashboard"
    assert line["count"] == "2"  # two posts, three reports
    assert re.fullmatch(r"/(nl|en)/moderation/", line["url"]), line["url"]

    queue = client.get(line["url"])
    assert queue.status_code == 200
    html = queue.content.decode()
    assert html.count('<li class="report-row">') == 2  # the two posts wait there
    assert "Waarom zo laat?" in html


def test_handled_reports_do_not_count(client, editor, reported):
    _case, reflection = reported
    Report.objects.filter(reflection=reflection).update(resolved_at=timezone.now(), resolved_by=editor)
    assert LINE.search(dashboard(client, editor))["count"] == "1"
    Report.objects.update(resolved_at=timezone.now(), resolved_by=editor)
    assert not re.search(LABELS, dashboard(client, editor))


def test_a_moderator_who_is_no_editor_gets_no_reports_line(client, reported):
    moderator = UserFactory(username="moderator")
    moderator.groups.add(admin_group("Moderators"))
    body = dashboard(client, moderator)
    assert not re.search(LABELS, body)
    assert "/moderation/" not in body
