"""Owning what you wrote (issue 14 part 5): authors edit their cycle contributions (an "edited"
mark and a history) and remove them (with their files); nobody else can; the contribution form
has a preview button that shows the sanitised result and saves nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycles.models import Contribution, ContributionRevision
from tests.form_tokens import token

from .conftest import contribute, current_phase
from .test_views import png_bytes


def edit_url(contribution):
    return reverse("cycles:edit_contribution", args=[contribution.pk])


def remove_url(contribution):
    return reverse("cycles:remove_contribution", args=[contribution.pk])


def test_the_author_edits_with_a_preview_an_edited_mark_and_history(client, cycle, member):
    contribution = contribute(cycle, member, body="Eerste versie.")
    client.force_login(member)
    phase_page = client.get(reverse("cycles:phase", args=[contribution.phase_id])).content.decode()
    assert edit_url(contribution) in phase_page and remove_url(contribution) in phase_page

    preview = client.post(
        edit_url(contribution), {"body": "Tweede **versie**<script>alert(1)</script>", "preview": "1"}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<strong>versie</strong>" in html and "<script>alert(1)" not in html
    assert "Nothing has been saved yet" in html
    contribution.refresh_from_db()
    assert contribution.body == "Eerste versie." and contribution.edited_at is None

    response = client.post(edit_url(contribution), {"body": "Tweede **versie**"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.body == "Tweede **versie**" and "<strong>versie</strong>" in contribution.body_html
    assert contribution.edited_at is not None
    assert [r.content["body"] for r in ContributionRevision.objects.filter(contribution=contribution)] == [
        "Eerste versie."
    ]
    phase_page = client.get(reverse("cycles:phase", args=[contribution.phase_id])).content.decode()
    assert "edited" in phase_page
    assert "Eerste versie." in client.get(edit_url(contribution)).content.decode()  # the history


def test_an_empty_or_too_long_text_keeps_the_input_and_says_why(client, cycle, member):
    contribution = contribute(cycle, member, body="Eerste versie.")
    client.force_login(member)
    response = client.post(edit_url(contribution), {"body": "x" * 8001})
    assert response.status_code == 400 and "x" * 8001 in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.body == "Eerste versie."


def test_nobody_else_edits_or_removes(client, cycle, member, second_member, outsider, coordinator):
    contribution = contribute(cycle, member, body="Van Mila.")
    for user in (second_member, coordinator, outsider):
        client.force_login(user)
        assert client.get(edit_url(contribution)).status_code == 404
        assert client.post(edit_url(contribution), {"body": "Overgenomen"}).status_code == 404
        assert client.post(remove_url(contribution), {"confirm": "on"}).status_code == 404
    client.logout()
    assert client.post(remove_url(contribution), {"confirm": "on"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.body == "Van Mila."


def test_the_author_removes_a_contribution_with_its_file(client, cycle, member, django_capture_on_commit_callbacks):
    contribution = contribute(
        cycle,
        member,
        kind="image",
        body="",
        image=SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png"),
        image_alt="Een tekening van de wijk",
    )
    storage, stored = contribution.image.storage, contribution.image.name
    assert storage.exists(stored)
    client.force_login(member)
    page = client.get(remove_url(contribution))
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    assert client.post(remove_url(contribution), {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(contribution), {"confirm": "on"})
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert not storage.exists(stored)


def test_the_contribution_form_previews_without_saving(client, cycle, member):
    phase = current_phase(cycle)
    client.force_login(member)
    response = client.post(
        reverse("cycles:phase", args=[phase.pk]),
        {
            "kind": "note",
            "body": "Een *voorbeeld* [link](javascript:alert(1))",
            "form_token": token("t-1"),
            "preview": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<em>voorbeeld</em>" in html and "javascript:alert" not in html.split('id="preview"')[1].split("</section>")[0]
    )
    assert not Contribution.objects.filter(phase=phase).exists()
    # The same form, now sent: saved once (the preview did not use up its one-time token).
    client.post(
        reverse("cycles:phase", args=[phase.pk]),
        {"kind": "note", "body": "Een *voorbeeld*", "form_token": token("t-1")},
    )
    assert Contribution.objects.filter(phase=phase).count() == 1
