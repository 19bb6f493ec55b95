"""The profile: made with the user, edited on /<lang>/accounts/profile/ by its owner only; photos
are re-encoded without EXIF and stored under a random name; a refused photo saves nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from leeratelier.accounts.forms import ProfileForm
from leeratelier.accounts.models import Profile, profile_of

PROFILE = "/en/accounts/profile/"


def jpeg_with_gps(size=(64, 48)):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}  # GPSInfo
    output = io.BytesIO()
    Image.new("RGB", size, "teal").save(output, format="JPEG", exif=exif)
    return output.getvalue()


def profile_data(**changes):
    return {
        "first_name": "Anna",
        "last_name": "de Vries",
        "role": "experience_expert",
        "organisation": "Wijkteam Lingewaard",
        "bio": "Ervaringsdeskundige armoede.",
        "language": "en",
        **changes,
    }


@pytest.mark.django_db
class TestProfileModel:
    def test_every_new_user_has_a_profile_in_dutch(self):
        user = get_user_model().objects.create_user("cees", "cees@example.org")
        assert user.profile.language == "nl"

    def test_profile_of_makes_a_missing_profile(self, member):
        Profile.objects.filter(user=member).delete()
        user = get_user_model().objects.get(pk=member.pk)

        assert profile_of(user).pk == Profile.objects.get(user=member).pk


@pytest.mark.django_db
class TestProfilePage:
    def test_signed_out_visitors_are_sent_to_the_login_page(self, client):
        response = client.get("/nl/accounts/profile/")

        assert response.status_code == 302
        assert response["Location"] == "/nl/accounts/login/?next=/nl/accounts/profile/"

    def test_saving_the_profile(self, client, member, media_root, django_capture_on_commit_callbacks):
        client.force_login(member)
        photo = SimpleUploadedFile("vakantie.jpg", jpeg_with_gps(), content_type="image/jpeg")

        response = client.post(PROFILE, profile_data(first_name="Anne", avatar=photo), follow=True)

        assert response.redirect_chain == [(PROFILE, 302)]
        assert "Your profile has been saved." in response.content.decode()
        member.refresh_from_db()
        assert member.first_name == "Anne"
        profile = member.profile
        assert (profile.role, profile.organisation, profile.language) == (
            "experience_expert",
            "Wijkteam Lingewaard",
            "en",
        )
        assert profile.avatar.name.startswith("avatars/")
        assert "vakantie" not in profile.avatar.name  # a random name, not the person's file name
        stored = (media_root / profile.avatar.name).read_bytes()
        assert b"CameraMaker" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.format == "JPEG"
            assert dict(image.getexif()) == {}

    def test_the_header_shows_the_new_name(self, client, member):
        client.force_login(member)
        response = client.post(PROFILE, profile_data(first_name="Anne"), follow=True)
        assert ">Anne de Vries</bdi></a>" in response.content.decode()

    @pytest.mark.parametrize(
        "upload, message",
        [
            (
                SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
                "SVG images are not accepted. Upload a JPEG, PNG or WebP image.",
            ),
            (
                SimpleUploadedFile("photo.jpg", b"this is no image at all", "image/jpeg"),
                "This file is not an image we can read. Upload a JPEG, PNG or WebP image.",
            ),
        ],
        ids=["svg", "not-an-image"],
    )
    def test_a_refused_photo_is_an_error_next_to_the_field_and_nothing_is_saved(
        self, client, member, media_root, upload, message
    ):
        client.force_login(member)

        response = client.post(PROFILE, profile_data(organisation="Gemeente Houten", avatar=upload))

        assert response.status_code == 200
        html = response.content.decode()
        assert f'<ul class="errorlist" id="id_avatar_error"><li>{message}</li></ul>' in html
        # The error summary at the top names the problem and links to the field.
        assert "There is a problem" in html and '<a href="#id_avatar">' in html
        assert "<title>Error: " in html
        profile = Profile.objects.get(user=member)
        assert profile.organisation == ""
        assert not profile.avatar
        assert not (media_root / "avatars").exists()

    def test_a_too_large_photo_is_refused(self, client, member, media_root, monkeypatch):
        monkeypatch.setattr(ProfileForm.base_fields["avatar"], "max_bytes", 1000)
        client.force_login(member)
        photo = SimpleUploadedFile("groot.jpg", jpeg_with_gps(size=(600, 400)), content_type="image/jpeg")

        response = client.post(PROFILE, profile_data(avatar=photo))

        assert "This file is too large" in response.content.decode()
        assert not Profile.objects.get(user=member).avatar

    def test_a_new_photo_replaces_the_old_file(self, client, member, media_root, django_capture_on_commit_callbacks):
        client.force_login(member)
        first = SimpleUploadedFile("een.jpg", jpeg_with_gps(), content_type="image/jpeg")
        client.post(PROFILE, profile_data(avatar=first))
        old_name = Profile.objects.get(user=member).avatar.name

        with django_capture_on_commit_callbacks(execute=True):
            second = SimpleUploadedFile("twee.jpg", jpeg_with_gps(), content_type="image/jpeg")
            client.post(PROFILE, profile_data(avatar=second))

        new_name = Profile.objects.get(user=member).avatar.name
        assert new_name != old_name
        assert (media_root / new_name).exists()
        assert not (media_root / old_name).exists()
