"""The ateliers demo: each atelier meets about its own topics, in its own region, at its own
venue, and ships in English too (the atelier and every meeting translated through
wagtail-localize); running it again makes nothing new."""

import io

import pytest
from wagtail.models import Locale

from leeratelier.ateliers import demo
from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage
from leeratelier.core.demo import DemoContext
from leeratelier.core.factories import ThemeFactory, WerkplaatsFactory


@pytest.mark.django_db(transaction=True)
def test_the_demo_ateliers_differ_and_come_in_english(home_pages):
    for spec in demo.ATELIERS:
        WerkplaatsFactory(name=spec["werkplaats"], university=spec["werkplaats"])
        ThemeFactory(slug=spec["theme"], name=spec["theme"])
    context = DemoContext(out=io.StringIO(), credentials=[], home=home_pages[0])
    demo.ateliers(context)
    demo.ateliers(context)  # idempotent

    english = Locale.objects.get(language_code="en")
    dutch = AtelierPage.objects.filter(locale__language_code="nl")
    assert dutch.count() == len(demo.ATELIERS)
    titles_per_atelier, venues = [], set()
    for atelier in dutch:
        meetings = ExpertMeetingPage.objects.child_of(atelier)
        titles = set(meetings.values_list("title", flat=True))
        assert len(titles) == meetings.count() >= 2
        titles_per_atelier.append(titles)
        own = {meeting.venue for meeting in meetings if meeting.venue}
        assert len(own) == 1, atelier.title  # its own venue, in its own place
        venues |= own
        translation = atelier.get_translation(english)
        spec = next(spec for spec in demo.ATELIERS if spec["title"] == atelier.title)
        assert translation.title == spec["en"]["title"] and translation.purpose == spec["en"]["purpose"]
        for meeting in meetings:
            meeting_en = meeting.get_translation(english)
            assert meeting_en.live and meeting_en.title != meeting.title and meeting_en.intro != meeting.intro
    # No two ateliers share a meeting title, and their venues are in different towns.
    all_titles = [title for titles in titles_per_atelier for title in titles]
    assert len(all_titles) == len(set(all_titles))
    assert len(venues) == len(demo.ATELIERS)
    assert not any("Utrecht" in venue for venue in venues - {next(v for v in venues if "Padualaan" in v)})
    assert ExpertMeetingPage.objects.filter(locale__language_code="en").count() == len(all_titles)
