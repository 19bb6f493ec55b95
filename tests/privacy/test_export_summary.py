"""The data export holds a readable summary (summary.html) next to the JSON files: every part
under a heading in the member's language, dates in words, yes/no rather than true/false, no
internal keys, and what the member typed escaped."""

import zipfile

import pytest

from leeratelier.accounts.models import profile_of
from leeratelier.cases import services as case_services

from .test_export import active_member, ask_for_export, png, private_files

pytestmark = pytest.mark.django_db


def summary_of(export):
    archive = zipfile.ZipFile(export.path)
    assert "summary.html" in archive.namelist() and "account.json" in archive.namelist()
    return archive.read("summary.html").decode()


def test_the_summary_is_in_dutch_for_a_dutch_member(
    client, active_member, public_atelier, django_capture_on_commit_callbacks
):
    profile = profile_of(active_member)
    profile.language = "nl"
    profile.save()
    case_services.post_case(
        public_atelier,
        active_member,
        title="<script>alert(1)</script>",
        situation="s",
        question="q",
        anonymised_confirmed=True,
    )
    html = summary_of(ask_for_export(client, active_member, django_capture_on_commit_callbacks))
    assert '<html lang="nl">' in html and "<h1>Jouw gegevens bij Leeratelier</h1>" in html
    assert "Wijkteam Oost" in html and "Schulden en schaamte" in html and "Wat mij hielp: eerst luisteren." in html
    assert "Armoede bespreekbaar maken" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "atelier_key" not in html and "True" not in html and "False" not in html


def test_the_summary_is_in_english_for_an_english_member(client, active_member, django_capture_on_commit_callbacks):
    profile = profile_of(active_member)
    profile.language = "en"
    profile.save()
    html = summary_of(ask_for_export(client, active_member, django_capture_on_commit_callbacks))
    assert '<html lang="en">' in html and "<h1>Your data at Leeratelier</h1>" in html
    assert '<h2 id="account-heading">Your account and profile</h2>' in html
    assert "<dt>Organisation</dt><dd>Wijkteam Oost</dd>" in html
