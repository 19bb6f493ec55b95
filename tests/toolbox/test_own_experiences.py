"""Owning what you wrote (issue 14 part 5): the author edits (an "edited" mark, a history) and
removes their method experience; nobody else can; the experience form previews without saving."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from leeratelier.toolbox.factories import MethodExperienceFactory
from leeratelier.toolbox.models import ExperienceRevision, MethodExperience
from tests.form_tokens import token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(name, experience):
    with translation.override("nl"):
        return reverse(f"toolbox:{name}", args=[experience.pk])


def test_the_author_edits_with_preview_mark_and_history(client, methods, member):
    method = methods[0]
    experience = MethodExperienceFactory(method_key=method.translation_key, author=member, text="Het werkte.")
    client.force_login(member)
    page = client.get(method.url).content.decode()
    assert url("edit_experience", experience) in page and url("remove_experience", experience) in page

    preview = client.post(
        url("edit_experience", experience), {"text": "Het werkte **goed**<img src=x onerror=alert(1)>", "preview": "1"}
    )
    shown = preview.content.decode().split('id="preview"')[1].split("</section>")[0]
    assert preview.status_code == 200 and "<strong>goed</strong>" in shown and "onerror" not in shown
    experience.refresh_from_db()
    assert experience.text == "Het werkte." and experience.edited_at is None

    assert client.post(url("edit_experience", experience), {"text": "Het werkte **goed**."}).status_code == 302
    experience.refresh_from_db()
    assert experience.text == "Het werkte **goed**." and experience.edited_at
    assert list(ExperienceRevision.objects.filter(experience=experience).values_list("content__text", flat=True)) == [
        "Het werkte."
    ]
    page = client.get(method.url).content.decode()
    assert "bewerkt" in page and "<strong>goed</strong>" in page


def test_an_empty_text_is_refused_and_kept(client, methods, member):
    experience = MethodExperienceFactory(method_key=methods[0].translation_key, author=member, text="Het werkte.")
    client.force_login(member)
    response = client.post(url("edit_experience", experience), {"text": "   "})
    assert response.status_code == 400
    experience.refresh_from_db()
    assert experience.text == "Het werkte."


def test_the_author_removes_it_and_nobody_else_can(client, methods, member, outsider):
    experience = MethodExperienceFactory(method_key=methods[0].translation_key, author=member, text="Het werkte.")
    client.logout()
    assert client.post(url("remove_experience", experience), {"confirm": "on"}).status_code == 302  # to login
    client.force_login(outsider)
    assert client.get(url("edit_experience", experience)).status_code == 404
    assert client.post(url("remove_experience", experience), {"confirm": "on"}).status_code == 404
    assert MethodExperience.objects.filter(pk=experience.pk).exists()
    client.force_login(member)
    assert client.get(url("remove_experience", experience)).status_code == 200
    assert client.post(url("remove_experience", experience), {}).status_code == 400
    assert client.post(url("remove_experience", experience), {"confirm": "on"}).status_code == 302
    assert not MethodExperience.objects.filter(pk=experience.pk).exists()


def test_the_share_form_previews_without_saving(client, methods, member):
    method = methods[0]
    client.force_login(member)
    with translation.override("nl"):
        share = reverse("toolbox:share_experience", args=[method.pk])
    response = client.post(share, {"text": "Met *bewoners* samen.", "form_token": token("f-1"), "preview": "1"})
    assert response.status_code == 200 and "<em>bewoners</em>" in response.content.decode()
    assert not MethodExperience.objects.exists()
    client.post(share, {"text": "Met *bewoners* samen.", "form_token": token("f-1")})
    assert MethodExperience.objects.count() == 1
