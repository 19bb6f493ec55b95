"""Names cannot spoof (issue 20, part 7): bidi controls, zero-width and invisible characters are
removed from every name field, a word that mixes look-alike alphabets is refused with a clear
message, and names are printed inside <bdi>. Through the real forms."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from leeratelier.ateliers.models import Registration
from leeratelier.cases import services
from leeratelier.core.names import clean_name, mixed_script_words

from .conftest import CASE

RLO, ZWSP, BRAILLE_BLANK, HANGUL_FILLER = "\u202e", "\u200b", "\u2800", "\u3164"


def profile_data(**changes):
    return {
        "first_name": "Anna",
        "last_name": "de Vries",
        "role": "experience_expert",
        "organisation": "Wijkteam Lingewaard",
        "bio": "",
        "language": "en",
        **changes,
    }


@pytest.mark.parametrize(
    "typed, stored",
    [
        (f"Anna{RLO}nimda", "Annanimda"),
        (f"Ad{ZWSP}min", "Admin"),
        (f"Jan\u2066 \u2069de{BRAILLE_BLANK}Boer", "Jan deBoer"),
        (f"  Fatima{HANGUL_FILLER}  el\u00a0\u00a0Idrissi ", "Fatima el Idrissi"),
        ("\uff21\uff4e\uff4e\uff41", "Anna"),  # full-width letters
        ("Zoë O'Brien-Ünal", "Zoë O'Brien-Ünal"),
    ],
)
def test_invisible_characters_are_removed(typed, stored):
    assert clean_name(typed) == stored


def test_mixed_alphabets_in_one_word_are_found_and_separate_words_are_fine():
    assert mixed_script_words("P\u0430ul Jansen") == ["P\u0430ul"]  # Cyrillic а
    assert mixed_script_words("\u0391lex") == ["\u0391lex"]  # Greek Alpha
    assert mixed_script_words("Анна Jansen") == []
    assert mixed_script_words("Νίκος Παπαδόπουλος") == []


@pytest.mark.django_db
def test_the_profile_form_stores_a_clean_name_and_organisation(client, member):
    client.force_login(member)

    response = client.post(
        "/en/accounts/profile/",
        profile_data(
            first_name=f"Mila{RLO}", last_name=f"L{ZWSP}id", organisation=f"Gemeente{BRAILLE_BLANK} Houten\u200f"
        ),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.last_name, member.profile.organisation) == ("Mila", "Lid", "Gemeente Houten")


@pytest.mark.django_db
def test_a_name_of_only_invisible_characters_is_empty(client, member):
    client.force_login(member)

    response = client.post("/en/accounts/profile/", profile_data(first_name=BRAILLE_BLANK * 3 + HANGUL_FILLER))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.django_db
def test_a_homoglyph_name_is_refused_with_a_clear_message(client, member):
    client.force_login(member)

    response = client.post("/en/accounts/profile/", profile_data(first_name="Adm\u0456n"))  # Cyrillic і

    assert response.status_code == 200
    assert "mixes letters of different alphabets in one word" in response.content.decode()
    member.refresh_from_db()
    assert member.first_name != "Adm\u0456n"


@pytest.mark.django_db
def test_sign_up_cleans_the_name(client, db):
    password = "Zeven-lange-woorden-2026"
    client.post(
        "/en/accounts/signup/",
        {
            "first_name": f"Sanne{RLO}",
            "last_name": f"{ZWSP}Smit",
            "email": "sanne@example.org",
            "password1": password,
            "password2": password,
        },
    )

    user = get_user_model().objects.get(email__iexact="sanne@example.org")
    assert (user.first_name, user.last_name) == ("Sanne", "Smit")


@pytest.mark.django_db
def test_a_guest_registration_cleans_the_name(client, public_meeting):
    public_meeting.guests_allowed = True
    public_meeting.save()

    client.post(f"/en/meeting/{public_meeting.pk}/register/", {"name": f"Gast{RLO}naam", "email": "gast@example.org"})

    assert Registration.objects.get(guest_email="gast@example.org").guest_name == "Gastnaam"


@pytest.mark.django_db
def test_names_are_printed_inside_bdi(client, hidden_atelier, member, coordinator):
    member.first_name, member.last_name = "\u05e9\u05e8\u05d4", "Cohen"  # a Hebrew first name
    member.save()
    case = services.post_case(hidden_atelier, member, **CASE)
    client.force_login(coordinator)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    members = client.get(reverse("ateliers:members", args=[hidden_atelier.pk])).content.decode()

    assert "<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>" in page
    assert "<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>" in members


@pytest.mark.django_db
def test_the_directory_and_the_profile_print_names_and_organisations_inside_bdi(
    client, hidden_atelier, member, coordinator
):
    member.first_name, member.last_name = "\u05e9\u05e8\u05d4", "Cohen"
    member.save()
    member.profile.organisation = "\u0628\u0644\u062f\u064a\u0629 Arnhem"  # an Arabic word first
    member.profile.listed_in_directory = True
    member.profile.save()
    client.force_login(coordinator)

    directory = client.get(reverse("people:directory", args=[hidden_atelier.pk]))
    profile = client.get(reverse("people:profile", args=[member.pk]))

    assert directory.status_code == 200 and profile.status_code == 200
    for page in (directory.content.decode(), profile.content.decode()):
        assert "<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>" in page
        assert "<bdi>\u0628\u0644\u062f\u064a\u0629 Arnhem</bdi>" in page
        body = page.split("<main", 1)[1]
        assert body.count("\u05e9\u05e8\u05d4 Cohen") == body.count("<bdi>\u05e9\u05e8\u05d4 Cohen</bdi>")
