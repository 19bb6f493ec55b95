"""The files around the pages: the sitemap, robots.txt, and the security headers of the public
site (with the Wagtail admin exempt from the site's Content-Security-Policy)."""

import re
from xml.etree import ElementTree

import pytest
from wagtail.models import Locale, Page, PageViewRestriction

from home.factories import StandardPageFactory

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def translate(page, language, **fields):
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return Page.objects.get(pk=translation.pk).specific


def csp_directives(response):
    """{"script-src": ["'self'"], ...} from the Content-Security-Policy header."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def site_pages(home_page, magazine):
    """Live pages in both languages, plus a draft and a private page that must stay out of sight."""
    home_en = home_page.get_translation(Locale.objects.get(language_code="en")).specific
    magazine_nl, chapters_nl = magazine
    magazine_en = translate(magazine_nl, "en", title="Impact in the social domain")
    chapter_en = translate(chapters_nl[0], "en", title="Introduction")
    draft = StandardPageFactory(parent=home_page, title="Concept", slug="concept", live=False)
    private = StandardPageFactory(parent=home_page, title="Besloten", slug="besloten")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    private_child = StandardPageFactory(parent=private, title="Onder besloten", slug="onder-besloten")
    return {
        "live": [home_page, home_en, magazine_nl, *chapters_nl, magazine_en, chapter_en],
        "hidden": [draft, private, private_child],
    }


class TestSitemap:
    def locations(self, client):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        tree = ElementTree.fromstring(response.content)
        return [loc.text for loc in tree.findall("sm:url/sm:loc", SITEMAP_NS)]

    def test_lists_live_public_pages_of_both_languages(self, client, site_pages):
        locations = self.locations(client)
        assert sorted(locations) == sorted(page.get_full_url() for page in site_pages["live"])
        assert len(locations) == len(set(locations))
        assert any("/nl/" in location for location in locations)
        assert any("/en/" in location for location in locations)

    def test_leaves_out_draft_and_private_pages(self, client, site_pages):
        locations = self.locations(client)
        for page in site_pages["hidden"]:
            assert not any(location.endswith(f"/{page.slug}/") for location in locations), page.slug

    def test_an_unpublished_page_leaves_the_sitemap(self, client, site_pages):
        chapter = site_pages["live"][3]
        assert chapter.get_full_url() in self.locations(client)
        chapter.unpublish()
        assert chapter.get_full_url() not in self.locations(client)


class TestRobots:
    def test_robots_txt_is_plain_text_naming_the_sitemap(self, client):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines

    def test_the_named_sitemap_exists(self, client, home_page):
        sitemap_line = next(
            line for line in client.get("/robots.txt").content.decode().splitlines() if line.startswith("Sitemap:")
        )
        path = sitemap_line.split("http://testserver", 1)[1]
        assert client.get(path).status_code == 200


class TestSecurityHeaders:
    @pytest.fixture
    def public_paths(self, site_pages):
        chapter = site_pages["live"][3]
        return [
            "/nl/",
            "/en/",
            site_pages["live"][2].url,
            chapter.url,
            "/nl/search/?q=impact",
            "/en/search/",
            "/nl/bestaat-niet/",
            "/de/",
        ]

    def test_public_pages_send_a_strict_content_security_policy(self, client, public_paths):
        for path in public_paths:
            response = client.get(path)
            directives = csp_directives(response)
            script_src = directives.get("script-src", directives.get("default-src"))
            assert script_src, path
            assert "'unsafe-inline'" not in script_src, path
            assert "'unsafe-eval'" not in script_src, path
            assert directives["object-src"] == ["'none'"], path
            assert "base-uri" in directives, path
            assert "frame-ancestors" in directives, path

    def test_public_pages_send_nosniff_and_a_referrer_policy(self, client, public_paths):
        for path in public_paths:
            response = client.get(path)
            assert response["X-Content-Type-Options"] == "nosniff", path
            assert response["Referrer-Policy"] in {
                "no-referrer",
                "same-origin",
                "strict-origin",
                "strict-origin-when-cross-origin",
            }, path

    def test_public_pages_have_no_inline_script_or_style(self, client, public_paths):
        # The policy has no 'unsafe-inline': anything inline would be blocked in the browser.
        for path in public_paths:
            content = client.get(path).content.decode()
            for tag in re.findall(r"<script\b[^>]*>", content):
                assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
            assert not re.search(r"<style\b", content), path
            assert not re.search(r"\sstyle=", content), path
            assert not re.search(r"\son[a-z]+=", content), path
            assert "javascript:" not in content, path

    def test_sitemap_and_robots_send_the_policy_too(self, client, home_page):
        for path in ["/sitemap.xml", "/robots.txt"]:
            response = client.get(path)
            assert "Content-Security-Policy" in response, path
            assert response["X-Content-Type-Options"] == "nosniff", path

    @pytest.mark.parametrize("path", ["/admin/login/", "/admin/"])
    def test_admin_is_exempt_from_the_site_policy(self, client, home_page, path):
        response = client.get(path)
        assert response.status_code in (200, 302)
        assert "Content-Security-Policy" not in response
        # The other headers stay.
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_admin_is_exempt_when_signed_in(self, admin_client, home_page):
        response = admin_client.get("/admin/")
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
