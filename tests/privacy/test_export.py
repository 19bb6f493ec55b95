"""Downloading one's data: asked on the profile page, prepared by a django-q2 job, emailed as a
link that works for the person only and only until it expires."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from leeratelier.accounts import services
from leeratelier.accounts.models import DataExport, profile_of
from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.cases import services as case_services
from leeratelier.core import outbox
from leeratelier.core.models import AuditEvent, OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def active_member(member, public_atelier, public_meeting):
    profile = profile_of(member)
    profile.organisation = "Wijkteam Oost"
    profile.bio = "Ik werk als sociaal werker."
    profile.avatar.save("portret.png", ContentFile(png()))
    atelier_services.register(public_meeting, user=member)
    case = case_services.post_case(
        public_atelier,
        member,
        title="Schulden en schaamte",
        situation="Een gezin met schulden.",
        question="Hoe begin je het gesprek?",
        anonymised_confirmed=True,
    )
    case_services.reflect(case, member, "experience", "Wat mij hielp: eerst luisteren.")
    yield member
    profile.avatar.delete(save=False)


def ask_for_export(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 302
    return DataExport.objects.get(user=user)


def download_url(export):
    email = OutboxEmail.objects.get(kind="account-data-export-ready", context__export=export.pk)
    body = outbox.render(email).body
    url = next(word for word in body.split() if "/my-data/" in word)
    return url.split("localhost", 1)[-1] if "://" in url else url


def test_export_zip_holds_all_parts_and_the_photo(client, active_member, django_capture_on_commit_callbacks):
    export = ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.ready_at == timedelta(days=services.EXPORT_VALID_DAYS)
    assert not str(export.path.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))

    response = client.get(download_url(export))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert {"README.json", "account.json", "ateliers.json", "cases.json"} <= set(names)

    account = json.loads(archive.read("account.json"))
    assert account["email"] == active_member.email
    assert account["profile"]["organisation"] == "Wijkteam Oost"
    photo = f"files/account/{account['profile']['photo']}"
    assert photo in names and archive.read(photo)[:8] == b"\x89PNG\r\n\x1a\n"

    ateliers = json.loads(archive.read("ateliers.json"))
    assert {m["atelier"] for m in ateliers["memberships"]} == {"Leeratelier Armoede", "Besloten Jongerenatelier"}
    assert [r["meeting"] for r in ateliers["registrations"]] == ["Armoede bespreekbaar maken"]

    cases = json.loads(archive.read("cases.json"))
    assert [c["title"] for c in cases["cases"]] == ["Schulden en schaamte"]
    assert [r["body"] for r in cases["reflections"]] == ["Wat mij hielp: eerst luisteren."]

    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORT_REQUESTED, actor=active_member).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DATA_EXPORT_DOWNLOADED, actor=active_member).count() == 1


def test_export_holds_nothing_of_other_people(
    client, active_member, outsider, public_atelier, django_capture_on_commit_callbacks
):
    MembershipFactory(atelier=public_atelier, user=outsider)
    case_services.post_case(
        public_atelier, outsider, title="Casus van een ander", situation="s", question="q", anonymised_confirmed=True
    )
    export = ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(export.path)
    text = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".json"))
    assert "Schulden en schaamte" in text
    assert "Casus van een ander" not in text and outsider.email not in text and outsider.last_name not in text


def test_asking_twice_makes_one_export_and_one_email(client, active_member, django_capture_on_commit_callbacks):
    ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:data_export"))
    assert DataExport.objects.filter(user=active_member).count() == 1
    assert OutboxEmail.objects.filter(kind="account-data-export-ready").count() == 1


def test_the_job_gets_ids_only(client, active_member, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda *args, **kwargs: calls.append(args))
    client.force_login(active_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:data_export"))
    export = DataExport.objects.get()
    assert calls == [(services.EXPORT_TASK, export.pk)]
    assert export.status == DataExport.Status.PENDING


def test_another_member_cannot_download(client, active_member, outsider, django_capture_on_commit_callbacks):
    export = ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    url = download_url(export)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_made_up_link_is_404(client, active_member):
    client.force_login(active_member)
    assert client.get(reverse("accounts:data_export_download", args=["1:forged:signature"])).status_code == 404


def test_expired_link_is_410_and_then_purged(client, active_member, django_capture_on_commit_callbacks):
    from leeratelier.core import privacy

    export = ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    url = download_url(export)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode() or "verlopen" in response.content.decode()
    privacy.run_retention()
    assert not DataExport.objects.filter(pk=export.pk).exists() and not export.path.exists()
    assert client.get(url).status_code == 404


def test_link_older_than_its_lifetime_is_410(client, active_member, django_capture_on_commit_callbacks, monkeypatch):
    export = ask_for_export(client, active_member, django_capture_on_commit_callbacks)
    url = download_url(export)
    later = timezone.now() + timedelta(days=services.EXPORT_VALID_DAYS, hours=1)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    assert client.get(url).status_code == 410


def test_profile_offers_the_download_and_is_private(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:profile"))
    assert reverse("accounts:data_export") in response.content.decode()
    assert reverse("accounts:delete_account") in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "Cookie" in response["Vary"]
    assert client.get(reverse("accounts:data_export")).status_code == 405  # POST only
