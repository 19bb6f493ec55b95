"""The B1 check in the Wagtail editor: an editor opens a page's edit view through the admin URL and
finds, in the checks side panel, the Flesch-Douma score of the page's text, its long sentences
and long words, and what B1 asks."""

import re

import pytest
from wagtail.rich_text import RichText

from home import setup as site_setup
from home.factories import StandardPageFactory
from leeratelier.accounts import setup as privacy_setup
from leeratelier.ateliers.factories import AtelierIndexPageFactory, AtelierPageFactory, ExpertMeetingPageFactory
from leeratelier.core.b1_admin import page_text
from leeratelier.core.factories import UserFactory
from leeratelier.core.sitesetup import dutch_body
from leeratelier.magazine.factories import ChapterPageFactory, MagazinePageFactory
from leeratelier.pioneers.factories import PracticeIndexPageFactory, PracticePageFactory
from leeratelier.toolbox.factories import MethodIndexPageFactory, MethodPageFactory

LONG_SENTENCE = "Het " + " ".join(["woord"] * 20) + "."


def shipped_page(home, fields, blocks, slug):
    """A standard page with the Dutch text setup_site ships (about and the two statements)."""
    dutch = {name: nl for name, (nl, _en) in fields.items()}
    return StandardPageFactory(parent=home, slug=slug, body=dutch_body(blocks), **dutch)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_superuser=True, is_staff=True)


def edit_view(client, editor, page):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def shown_score(html):
    match = re.search(r"data-b1-score>([^<]+)<", html)
    assert match, "no B1 score in the checks panel"
    return match.group(1).strip()


def test_an_editor_sees_the_score_of_a_known_text(client, editor, home_page):
    # "Over ons" (2 words, 3 syllables) and "De kat zit op de mat." (6 words, 6 syllables):
    # 206.835 - 0.93 * 8/2 - 77 * 9/8 = 116.49
    page = StandardPageFactory(parent=home_page, title="Over ons", slug="over", intro="De kat zit op de mat.")
    html = edit_view(client, editor, page)
    assert "data-b1-check" in html
    assert shown_score(html) in ("116,5", "116.5")
    assert not re.search(r"data-b1-long-(sentences|words)", html)
    assert ("Schrijf korte zinnen" in html) or ("Write short sentences" in html)


def test_long_sentences_and_long_words_are_flagged(client, editor, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Over ons",
        slug="over",
        intro=f"{LONG_SENTENCE}\n\nDe ervaringsdeskundige praat mee.",
        body=[("paragraph", RichText("<p>De facilitator leidt het gesprek.</p>"))],
    )
    html = edit_view(client, editor, page)
    long_sentences = re.search(r"data-b1-long-sentences>(.*?)</ul>", html, re.S).group(1)
    assert LONG_SENTENCE in long_sentences and "21" in long_sentences
    long_words = re.search(r"data-b1-long-words>(.*?)</p>", html, re.S).group(1)
    assert "ervaringsdeskundige (7)" in long_words and "facilitator (5)" in long_words


def test_an_english_page_says_the_check_is_for_dutch(client, editor, home_pages):
    page = StandardPageFactory(parent=home_pages[1], title="About", slug="about", intro="The cat sits on the mat.")
    html = edit_view(client, editor, page)
    assert "data-b1-check" in html and "data-b1-score" not in html


@pytest.mark.parametrize(
    "make_page",
    [
        lambda home: home,
        lambda home: MagazinePageFactory(parent=home, intro="Een blad over impact."),
        lambda home: ChapterPageFactory(parent=MagazinePageFactory(parent=home), number=1, intro="Een hoofdstuk."),
        lambda home: AtelierIndexPageFactory(parent=home, intro="Alle ateliers."),
        lambda home: AtelierPageFactory(parent=AtelierIndexPageFactory(parent=home), purpose="We leren samen."),
        lambda home: ExpertMeetingPageFactory(
            parent=AtelierPageFactory(parent=AtelierIndexPageFactory(parent=home)), intro="We praten over armoede."
        ),
        lambda home: PracticeIndexPageFactory(parent=home, intro="Alle praktijken."),
        lambda home: PracticePageFactory(
            parent=PracticeIndexPageFactory(parent=home), summary="Een buurt die samen kookt."
        ),
        lambda home: MethodIndexPageFactory(parent=home, intro="Alle methoden."),
        lambda home: MethodPageFactory(parent=MethodIndexPageFactory(parent=home), summary="Een gesprek met verhalen."),
        lambda home: shipped_page(home, site_setup.ABOUT["fields"], site_setup.ABOUT["body"], "over-leeratelier"),
        lambda home: shipped_page(home, privacy_setup.FIELDS, privacy_setup.BODY, "privacyverklaring"),
        lambda home: shipped_page(
            home,
            site_setup.ACCESSIBILITY_STATEMENT["fields"],
            site_setup.ACCESSIBILITY_STATEMENT["body"],
            "toegankelijkheidsverklaring",
        ),
        # A standard page an editor writes: text in its body only, no introduction.
        lambda home: StandardPageFactory(
            parent=home, intro="", body=[("paragraph", RichText("<p>We zijn er voor iedereen.</p>"))]
        ),
    ],
    ids=[
        "home",
        "magazine",
        "chapter",
        "ateliers",
        "atelier",
        "meeting",
        "practices",
        "practice",
        "methods",
        "method",
        "about",
        "privacy statement",
        "accessibility statement",
        "standard page",
    ],
)
def test_every_page_type_with_dutch_text_has_the_check(client, editor, home_page, make_page):
    page = make_page(home_page)
    text = page_text(page)
    assert text.strip() and text.strip() != page.title
    html = edit_view(client, editor, page)
    assert shown_score(html)
