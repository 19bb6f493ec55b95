"""The report, complete: image stories (with their description) and audio stories (with their
transcript) can be chosen; the compass chart is on the report page and in the PDF; published
public reports are listed on the atelier page and in the sitemap, never a private one, and never
one of a hidden atelier in the sitemap."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from cycles import services
from cycles.models import NarrativeReport

from .conftest import contribute, current_phase, start
from .test_reports import compose, pdf_text
from .test_views import png_bytes, wav_bytes

pytestmark = pytest.mark.django_db

ALT = "Een tekening van de buurtkamer vol mensen"
TRANSCRIPT = "Ik kwam hier voor het eerst in jaren onder de mensen."


def refused(response):
    """Not served: a 404, which a signed-out visitor gets as the login page (hidden ids)."""
    return response.status_code == 404 or (response.status_code == 302 and "/accounts/login/" in response["Location"])


def publish_with_media(client, cycle, coordinator, member, visibility="public"):
    image = contribute(
        cycle,
        member,
        kind="story",
        body="",
        shareable=True,
        track="meaning",
        image_alt=ALT,
        image=SimpleUploadedFile("tekening.png", png_bytes(), content_type="image/png"),
    )
    audio = contribute(
        cycle,
        member,
        kind="story",
        body="",
        shareable=True,
        track="meaning",
        transcript=TRANSCRIPT,
        audio=SimpleUploadedFile("verhaal.wav", wav_bytes(), content_type="audio/wav"),
    )
    for _ in range(2):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    values = list(cycle.values.all())
    services.score_values(current_phase(cycle).loop, member, {values[0]: (4, ""), values[1]: (2, "")})
    report = compose(client, cycle, coordinator, visibility=visibility)
    edit = client.get(reverse("cycles:report_edit", args=[report.pk])).content.decode()
    assert ALT in edit and TRANSCRIPT in edit  # both can be chosen
    client.post(
        reverse("cycles:report_edit", args=[report.pk]),
        {"items": [f"contribution:{image.pk}", f"contribution:{audio.pk}", "compass"], "then": "publish"},
    )
    report.refresh_from_db()
    return report, image, audio


def test_image_and_audio_stories_and_the_chart_are_in_the_report(client, cycle, coordinator, member):
    report, image, audio = publish_with_media(client, cycle, coordinator, member)
    client.logout()
    page = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert f'alt="{ALT}"' in page and TRANSCRIPT in page
    assert 'aria-labelledby="compass-0-title compass-0-desc"' in page  # the chart, with its text alternative
    served = client.get(reverse("cycles:report_image", args=[report.pk, image.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert client.get(reverse("cycles:report_audio", args=[report.pk, audio.pk]))["Content-Type"].startswith("audio/")
    other = contribute(cycle, member, kind="story", body="Niet gekozen", shareable=True)
    assert refused(client.get(reverse("cycles:report_image", args=[report.pk, other.pk])))


def test_the_pdf_holds_the_chart_the_transcript_and_the_image_description(client, cycle, coordinator, member):
    report, _image, _audio = publish_with_media(client, cycle, coordinator, member)
    content = client.get(reverse("cycles:report_pdf", args=[report.pk])).content
    text = pdf_text(content)
    assert TRANSCRIPT[:30] in text
    assert "Each line is a value" in text  # the chart's caption, under the chart
    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert any(page.images for page in reader.pages), "the image story is not in the PDF"
    alts = []

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 60:
            return
        if hasattr(node, "get") and node.get("/Alt"):
            alts.append(str(node["/Alt"]))
        kids = node.get("/K") if hasattr(node, "get") else None
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert ALT in alts


def test_a_withdrawn_image_story_leaves_the_page_the_pdf_and_its_file(client, cycle, coordinator, member):
    report, image, _audio = publish_with_media(client, cycle, coordinator, member)
    services.set_shareable(image, member, False)
    client.logout()
    assert ALT not in client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert refused(client.get(reverse("cycles:report_image", args=[report.pk, image.pk])))
    reader = PdfReader(io.BytesIO(client.get(reverse("cycles:report_pdf", args=[report.pk])).content))
    assert not any(page.images for page in reader.pages)


def test_the_atelier_page_lists_the_reports_each_reader_may_read(client, public_atelier, coordinator, member, outsider):
    cycle = start(public_atelier, coordinator)
    public = compose(client, cycle, coordinator, visibility="public")
    client.post(reverse("cycles:report_edit", args=[public.pk]), {"items": [], "then": "publish"})
    NarrativeReport.objects.filter(pk=public.pk).update(title="Openbaar verslag")
    private = NarrativeReport.objects.create(
        atelier_key=public_atelier.translation_key,
        cycle=cycle,
        period_start=cycle.starts_on,
        period_end=cycle.ends_on,
        title="Verslag voor leden",
        visibility="private",
        status="published",
        snapshot={},
    )
    client.logout()
    page = client.get(public_atelier.url).content.decode()
    assert "Openbaar verslag" in page and "Verslag voor leden" not in page
    sitemap = client.get("/sitemap.xml").content.decode()
    assert reverse("cycles:report", args=[public.pk]) in sitemap
    assert reverse("cycles:report", args=[private.pk]) not in sitemap
    client.force_login(coordinator)
    assert "Verslag voor leden" in client.get(public_atelier.url).content.decode()


def test_a_hidden_ateliers_public_report_stays_out_of_the_sitemap(client, cycle, coordinator):
    report = compose(client, cycle, coordinator, visibility="public")
    client.post(reverse("cycles:report_edit", args=[report.pk]), {"items": [], "then": "publish"})
    client.logout()
    assert client.get(reverse("cycles:report", args=[report.pk])).status_code == 200  # by its link
    assert f"/report/{report.pk}/" not in client.get("/sitemap.xml").content.decode()
