"""Regression tests for the security review (issue 20): moderation with the second factor,
attachments that are not what they say, unverified pioneer images, and the admin's update check.
Each through the real URLs."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leeratelier.cases import services
from leeratelier.cases.models import Attachment
from leeratelier.pioneers.models import SubmissionImage
from tests.cases.test_attachments import one_page_pdf
from tests.pioneers.conftest import dutch_url, form_data, no_fill_time, png_bytes, registry, vocabulary

from .test_two_factor import person, sign_in, with_totp


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


# --- 3: hidden posts' text and the open-reports queue need the second factor --------------------


@pytest.fixture
def moderated(case, member, hidden_atelier):
    from leeratelier.ateliers.factories import MembershipFactory
    from leeratelier.ateliers.models import Membership

    coordinator = person("coordinatie@example.org")
    MembershipFactory(atelier=hidden_atelier, user=coordinator, role=Membership.Role.COORDINATOR)
    reflection = services.reflect(case, member, "experience", "Haar naam is Fatima en ze woont op nummer 12.")
    services.hide(reflection, coordinator, "Herleidbare cliëntgegevens")
    return coordinator, reflection


@pytest.mark.django_db
def test_a_coordinator_reads_a_hidden_post_only_with_the_second_factor(client, settings, case, moderated):
    settings.TWO_FACTOR_REQUIRED = True
    coordinator, reflection = moderated
    secret = with_totp(coordinator)
    client.force_login(coordinator)  # a session opened with the password only

    page = client.get(f"/en/case/{case.pk}/").content.decode()
    assert "Fatima" not in page
    assert "Sign in with your authenticator app to read the hidden text." in page
    assert "/accounts/reauthenticate/" in page or "2fa/reauthenticate" in page
    queue = client.get(f"/en/atelier/{case_atelier_pk(case)}/cases/reports/")
    assert queue.status_code == 302 and "reauthenticate" in queue["Location"]

    client.logout()
    sign_in(client, coordinator, secret)
    page = client.get(f"/en/case/{case.pk}/").content.decode()
    assert "Fatima" in page
    assert client.get(f"/en/atelier/{case_atelier_pk(case)}/cases/reports/").status_code == 200


def case_atelier_pk(case):
    from leeratelier.ateliers.models import AtelierPage

    return AtelierPage.objects.filter(translation_key=case.atelier_key).first().pk


@pytest.mark.django_db
def test_hide_and_restore_ask_for_the_second_factor(client, settings, case, moderated):
    settings.TWO_FACTOR_REQUIRED = True
    coordinator, reflection = moderated
    with_totp(coordinator)
    client.force_login(coordinator)

    response = client.post(f"/en/reflection/{reflection.pk}/restore/")

    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    reflection.refresh_from_db()
    assert reflection.is_hidden


# --- 6: attachments ---------------------------------------------------------------------------


def attach(client, case, name, data):
    return client.post(
        reverse("cases:add_attachment", args=[case.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), "alt_text": ""},
    )


@pytest.mark.django_db
def test_html_that_starts_like_a_pdf_is_refused(client, case, member):
    client.force_login(member)

    response = attach(client, case, "rapport.html", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>")

    assert response.status_code == 400
    assert "This file is not a PDF document we can read." in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_pdf_is_offered_under_a_safe_name_with_its_real_extension(client, case, member):
    client.force_login(member)
    attach(client, case, "rapport.html", one_page_pdf())
    attach(client, case, "verslag\u202egpj.exe", one_page_pdf())
    attach(client, case, "ver\u200bslag\u2066 \u0007def.pdf", one_page_pdf())

    names = list(Attachment.objects.order_by("pk").values_list("original_name", flat=True))

    assert names == ["rapport.pdf", "verslaggpj.pdf", "verslag def.pdf"]
    for attachment in Attachment.objects.all():
        download = client.get(reverse("cases:attachment", args=[attachment.pk]))
        disposition = download["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith('.pdf"')
        assert "\u202e" not in disposition and "html" not in disposition


@pytest.mark.django_db
def test_an_older_attachment_with_a_bad_name_is_still_offered_safely(client, case, member):
    from django.core.files.base import ContentFile

    item = Attachment(
        case=case,
        uploaded_by=member,
        kind="pdf",
        content_type="application/pdf",
        original_name="rapport\u202elmth.html",
        size=9,
    )
    item.file.save("x.pdf", ContentFile(one_page_pdf()), save=True)
    client.force_login(member)

    disposition = client.get(reverse("cases:attachment", args=[item.pk]))["Content-Disposition"]

    assert disposition == 'attachment; filename="rapportlmth.pdf"'


# --- 10: unverified pioneer images, the admin's update check -----------------------------------


@pytest.mark.django_db
def test_an_unverified_submissions_image_is_not_under_media_url(client, registry, vocabulary):
    image = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = client.post(dutch_url("pioneers:register"), form_data(vocabulary, image_1=image, alt_1="Een tafel"))
    assert response.status_code == 302

    (stored,) = SubmissionImage.objects.all()
    path = stored.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = stored.file.url  # private storage has no URL
    assert not any(settings.MEDIA_ROOT.rglob("*.png")) if settings.MEDIA_ROOT.exists() else True
    assert client.get(settings.MEDIA_URL + stored.file.name).status_code == 404


@pytest.mark.django_db
def test_the_admin_asks_the_browser_for_nothing_from_the_internet(client):
    from leeratelier.core.factories import UserFactory

    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    client.force_login(UserFactory(username="beheerder", is_staff=True, is_superuser=True))

    html = client.get("/admin/").content.decode()

    assert "releases.wagtail.org" not in html and "w-upgrade" not in html
    import re

    fetched = re.findall(r'(?:src|srcset|data-[\w-]*url[\w-]*)="(https?://[^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(https?://[^"]+)"', html)
    assert not fetched and not stylesheets, fetched + stylesheets
