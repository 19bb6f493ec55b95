"""The privacy check on method experiences through the real forms (sharing and editing), and
the site editors' queue naming experiences saved despite a warning (they belong to no atelier)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from leeratelier.core.models import SavedDespiteWarning
from leeratelier.toolbox.factories import MethodExperienceFactory
from leeratelier.toolbox.models import MethodExperience
from tests.form_tokens import token
from tests.privacy_warning_steps import IDENTIFYING, assert_recorded, assert_warned, confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_fresh_limits():
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def test_sharing_an_experience_warns_and_saves_only_once_confirmed(client, methods, member, editor):
    method = methods[0]
    client.force_login(member)
    url = reverse("toolbox:share_experience", args=[method.pk])
    data = {"text": IDENTIFYING, "form_token": token("form-p1"), "atelier": ""}
    response = client.post(url, data)
    body = assert_warned(response)
    assert "leave out who your clients are" in body
    assert not MethodExperience.objects.exists()
    response = client.post(url, confirmed(data, response, "experience_form"))
    assert response.status_code == 302
    experience = MethodExperience.objects.get()
    assert experience.text == IDENTIFYING
    assert_recorded(experience, SavedDespiteWarning.Part.EXPERIENCE)
    client.force_login(editor)
    queue = client.get(reverse("cases:moderation_queue")).content.decode()
    assert "Saved despite a warning" in queue and f"#experience-{experience.pk}" in queue


def test_editing_an_experience_warns_and_keeps_the_old_text_until_confirmed(client, methods, member):
    experience = MethodExperienceFactory(method=methods[0], author=member, text="Het werkte goed.")
    client.force_login(member)
    url = reverse("toolbox:edit_experience", args=[experience.pk])
    data = {"text": IDENTIFYING}
    response = client.post(url, data)
    assert_warned(response)
    experience.refresh_from_db()
    assert experience.text == "Het werkte goed."
    assert client.post(url, confirmed(data, response, "form")).status_code == 302
    experience.refresh_from_db()
    assert experience.text == IDENTIFYING
    assert_recorded(experience, SavedDespiteWarning.Part.EXPERIENCE)
