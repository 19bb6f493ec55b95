"""Spam and abuse on the public form: the honeypot, the minimum fill time, the per-IP rate
limit with its "try again later" page, and size limits on every field and image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from leeratelier.core.models import OutboxEmail
from leeratelier.pioneers import forms as pioneer_forms
from leeratelier.pioneers.models import PracticeSubmission, SubmissionImage
from tests.form_tokens import token

from .conftest import dutch_url, form_data, png_bytes


def dutch(message):
    with translation.override("nl"):
        return gettext(message)


def post(client, data, **extra):
    return client.post(dutch_url("pioneers:register"), data, **extra)


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, website="http://spam.example"))
    assert response.status_code == 302 and response.url == dutch_url("pioneers:submitted")
    assert not PracticeSubmission.objects.exists() and not OutboxEmail.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, registry, vocabulary):
    content = client.get(dutch_url("pioneers:register")).content.decode()
    start = content.index('name="website"')
    assert "<div hidden>" in content[start - 300 : start]


def test_a_form_sent_faster_than_a_person_can_is_refused(client, registry, vocabulary, monkeypatch):
    monkeypatch.setattr(pioneer_forms, "MIN_FILL_SECONDS", 60)
    response = post(client, form_data(vocabulary, started=pioneer_forms.started_value()))
    assert response.status_code == 200
    assert not PracticeSubmission.objects.exists()
    content = response.content.decode()
    assert dutch("That was very quick. Please check your answers and send the form again.") in content
    # What was typed stays, and a new start time lets the person send again.
    assert "Armoede signaleren" in content
    assert 'name="started"' in content


def test_a_forged_start_time_is_refused(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, started="12345:forged"))
    assert response.status_code == 200 and not PracticeSubmission.objects.exists()


def test_the_sixth_post_in_an_hour_gets_the_try_again_later_page(client, registry, vocabulary, settings):
    settings.RATELIMIT_ENABLE = True  # off in the test settings, so feature tests do not trip it
    for attempt in range(5):
        response = post(client, form_data(vocabulary, form_token=token(f"token-{attempt}")), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
    response = post(client, form_data(vocabulary, form_token=token("token-6")), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert dutch("Too many attempts") in response.content.decode()
    assert PracticeSubmission.objects.count() == 5
    # Another address is not affected.
    assert post(client, form_data(vocabulary, form_token=token("token-7")), REMOTE_ADDR="10.9.9.9").status_code == 302


@pytest.mark.parametrize(
    "field,length",
    [
        ("title", 256),
        ("summary", 501),
        ("organisation", 201),
        ("target_group", 301),
        ("narrative_how", 601),
        ("process_description", 5001),
        ("what_works", 3001),
        ("what_does_not_work", 3001),
        ("ingredients", 1201),
        ("contact_name", 151),
        ("contact_phone", 31),
    ],
)
def test_every_text_field_has_a_size_limit(client, registry, vocabulary, field, length):
    response = post(client, form_data(vocabulary, **{field: "a" * length}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not PracticeSubmission.objects.exists()


def test_long_links_and_addresses_are_refused(client, registry, vocabulary):
    response = post(
        client,
        form_data(vocabulary, link_1="https://example.org/" + "a" * 500, contact_email="a" * 250 + "@example.org"),
    )
    errors = response.context["form"].errors
    assert "link_1" in errors and "contact_email" in errors


def test_too_many_ingredients_are_refused(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, ingredients="\n".join(f"ingrediënt {n}" for n in range(13))))
    assert "ingredients" in response.context["form"].errors


def image(name="foto.png", data=None):
    return SimpleUploadedFile(name, data or png_bytes(), content_type="image/png")


def test_images_are_stored_re_encoded_with_their_alt_text(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, image_1=image(), alt_1="Bewoners aan een lange tafel"))
    assert response.status_code == 302
    (stored,) = SubmissionImage.objects.all()
    assert stored.alt_text == "Bewoners aan een lange tafel" and stored.file.name.endswith(".png")


def test_an_image_needs_alt_text(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, image_1=image()))
    assert "alt_1" in response.context["form"].errors and not PracticeSubmission.objects.exists()


def test_an_oversized_image_is_refused(client, registry, vocabulary, monkeypatch):
    response = post(
        client, form_data(vocabulary, image_1=image(data=png_bytes() + b"\0" * (5 * 1024 * 1024)), alt_1="Te groot")
    )
    assert "image_1" in response.context["form"].errors and not PracticeSubmission.objects.exists()


def test_an_image_with_too_many_pixels_is_refused(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, image_1=image(data=png_bytes(size=(5000, 4100))), alt_1="Groot"))
    assert "image_1" in response.context["form"].errors


def test_something_that_is_not_an_image_is_refused(client, registry, vocabulary):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = post(client, form_data(vocabulary, image_1=image("x.png", svg), alt_1="Script"))
    assert "image_1" in response.context["form"].errors


def test_at_most_three_images(client, registry, vocabulary):
    form = pioneer_forms.PracticeSubmissionForm()
    assert [name for name in form.fields if name.startswith("image_")] == ["image_1", "image_2", "image_3"]
    # A fourth file smuggled into the request is not read at all.
    data = form_data(vocabulary, image_1=image(), alt_1="Een", image_4=image(), alt_4="Vierde")
    assert post(client, data).status_code == 302
    assert list(SubmissionImage.objects.values_list("alt_text", flat=True)) == ["Een"]


def test_a_principle_ticked_needs_a_line_on_how(client, registry, vocabulary):
    response = post(client, form_data(vocabulary, narrative_how=""))
    assert "narrative_how" in response.context["form"].errors


def test_consent_is_required(client, registry, vocabulary):
    data = form_data(vocabulary)
    del data["consent"]
    response = post(client, data)
    assert dutch("Without your consent we cannot publish the practice.") in response.content.decode()
    assert not PracticeSubmission.objects.exists()
