"""Meetings that change, guests' own links and owning what you wrote, in a browser (issues 14.4,
14.5, 18.4, 20.4): a coordinator moves a meeting in the Wagtail admin and a registrant's
calendar file shows the new time; a guest confirms and cancels from the emailed links; axe
finds no WCAG 2.1 A/AA violation on each new page, at 1280 and at 375 pixels wide."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from cycles import services as cycle_services
from leeratelier.ateliers import services
from leeratelier.ateliers.factories import ExpertMeetingPageFactory
from leeratelier.ateliers.models import ExpertMeetingPage, MeetingAnnouncement, Registration
from leeratelier.toolbox.factories import MethodExperienceFactory, MethodIndexPageFactory, MethodPageFactory

from .axe import assert_accessible
from .test_ateliers_journey import PASSWORD, ateliers, dutch, dutch_url, sign_in

WIDTHS = (1280, 375)


def check_at_both_widths(page, where):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{where} at {width}px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.log.assert_clean(where)


def path_of(link):
    return urlsplit(link).path


def link_in(message, part):
    (link,) = [word for word in message.body.split() if part in word]
    return path_of(link)


def test_coordinator_moves_a_meeting_and_the_registrants_calendar_follows(site, ateliers, page, browser):
    meeting = ateliers.meeting
    services.register(meeting, user=ateliers.member)
    new_start = (timezone.localtime(meeting.start) + timedelta(days=7)).replace(
        hour=19, minute=30, second=0, microsecond=0
    )
    new_end = new_start + timedelta(hours=2)
    mail.outbox.clear()

    # The coordinator, in the Wagtail admin: a new time, published.
    page.goto(site("/admin/login/"))
    page.locator("#id_username").fill(ateliers.coordinator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    page.goto(site(f"/admin/pages/{meeting.pk}/edit/"))
    for name, moment in (("start", new_start), ("end", new_end)):
        field = page.locator(f"input[name={name}]")
        field.fill(moment.strftime("%Y-%m-%d %H:%M"))
        field.press("Escape")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-publish]").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{ateliers.public.pk}/$"))
    meeting.refresh_from_db()
    assert meeting.start == new_start

    # The registrant's email has the updated calendar file (same event, new time).
    (message,) = [
        m for m in mail.outbox if m.to == [ateliers.member.email] and "List-Unsubscribe" not in m.extra_headers
    ]
    event = Calendar.from_ical(message.attachments[0][1]).events[0]
    assert event.decoded("dtstart") == new_start

    # And the calendar file on the meeting page, in the registrant's own browser.
    context = browser.new_context(locale="nl-NL")
    member_page = context.new_page()
    member_page.log = page.log
    sign_in(site, member_page, ateliers.member)
    member_page.goto(site(meeting.url))
    with member_page.expect_download() as download_info:
        member_page.locator(f'a[href$="/meeting/{meeting.pk}/event.ics"]').click()
    with open(download_info.value.path(), "rb") as calendar_file:
        event = Calendar.from_ical(calendar_file.read()).events[0]
    assert event.decoded("dtstart") == new_start and event.decoded("dtend") == new_end
    context.close()


def test_a_guest_confirms_and_cancels_from_the_emailed_links(site, ateliers, page):
    meeting = ateliers.meeting
    ExpertMeetingPage.objects.filter(pk=meeting.pk).update(guests_allowed=True)
    page.goto(site(dutch_url("ateliers:register", meeting.pk)))
    page.get_by_label(dutch("Your name")).fill("Sanne de Vries")
    page.get_by_label(dutch("Your email address")).fill("sanne@example.org")
    page.get_by_role("button", name=dutch("Register as a guest")).click()
    expect(page).to_have_url(site(meeting.url))

    # The confirmation link opens a page with a button; opening it changed nothing.
    (message,) = mail.outbox
    page.goto(site(link_in(message, "/meeting/guest/")))
    expect(page.locator("h1")).to_have_text(dutch("Confirm your registration"))
    assert Registration.objects.get().status == "unconfirmed"
    check_at_both_widths(page, "the guest's confirmation page")
    mail.outbox.clear()
    page.get_by_role("button", name=dutch("Confirm my registration")).click()
    expect(page).to_have_url(site(meeting.url))
    assert Registration.objects.get().status == "confirmed"

    # The confirmation email's own link: what is stored, and the cancel button.
    (confirmation,) = mail.outbox
    own = link_in(confirmation, "/meeting/my-registration/")
    page.goto(site(own))
    expect(page.locator("h1")).to_have_text(dutch("Your registration"))
    expect(page.locator("dl")).to_contain_text("sanne@example.org")
    check_at_both_widths(page, "the guest's own page")
    page.get_by_role("button", name=dutch("Cancel my registration")).click()
    expect(page.locator(".messages")).to_contain_text(dutch("Your registration has been cancelled."))
    assert Registration.objects.get().status == "cancelled"

    # Erase: the page that says so, and the link no longer works.
    page.get_by_role("button", name=dutch("Erase my data")).click()
    expect(page.locator("h1")).to_have_text(dutch("Your data has been erased"))
    check_at_both_widths(page, "the page after erasing")
    assert not Registration.objects.exists()
    page.goto(site(own))
    expect(page.locator("h1")).to_have_text(dutch("This link does not work"))
    assert_accessible(page, "an erased guest's link")


def test_the_new_coordinator_and_member_pages_are_accessible(site, ateliers, page):
    meeting = ateliers.meeting
    for user in (ateliers.member, ateliers.coordinator):
        services.register(meeting, user=user)
    past = ExpertMeetingPageFactory(parent=ateliers.public, title="Terugblik")
    services.register(past, user=ateliers.member)
    moment = timezone.now() - timedelta(days=2)
    ExpertMeetingPage.objects.filter(pk=past.pk).update(start=moment, end=moment + timedelta(hours=2))
    MeetingAnnouncement.objects.filter(meeting_key=past.translation_key).update(
        start=moment, end=moment + timedelta(hours=2)
    )

    sign_in(site, page, ateliers.coordinator)
    # The attendee list of a past meeting: check one person as attended.
    page.goto(site(dutch_url("ateliers:attendees", past.pk)))
    check_at_both_widths(page, "the attendee list with attendance")
    page.get_by_role("button", name=dutch("Attended")).click()
    expect(page.locator(".messages")).to_contain_text("Mila Lid")
    assert Registration.objects.of_meeting(past).get(user=ateliers.member).attended is True

    # Cancelling the meeting on the site: the confirmation page, then the cancelled page.
    page.goto(site(meeting.url))
    page.get_by_role("link", name=dutch("Cancel this meeting")).click()
    expect(page.locator("h1")).to_contain_text(dutch("Cancel the meeting?"))
    check_at_both_widths(page, "the cancel-meeting page")
    page.get_by_label(dutch("Yes, cancel this meeting and email everyone who registered")).check()
    page.get_by_role("button", name=dutch("Cancel the meeting")).click()
    expect(page.locator("h1 .badge--cancelled")).to_have_count(1)
    check_at_both_widths(page, "a cancelled meeting")

    # The member leaves the atelier: the confirmation page.
    page.context.clear_cookies()
    sign_in(site, page, ateliers.member)
    page.goto(site(ateliers.public.url))
    page.get_by_role("link", name=dutch("Leave this atelier")).click()
    expect(page.locator("h1")).to_have_text(dutch("Leave the atelier?"))
    check_at_both_widths(page, "the leave page")


def test_editing_removing_and_previewing_pages_are_accessible(site, ateliers, page):
    index = MethodIndexPageFactory(parent=site.home)
    method = MethodPageFactory(parent=index, title="Waardencirkel")
    experience = MethodExperienceFactory(method_key=method.translation_key, author=ateliers.member, text="Het werkte.")
    today = timezone.localdate()
    cycle = cycle_services.start_cycle(
        ateliers.public,
        ateliers.coordinator,
        learning_question="Hoe laten we bewoners meebeslissen?",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=60),
        values=[("Gelijkwaardigheid", "Elke stem telt even zwaar.")],
        plan_goal="Samen plannen.",
        plan_ends_on=today + timedelta(days=5),
    )
    cycle_services.join(cycle, ateliers.member)
    contribution = cycle_services.contribute(
        cycle.phases.get(status="open"), ateliers.member, kind="note", body="Een notitie."
    )

    sign_in(site, page, ateliers.member)
    page.goto(site(dutch_url("toolbox:edit_experience", experience.pk)))
    page.get_by_label(dutch("Your experience")).fill("Het werkte **goed**.")
    page.get_by_role("button", name=dutch("Preview")).click()
    expect(page.locator("#preview strong")).to_have_text("goed")
    check_at_both_widths(page, "the experience edit page with a preview")
    page.goto(site(dutch_url("toolbox:remove_experience", experience.pk)))
    check_at_both_widths(page, "the experience remove page")

    page.goto(site(dutch_url("cycles:edit_contribution", contribution.pk)))
    page.locator("textarea[name=body]").fill("Een *andere* notitie.")
    page.get_by_role("button", name=dutch("Preview")).click()
    expect(page.locator("#preview em")).to_have_text("andere")
    check_at_both_widths(page, "the contribution edit page with a preview")
    page.get_by_role("button", name=dutch("Save")).click()
    expect(page.locator(f"#contribution-{contribution.pk} .edited-marker")).to_have_count(1)
    page.goto(site(dutch_url("cycles:remove_contribution", contribution.pk)))
    check_at_both_widths(page, "the contribution remove page")
