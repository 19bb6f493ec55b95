"""An English visitor stays in English: crawling from the English lists (ateliers, the agenda,
practices), every atelier, meeting and practice opens on /en/, inside the English interface; a
page that exists only in Dutch says so ("This page is only available in Dutch") and carries
``lang="nl"`` on its content; the switcher on such a page leads to the nearest English page
above it. Translated pages open as themselves."""

import re
from urllib.parse import urldefrag

import pytest
from wagtail.models import Locale

from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, ExpertMeetingPageFactory
from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.pioneers.models import PracticePage

pytestmark = pytest.mark.django_db

NOTICE = "This page is only available in Dutch."


def english(page, **fields):
    translation = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=False)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


@pytest.fixture
def site(home_pages):
    home, home_en = home_pages
    index = AtelierIndexPageFactory(parent=home)
    index_en = english(index, title="Learning ateliers")
    translated = AtelierPageFactory(parent=index, title="Leeratelier Impact", slug="leeratelier-impact")
    english(translated, title="Learning atelier Impact", slug="learning-atelier-impact")
    dutch_only = AtelierPageFactory(parent=index, title="Leeratelier Armoede", slug="leeratelier-armoede")
    hidden = AtelierPageFactory(
        parent=index,
        title="Besloten atelier",
        visibility=AtelierPage.Visibility.HIDDEN,
        join_mode=AtelierPage.JoinMode.INVITATION,
    )
    meetings = [
        ExpertMeetingPageFactory(parent=translated, title="Verhalen als bewijs", slug="verhalen-als-bewijs"),
        ExpertMeetingPageFactory(parent=dutch_only, title="Armoede bespreekbaar maken", slug="armoede-bespreken"),
        ExpertMeetingPageFactory(parent=hidden, title="Geheime bespreking"),
    ]
    translated_en = translated.get_translation(Locale.objects.get(language_code="en"))
    english(meetings[0], title="Stories as evidence", slug="stories-as-evidence")
    # A Dutch-only meeting of an English atelier.
    meetings.append(ExpertMeetingPageFactory(parent=translated, title="Alleen in het Nederlands", slug="alleen-nl"))
    registry = PracticeIndexPageFactory(parent=home)
    english(registry, title="Practices", slug="practices")
    practices = [
        PracticePageFactory(parent=registry, title="Narratief verantwoorden", slug="narratief"),
        PracticePageFactory(parent=registry, title="Armoede doorbreken", slug="armoede-doorbreken"),
    ]
    english(practices[0], title="Narrative accountability", slug="narrative-accountability")
    return {"index_en": index_en, "translated_en": translated_en, "dutch_only": dutch_only, "hidden": hidden}


def links(html):
    return {urldefrag(href)[0] for href in re.findall(r'<a [^>]*href="(/[^"]*)"', html)}


def crawl(client, starts):
    seen, queue, pages = set(), list(starts), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page = response.context.get("page") if response.context else None
        pages[url] = (page, html)
        for link in links(html):
            # Stay on the English site, among the atelier, agenda and practice pages.
            if link.startswith(("/en/ateliers/", "/en/practices/", "/en/agenda/")) and "?" not in link:
                queue.append(link)
    return pages


def test_an_english_visitor_reaches_every_atelier_meeting_and_practice_in_english(client, site):
    pages = crawl(client, ["/en/ateliers/", "/en/practices/", "/en/agenda/"])
    reached = {}
    for url, (page, html) in pages.items():
        assert '<html lang="en">' in html, url
        if hasattr(page, "locale_id"):
            reached[page.translation_key] = page
            if page.locale.language_code == "nl":
                assert NOTICE in html, url
                assert '<div class="page-content" lang="nl">' in html, url
            else:
                assert NOTICE not in html, url
    public = [
        *AtelierPage.objects.live().filter(locale__language_code="nl", visibility="public"),
        *ExpertMeetingPage.objects.live()
        .filter(locale__language_code="nl")
        .exclude(pk__in=ExpertMeetingPage.objects.descendant_of(site["hidden"]).values("pk")),
        *PracticePage.objects.live().filter(locale__language_code="nl"),
    ]
    assert len(public) == 7
    for page in public:
        assert page.translation_key in reached, page.title
        shown = reached[page.translation_key]
        translated = page.get_translation_or_none(Locale.objects.get(language_code="en"))
        # The English version where there is one, else the Dutch page inside the English site.
        assert shown.locale.language_code == ("en" if translated else "nl"), page.title
    # No list on the English site sends the visitor to the Dutch site.
    for url, (_page, html) in pages.items():
        list_links = re.findall(r'class="card__title"><a href="([^"]+)"', html)
        assert not [link for link in list_links if link.startswith("/nl/")], url


def test_a_dutch_only_page_opens_on_the_english_site_with_the_notice(client, site):
    response = client.get("/en/ateliers/leeratelier-armoede/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert NOTICE in html and '<div class="page-content" lang="nl">' in html
    assert "Leeratelier Armoede" in html
    # Its meeting, below it, too; and a Dutch-only meeting of an English atelier.
    assert client.get("/en/ateliers/leeratelier-armoede/armoede-bespreken/").status_code == 200
    html = client.get("/en/ateliers/learning-atelier-impact/alleen-nl/").content.decode()
    assert NOTICE in html
    # The breadcrumb leads to the English pages above it.
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/en/ateliers/learning-atelier-impact/"' in crumbs and "/nl/" not in crumbs
    # The Dutch site shows the same page without a notice.
    html = client.get("/nl/ateliers/leeratelier-armoede/").content.decode()
    assert '<html lang="nl">' in html and NOTICE not in html and 'lang="nl"' not in html.split("<main")[1][:200]


def test_the_switcher_on_a_dutch_only_page_leads_to_the_nearest_english_page(client, site):
    html = client.get("/nl/ateliers/leeratelier-armoede/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert f'href="{site["index_en"].url}"' in switcher, switcher
    assert 'rel="alternate" hreflang="en"' not in html
    # Read on the English site, the switcher offers the Dutch site's page itself.
    html = client.get("/en/ateliers/leeratelier-armoede/").content.decode()
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/nl/ateliers/leeratelier-armoede/"' in switcher and 'aria-current="true" lang="en"' in switcher


def test_unknown_and_hidden_pages_stay_not_found_on_the_english_site(client, site):
    assert client.get("/en/ateliers/bestaat-niet/").status_code == 404
    # A hidden atelier on the English site: the same answer as on the Dutch site.
    assert (
        client.get(site["hidden"].url.replace("/nl/", "/en/", 1)).status_code
        == client.get(site["hidden"].url).status_code
    )
    # A translated page is not served again through its Dutch slug.
    assert client.get("/en/ateliers/leeratelier-impact/").status_code == 404
