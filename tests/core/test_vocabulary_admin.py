"""The shared vocabulary in the Wagtail admin, through the admin's own URLs: an editor adds,
translates and merges entries and sees what uses them; deleting an entry in use is refused; bad
input gets a clear message; a moderator or coordinator cannot touch it; public pages follow."""

from html import escape

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.models import Locale

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.core import pagecache
from leeratelier.core.factories import ThemeFactory, UserFactory, WerkplaatsFactory
from leeratelier.core.models import Municipality, Theme, Werkplaats
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.pioneers.models import Ingredient, PracticePage

SNIPPETS = "/admin/snippets"


def shown(message, body):
    """A message as the admin shows it, in Dutch or English (the admin's language)."""
    texts = []
    for language in ("nl", "en"):
        with translation.override(language):
            texts.append(escape(str(message), quote=True))
    return any(text in body for text in texts)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def editor(db):
    """An editor as the "Editors" group makes one: admin access and the vocabulary's model
    permissions (Django's own add/change/delete/view), and wagtail-localize's translate."""
    group, _ = Group.objects.get_or_create(name="Test editors")
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("theme", "werkplaats", "municipality", "ingredient")
    ]
    group.permissions.set(Permission.objects.filter(codename__in=codenames + ["access_admin", "submit_translation"]))
    user = UserFactory(username="editor")
    user.groups.add(group)
    return user


@pytest.fixture
def moderator(db):
    """A moderator: admin access only (the pioneer workflow gives page permissions, no vocabulary)."""
    group, _ = Group.objects.get_or_create(name="Test moderators")
    group.permissions.set(Permission.objects.filter(codename="access_admin"))
    user = UserFactory(username="moderator")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(home_page):
    atelier = AtelierPageFactory(parent=AtelierIndexPageFactory(parent=home_page), title="Leeratelier Armoede")
    user = UserFactory(username="coordinator")
    MembershipFactory(atelier=atelier, user=user, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def registry(home_page):
    return PracticeIndexPageFactory(parent=home_page)


def practice(registry, **fields):
    ingredients = fields.pop("ingredients", [])
    themes = fields.pop("themes", [])
    page = PracticePageFactory(parent=registry, **fields)
    page.themes = themes
    page.ingredients.set(ingredients)
    page.save_revision().publish()
    return PracticePage.objects.get(pk=page.pk)


# --- adding, with bad input ------------------------------------------------------------------


def werkplaats_form(**overrides):
    data = {
        "name": "Werkplaats Sociaal Domein Noord",
        "university": "HU",
        "university_name": "Hogeschool Utrecht",
        "region": "Utrecht",
        "website": "https://werkplaats.example.nl",
        "contact_person": "Mira de Vries",
        "contact_email": "mira@example.nl",
    }
    return {**data, **overrides}


def test_editor_adds_a_werkplaats_with_its_contact(client, editor):
    client.force_login(editor)
    assert client.get(f"{SNIPPETS}/core/werkplaats/").status_code == 200
    response = client.post(f"{SNIPPETS}/core/werkplaats/add/", werkplaats_form())
    assert response.status_code == 302
    werkplaats = Werkplaats.objects.get(name="Werkplaats Sociaal Domein Noord")
    assert (werkplaats.contact_person, werkplaats.contact_email) == ("Mira de Vries", "mira@example.nl")
    listing = client.get(f"{SNIPPETS}/core/werkplaats/?q=Noord").content.decode()
    assert "Werkplaats Sociaal Domein Noord" in listing and "Mira de Vries" in listing


def test_a_contact_email_that_is_not_an_email_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post(
        f"{SNIPPETS}/core/werkplaats/add/", werkplaats_form(contact_email="mira at example"), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert not Werkplaats.objects.exists()
    assert "Voer een geldig e-mailadres in." in response.content.decode()


def test_a_duplicate_werkplaats_name_is_refused_with_a_message(client, editor):
    WerkplaatsFactory(name="Werkplaats Sociaal Domein Noord")
    client.force_login(editor)
    response = client.post(f"{SNIPPETS}/core/werkplaats/add/", werkplaats_form())
    assert response.status_code == 200
    assert Werkplaats.objects.count() == 1
    body = response.content.decode()
    assert "bestaat al" in body or "already exists" in body


def test_a_duplicate_theme_name_is_refused_with_a_message(client, editor):
    ThemeFactory(name="Armoede", slug="armoede")
    client.force_login(editor)
    response = client.post(f"{SNIPPETS}/core/theme/add/", {"name": "armoede", "slug": "armoede-2", "description": ""})
    assert response.status_code == 200
    assert Theme.objects.count() == 1
    assert shown(
        translation.gettext_lazy("A theme with this name already exists in this language."), response.content.decode()
    )


def test_editor_adds_and_translates_a_theme(client, editor, home_page):
    client.force_login(editor)
    response = client.post(
        f"{SNIPPETS}/core/theme/add/", {"name": "Inclusie", "slug": "inclusie", "description": "Meedoen."}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(slug="inclusie")
    assert theme.locale.language_code == "nl"
    english = Locale.objects.get(language_code="en")
    url = f"/admin/localize/submit/snippet/core/theme/{theme.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    translated = Theme.objects.get(translation_key=theme.translation_key, locale=english)
    assert translated.slug == "inclusie"
    # The English listing shows it under the language filter.
    assert "Inclusie" in client.get(f"{SNIPPETS}/core/theme/?locale=en").content.decode()


# --- what uses an entry; deleting one in use ---------------------------------------------------


def test_inspect_shows_what_uses_a_theme_and_delete_is_refused(client, editor, registry):
    theme = ThemeFactory(name="Armoede", slug="armoede")
    practice(registry, title="Armoede doorbreken in Lingewaard", themes=[theme])
    client.force_login(editor)
    body = client.get(f"{SNIPPETS}/core/theme/inspect/{theme.pk}/").content.decode()
    assert "Armoede doorbreken in Lingewaard" in body
    response = client.post(f"{SNIPPETS}/core/theme/delete/{theme.pk}/", follow=True)
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert any(
        "Armoede" in message and ("cannot be deleted" in message or "niet verwijderen" in message)
        for message in messages_of(response)
    )


def test_an_unused_entry_can_be_deleted(client, editor):
    werkplaats = WerkplaatsFactory(name="Werkplaats Sociaal Domein Oost")
    client.force_login(editor)
    response = client.post(f"{SNIPPETS}/core/werkplaats/delete/{werkplaats.pk}/")
    assert response.status_code == 302
    assert not Werkplaats.objects.filter(pk=werkplaats.pk).exists()


def test_bulk_delete_of_an_entry_in_use_is_refused(client, editor, registry):
    werkplaats = WerkplaatsFactory(name="Werkplaats Sociaal Domein Arnhem Nijmegen")
    practice(registry, werkplaats=werkplaats)
    client.force_login(editor)
    url = f"/admin/bulk/core/werkplaats/delete/?next=/admin/&id={werkplaats.pk}"
    response = client.post(url, follow=True)
    assert Werkplaats.objects.filter(pk=werkplaats.pk).exists()
    assert any("Arnhem Nijmegen" in message for message in messages_of(response))


# --- merging municipalities ---------------------------------------------------------------------


def municipality(name):
    return Municipality.objects.get_or_create(name=name)[0]


def test_editor_merges_a_municipality_and_everything_follows(client, editor, registry):
    old, new = municipality("Bussum"), municipality("Gooise Meren")
    practice_page = practice(registry, title="Buurtkamer Bussum", municipality=old)
    draft = PracticePage.objects.get(pk=practice_page.pk)
    draft.summary = "Een nieuwe samenvatting, nog niet gepubliceerd."
    draft.save_revision()  # a draft saved before the merge
    client.force_login(editor)
    generation = pagecache.generation()

    response = client.post(f"{SNIPPETS}/core/municipality/merge/{old.pk}/", {"target": new.pk})
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.merged_into, old.is_active) == (new, False)
    assert PracticePage.objects.get(pk=practice_page.pk).municipality == new
    # The draft does not bring Bussum back when it is published.
    PracticePage.objects.get(pk=practice_page.pk).get_latest_revision().publish()
    assert PracticePage.objects.get(pk=practice_page.pk).municipality == new
    assert pagecache.generation() != generation
    # The registry filters it as Gooise Meren.
    registry_url = registry.get_url()
    listing = client.get(registry_url, {"municipality": new.pk}).content.decode()
    assert "Buurtkamer Bussum" in listing
    # Inspecting the old one says where it went; the new one lists the practice.
    assert "Gooise Meren" in client.get(f"{SNIPPETS}/core/municipality/inspect/{old.pk}/").content.decode()
    assert "Buurtkamer Bussum" in client.get(f"{SNIPPETS}/core/municipality/inspect/{new.pk}/").content.decode()


def test_a_municipality_merged_into_itself_or_into_a_merged_one_gets_a_message(client, editor):
    bussum, naarden, gooise_meren = municipality("Bussum"), municipality("Naarden"), municipality("Gooise Meren")
    naarden.merge_into(gooise_meren)
    client.force_login(editor)
    url = f"{SNIPPETS}/core/municipality/merge/{bussum.pk}/"
    into_itself = client.post(url, {"target": bussum.pk}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert shown(translation.gettext_lazy("A municipality cannot be merged into itself."), into_itself)
    into_merged = client.post(url, {"target": naarden.pk}).content.decode()
    assert "Gooise Meren" in into_merged and ("choose" in into_merged or "kies" in into_merged)
    bussum.refresh_from_db()
    assert bussum.is_active and bussum.merged_into is None


def test_an_unverified_submission_made_before_a_merge_lands_on_the_successor(db):
    old, new = municipality("Bussum"), municipality("Gooise Meren")
    old.merge_into(new)
    assert Municipality.objects.resolve(old.pk) == new
    assert Municipality.objects.resolve(new.pk) == new


# --- merging working ingredients ----------------------------------------------------------------


def test_editor_merges_two_working_ingredients_and_the_practices_follow(client, editor, registry):
    first = practice(registry, title="Waardencirkel Hilversum", ingredients=["gelijkwaardigheid"])
    both = practice(registry, title="Armoede doorbreken", ingredients=["gelijkwaardigheid", "gelijkwaardig"])
    only_other = practice(registry, title="Vluchtelingen aan het werk", ingredients=["gelijkwaardig"])
    source, target = Ingredient.objects.get(name="gelijkwaardig"), Ingredient.objects.get(name="gelijkwaardigheid")
    client.force_login(editor)
    assert "gelijkwaardig" in client.get(f"{SNIPPETS}/pioneers/ingredient/").content.decode()

    response = client.post(f"{SNIPPETS}/pioneers/ingredient/merge/{source.pk}/", {"target": target.pk})
    assert response.status_code == 302
    assert not Ingredient.objects.filter(pk=source.pk).exists()
    for page in (first, both, only_other):
        assert [tag.name for tag in PracticePage.objects.get(pk=page.pk).ingredients.all()] == ["gelijkwaardigheid"]
    # A draft revision of the merged practice can be published without the deleted ingredient.
    PracticePage.objects.get(pk=only_other.pk).get_latest_revision().publish()
    assert [tag.name for tag in PracticePage.objects.get(pk=only_other.pk).ingredients.all()] == ["gelijkwaardigheid"]


def test_an_ingredient_written_differently_is_the_same_one(client, editor):
    Ingredient.objects.create(name="gelijkwaardigheid")
    client.force_login(editor)
    response = client.post(f"{SNIPPETS}/pioneers/ingredient/add/", {"name": "  - Gelijkwaardigheid."})
    assert response.status_code == 200
    assert Ingredient.objects.count() == 1


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["moderator", "coordinator"])
def test_moderators_and_coordinators_cannot_keep_the_vocabulary(client, request, who, registry):
    user = request.getfixturevalue(who)
    theme = ThemeFactory(name="Armoede", slug="armoede")
    old, new = municipality("Bussum"), municipality("Gooise Meren")
    client.force_login(user)
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "Woordenlijsten" not in home.content.decode() and "Vocabularies" not in home.content.decode()
    for url in (
        f"{SNIPPETS}/core/theme/",
        f"{SNIPPETS}/core/theme/add/",
        f"{SNIPPETS}/core/theme/edit/{theme.pk}/",
        f"{SNIPPETS}/core/municipality/merge/{old.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert (
            response.status_code == 403
            or "/admin/" == response["Location"].split("?")[0]
            or "login" in response["Location"]
        )
    client.post(f"{SNIPPETS}/core/municipality/merge/{old.pk}/", {"target": new.pk})
    client.post(f"{SNIPPETS}/core/theme/delete/{theme.pk}/")
    old.refresh_from_db()
    assert old.is_active and Theme.objects.filter(pk=theme.pk).exists()


def test_editor_sees_the_vocabularies_menu(client, editor):
    client.force_login(editor)
    with translation.override("nl"):
        body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Woordenlijsten" in body or "Vocabularies" in body


def test_editing_the_vocabulary_moves_the_page_cache_generation(client, editor):
    werkplaats = WerkplaatsFactory(name="Werkplaats Sociaal Domein Zuid")
    client.force_login(editor)
    generation = pagecache.generation()
    client.post(
        f"{SNIPPETS}/core/werkplaats/edit/{werkplaats.pk}/", werkplaats_form(name="Werkplaats Sociaal Domein Zuid")
    )
    assert pagecache.generation() != generation
    generation = pagecache.generation()
    Ingredient.objects.create(name="tijd om te luisteren")
    assert pagecache.generation() != generation
