"""Attachments of a case: images and PDFs only (by content, through core.uploads), alt text for
every image, private storage outside MEDIA_ROOT, served only through the view that asks the
access function, as a download that is never sniffed; query counts that do not grow."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services
from leeratelier.cases.models import Attachment
from leeratelier.core.factories import UserFactory

from .test_views import CASE


def one_page_pdf():
    """A real (if empty) PDF: uploads must parse as one."""
    from pypdf import PdfWriter

    writer, output = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=72, height=72)
    writer.write(output)
    return output.getvalue()


PDF_BYTES = one_page_pdf()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def colleague(hidden_atelier):
    user = UserFactory(username="colleague")
    MembershipFactory(atelier=hidden_atelier, user=user)
    return user


def png(name="foto.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(client, case, file, alt_text=""):
    return client.post(reverse("cases:add_attachment", args=[case.pk]), {"file": file, "alt_text": alt_text})


def test_image_with_alt_text_is_stored_privately_and_served_as_a_download(
    client, case, member, colleague, private_media
):
    client.force_login(member)
    response = upload(client, case, png("Gezin Jansen.png"), "Een tekening van het gezin")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "image" and attachment.alt_text == "Een tekening van het gezin"
    path = attachment.file.path
    assert path.startswith(str(private_media)) and not path.startswith(str(settings.MEDIA_ROOT))
    assert "Jansen" not in attachment.file.name and attachment.file.name.startswith(f"cases/{case.pk}/")

    client.force_login(colleague)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    url = reverse("cases:attachment", args=[attachment.pk])
    assert f'<img src="{url}" alt="Een tekening van het gezin"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    data = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(data)).size == (40, 30)


def test_image_without_alt_text_is_refused(client, case, member):
    client.force_login(member)
    response = upload(client, case, png())
    assert response.status_code == 400
    assert "Describe what the image shows." in response.content.decode()
    assert not Attachment.objects.exists()


def test_pdf_needs_no_alt_text(client, case, member):
    client.force_login(member)
    upload(client, case, SimpleUploadedFile("verslag.pdf", PDF_BYTES, content_type="application/pdf"))
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.content_type == "application/pdf"
    response = client.get(reverse("cases:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf" and 'filename="verslag.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "file, message",
    [
        (
            SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            "SVG images are not accepted.",
        ),
        (
            SimpleUploadedFile("notities.pdf", b"gewoon wat tekst, geen pdf"),
            "Only images (JPEG, PNG, WebP) and PDF documents",
        ),
        (
            SimpleUploadedFile("page.png", b"<html><script>alert(1)</script></html>"),
            "Only images (JPEG, PNG, WebP) and PDF documents",
        ),
        (SimpleUploadedFile("leeg.png", b""), "The submitted file is empty."),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(client, case, member, file, message):
    client.force_login(member)
    response = upload(client, case, file, "iets")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_image_bomb_is_refused(client, case, member):
    client.force_login(member)
    response = upload(client, case, png(size=(6000, 4100)), "groot")
    assert response.status_code == 400 and "too large" in response.content.decode()


def test_only_the_author_adds_and_removes(client, case, member, colleague, django_capture_on_commit_callbacks):
    client.force_login(colleague)
    upload(client, case, png(), "foto")
    assert not Attachment.objects.exists()
    client.force_login(member)
    upload(client, case, png(), "foto")
    attachment = Attachment.objects.get()
    client.force_login(colleague)
    client.post(reverse("cases:remove_attachment", args=[attachment.pk]))
    assert Attachment.objects.exists()
    client.force_login(member)
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:remove_attachment", args=[attachment.pk]))
    assert response.status_code == 302 and not Attachment.objects.exists() and not os.path.exists(path)


def test_who_gets_the_file(client, case, member, colleague, outsider, coordinator):
    client.force_login(member)
    upload(client, case, png(), "foto")
    url = reverse("cases:attachment", args=[Attachment.objects.get().pk])
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404 and CASE["title"] not in response.content.decode()
    assert client.post(reverse("cases:add_attachment", args=[case.pk])).status_code == 404
    # Hidden by a coordinator: the author and coordinators still get it, other members not.
    services.hide(case, coordinator, "Herleidbaar")
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_removing_the_case_deletes_its_files(client, case, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    upload(client, case, png(), "foto")
    path = Attachment.objects.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_case(case, member)
    assert not Attachment.objects.exists() and not os.path.exists(path)


def test_case_page_queries_do_not_grow_with_attachments(client, hidden_atelier, member, colleague):
    small = services.post_case(hidden_atelier, member, **CASE)
    large = services.post_case(hidden_atelier, member, **CASE)
    client.force_login(member)
    upload(client, small, png(), "een")
    for i in range(6):
        upload(client, large, png(), f"foto {i}")
    client.force_login(colleague)

    def count(target):
        url = reverse("cases:detail", args=[target.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(small) == count(large)
