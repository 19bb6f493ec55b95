"""Members write their stories in Dutch. Read in English, the report (page, PDF, sign-off page)
marks what members wrote with lang="nl", so a screen reader reads it in Dutch; the interface
around it stays English. Read in Dutch, nothing needs marking."""

import pytest
from django.urls import reverse
from django.utils import translation

from .test_feedback_and_sign_off import TOLD, link, offer, published, sent

pytestmark = pytest.mark.django_db


def _article(body):
    return body.split("<article>")[1].split("</article>")[0]


def test_what_members_wrote_is_marked_dutch_for_english_readers(client, published, coordinator):
    report, told, _recorded = published
    offer(client, coordinator, report)  # the coordinator sees who was asked, with the role they typed
    body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert '<html lang="en">' in body
    article = _article(body)
    assert '<h1 lang="nl">Verantwoording voorjaar</h1>' in article
    assert "Wat we <em>leerden</em>" in article.split('class="prose report__intro" lang="nl">')[1].split("</div>")[0]
    story = article.split(f'id="story-contribution-{told.pk}"')[1].split("</blockquote>")[0]
    assert TOLD in story.split('<div class="prose" lang="nl">')[1].split("</div>")[0]
    assert "lang=" not in story.split("<footer>")[1]  # "From a participant, loop 1" is English
    assert '<span lang="nl">beleidsmedewerker Wmo, gemeente Hilversum</span>' in article


def test_nothing_is_marked_for_dutch_readers(client, published, coordinator):
    report, _told, _recorded = published
    with translation.override("nl"):
        body = client.get(reverse("cycles:report", args=[report.pk])).content.decode()
    assert '<html lang="nl">' in body and "lang=" not in _article(body)


def test_the_story_on_the_withdrawal_page_is_marked_dutch(client, published, member):
    _report, _told, _recorded = published
    message = next(m for m in sent("report-story-used") if m.to == [member.email])
    client.logout()
    body = client.get(link(message, "story")).content.decode()  # the member reads English
    assert '<html lang="en">' in body
    assert TOLD in body.split('<div class="prose callout" lang="nl">')[1].split("</div>")[0]
