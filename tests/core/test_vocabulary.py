"""The shared vocabulary: the municipalities the migration loads, and tracks and roles with
Dutch labels."""

from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import translation
from wagtail.models import Locale

import leeratelier.core
from leeratelier.core.factories import ThemeFactory, WerkplaatsFactory
from leeratelier.core.models import Municipality, Role, Theme, Track

GEMEENTEN = Path(leeratelier.core.__file__).parent / "data" / "gemeenten.txt"


def names_in_data_file():
    lines = GEMEENTEN.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class TestMunicipalities:
    def test_the_data_file_holds_342_distinct_names(self):
        names = names_in_data_file()
        assert len(names) == 342
        assert len(set(names)) == 342

    @pytest.mark.django_db
    def test_the_migration_loaded_all_342(self):
        assert Municipality.objects.count() == 342
        assert set(Municipality.objects.values_list("name", flat=True)) == set(names_in_data_file())
        assert Municipality.objects.current().count() == 342

    @pytest.mark.django_db
    def test_no_comment_line_became_a_municipality(self):
        assert not Municipality.objects.filter(name__startswith="#").exists()
        assert not Municipality.objects.filter(name__icontains="gemeenten").exists()

    @pytest.mark.django_db
    def test_known_names_are_there(self):
        for name in ["Amsterdam", "Utrecht", "Hilversum", "Houten", "Lingewaard", "Aa en Hunze"]:
            assert Municipality.objects.filter(name=name).exists(), name

    @pytest.mark.django_db
    def test_current_excludes_a_retired_municipality(self):
        houten, utrecht = Municipality.objects.get(name="Houten"), Municipality.objects.get(name="Utrecht")
        houten.is_active = False
        houten.merged_into = utrecht
        houten.save()
        current = Municipality.objects.current()
        assert houten not in current
        assert utrecht in current
        assert current.count() == 341
        # Kept for old records, and it says where it went.
        assert Municipality.objects.get(name="Houten").merged_into == utrecht
        assert list(utrecht.merged_from.all()) == [houten]

    @pytest.mark.django_db
    def test_names_are_unique(self):
        with pytest.raises(IntegrityError):
            Municipality.objects.create(name="Utrecht")


class TestTracks:
    def test_three_tracks(self):
        assert [track.value for track in Track] == ["efficiency", "meaning", "craft"]

    def test_dutch_labels(self):
        with translation.override("nl"):
            assert [str(track.label) for track in Track] == ["Doelmatigheid", "Betekenisgeving", "Vakmanschap"]

    def test_english_labels(self):
        with translation.override("en"):
            assert [str(track.label) for track in Track] == ["Efficiency", "Meaning-making", "Craftsmanship"]

    def test_every_track_has_a_dutch_description(self):
        for track in Track:
            with translation.override("en"):
                english = str(track.description)
            with translation.override("nl"):
                dutch = str(track.description)
            assert english and dutch and dutch != english, track


class TestRoles:
    def test_the_roles_of_the_domain(self):
        assert {role.value for role in Role} == {
            "citizen",
            "experience_expert",
            "social_worker",
            "social_entrepreneur",
            "volunteer",
            "policy_maker",
            "executive",
            "researcher",
            "student",
        }

    def test_dutch_labels(self):
        with translation.override("en"):
            english = {role: str(role.label) for role in Role}
        with translation.override("nl"):
            dutch = {role: str(role.label) for role in Role}
        assert dutch[Role.EXPERIENCE_EXPERT] == "Ervaringsdeskundige"
        assert dutch[Role.STUDENT] == "Student"  # the same word in both languages
        untranslated = [role for role in Role if role is not Role.STUDENT and dutch[role] == english[role]]
        assert untranslated == []


@pytest.mark.django_db
class TestEditableVocabulary:
    def test_werkplaats_names_its_university(self):
        werkplaats = WerkplaatsFactory(name="Werkplaats Sociaal Domein Limburg", university="Zuyd")
        assert str(werkplaats) == "Werkplaats Sociaal Domein Limburg (Zuyd)"

    def test_themes_are_translatable_with_one_slug_per_language(self):
        nl = Locale.objects.get(language_code="nl")
        en = Locale.objects.get_or_create(language_code="en")[0]
        armoede = ThemeFactory(name="Armoede", slug="armoede", locale=nl)
        poverty = armoede.copy_for_translation(en)
        poverty.name = "Poverty"
        poverty.save()
        assert armoede.get_translation(en) == poverty
        assert set(Theme.objects.filter(slug="armoede").values_list("locale__language_code", flat=True)) == {"nl", "en"}
        with pytest.raises(IntegrityError):
            Theme.objects.create(name="Armoede bis", slug="armoede", locale=nl)
