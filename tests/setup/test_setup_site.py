"""The production path, as an organisation installs Leeratelier: an empty database as the
migrations leave it (Wagtail's welcome page as the site's root), then `manage.py setup_site`.
A visitor then gets the real site in Dutch and English: every header and footer link answers
200, no welcome page, the sitemap lists the sections. A second run changes nothing; an editor's
change survives it; a half-built tree is completed; a welcome page someone changed is kept."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from home.models import HomePage, StandardPage
from leeratelier.ateliers.models import AtelierIndexPage
from leeratelier.core.factories import UserFactory
from leeratelier.core.models import Theme, Werkplaats
from leeratelier.magazine.models import ChapterPage
from leeratelier.toolbox.models import MethodIndexPage

from ..conftest import ensure_roots

WELCOME = "Welcome to your new Wagtail site!"


@pytest.fixture
def fresh_database(transactional_db):
    """The tree as `migrate` leaves it: the root, Wagtail's welcome page, the default site.
    (Transactional: wagtail-localize publishes translations when a transaction commits.)"""
    root = ensure_roots()
    Page.objects.filter(depth__gt=1).delete()
    root.refresh_from_db()
    welcome = root.add_child(instance=Page(title=WELCOME, slug="home", locale=Locale.get_default()))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    return welcome


def setup_site(**options):
    out = StringIO()
    call_command("setup_site", stdout=out, **options)
    return out.getvalue()


def header_and_footer_links(html):
    parts = (
        html[html.index("<header") : html.index("</header>")] + html[html.index("<footer") : html.index("</footer>")]
    )
    return sorted({link for link in re.findall(r'href="(/[^"#]*)"', parts) if "logout" not in link})


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_visitor_gets_the_real_site_and_every_header_and_footer_link_answers(client, fresh_database, language):
    setup_site()
    home = client.get(f"/{language}/")
    html = home.content.decode()
    assert home.status_code == 200 and WELCOME not in html
    assert "Leeratelier" in html
    links = header_and_footer_links(html)
    assert len(links) >= 9, links
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, f"{link} answered {response.status_code}"
        assert WELCOME not in response.content.decode()
    for path in ({"nl": "/nl/agenda/", "en": "/en/agenda/"}[language], f"/{language}/search/?q=impact"):
        assert client.get(path).status_code == 200, path


def test_the_sitemap_lists_the_sections_and_the_statements_say_what_they_must(client, fresh_database):
    setup_site()
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in (
        "/nl/ateliers/",
        "/nl/methoden/",
        "/nl/praktijken/",
        "/nl/impact-in-het-sociaal-domein/",
        "/nl/privacyverklaring/",
        "/nl/toegankelijkheidsverklaring/",
        "/en/privacy-statement/",
    ):
        assert path in sitemap, path
    assert ChapterPage.objects.live().filter(locale__language_code="nl").count() == 9
    privacy = client.get("/nl/privacyverklaring/").content.decode()
    assert "90 dagen na de bijeenkomst" in privacy and "na 30 dagen" in privacy and "7 dagen" in privacy
    accessibility = client.get("/en/accessibility-statement/").content.decode()
    for heading in (
        "Which site does this statement cover?",
        "How accessible is the site?",
        "How did we test it?",
        "What does not work well yet?",
        "Get in touch",
    ):
        assert heading in accessibility
    assert Werkplaats.objects.count() == 3 and Theme.objects.filter(locale__language_code="en").count() == 7


def test_a_second_run_changes_nothing(fresh_database):
    first = setup_site()
    assert "The site is set up." in first
    counts = (Page.objects.count(), Theme.objects.count(), Werkplaats.objects.count(), Group.objects.count())
    second = setup_site()
    assert "nothing changed" in second
    assert (Page.objects.count(), Theme.objects.count(), Werkplaats.objects.count(), Group.objects.count()) == counts
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_an_editors_change_survives_a_rerun(fresh_database):
    setup_site()
    editor = UserFactory(username="editor")
    about = StandardPage.objects.get(slug="over-leeratelier")
    about.title = "Over ons netwerk"
    about.save_revision(user=editor).publish()
    english = about.get_translation(Locale.objects.get(language_code="en"))
    english.title = "About our network"
    english.save_revision(user=editor).publish()
    out = setup_site()
    assert StandardPage.objects.get(pk=about.pk).title == "Over ons netwerk"
    assert StandardPage.objects.get(pk=english.pk).title == "About our network"
    assert "Left alone: Over Leeratelier (changed by an editor)" in out


def test_a_half_built_tree_is_completed(fresh_database):
    setup_site()
    MethodIndexPage.objects.all().delete()
    about = StandardPage.objects.get(slug="over-leeratelier")
    about.get_translation(Locale.objects.get(language_code="en")).delete()
    out = setup_site()
    assert "Created: methods index" in out and "Over Leeratelier (en)" in out
    assert MethodIndexPage.objects.filter(locale__language_code="en").live().count() == 1
    assert AtelierIndexPage.objects.count() == 2  # untouched: still one per language


def test_a_changed_welcome_page_is_kept_and_the_site_points_at_the_home_page(fresh_database):
    fresh_database.title = "Onze oude startpagina"
    fresh_database.save_revision(user=UserFactory(username="someone")).publish()
    out = setup_site(hostname="leeratelier.example.nl", port=443)
    assert Page.objects.filter(pk=fresh_database.pk).exists()
    assert "Onze oude startpagina (an older root page" in out
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage and (site.hostname, site.port) == ("leeratelier.example.nl", 443)


def test_setup_without_migrations_says_what_to_do(transactional_db, monkeypatch):
    from django.core.management.base import CommandError
    from django.db import OperationalError

    from leeratelier.core import sitesetup

    def broken(*args, **kwargs):
        raise OperationalError("no such table: wagtailcore_page")

    monkeypatch.setattr(sitesetup, "run", broken)
    with pytest.raises(CommandError, match="migrate"):
        setup_site()


def test_groups_editors_keep_pages_and_vocabulary_moderators_only_review_practices(client, fresh_database):
    setup_site()
    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")
    editor, moderator = UserFactory(username="ed"), UserFactory(username="mo")
    editor.groups.add(editors)
    moderator.groups.add(moderators)
    about = StandardPage.objects.get(slug="over-leeratelier")
    theme = Theme.objects.filter(locale__language_code="nl").first()

    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    assert editor.has_perm("core.change_theme") and editor.has_perm("core.add_werkplaats")
    assert editor.has_perm("pioneers.change_ingredient")

    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/admin/pages/{about.pk}/edit/")
    assert response.status_code in (302, 403)
    assert not moderator.has_perm("core.change_theme")
    from wagtail.models import GroupApprovalTask

    assert moderators in GroupApprovalTask.objects.get(name="Editors review a practice").groups.all()
    assert theme is not None
