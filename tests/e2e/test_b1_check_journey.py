"""The B1 check in a browser (issue 17.7): a coordinator opens a meeting in the Wagtail editor,
opens the "Checks" side panel and reads the page's Flesch-Douma score, and what B1 asks."""

import re

from playwright.sync_api import expect

from .test_ateliers_journey import PASSWORD, ateliers


def test_coordinator_reads_the_b1_score_in_the_checks_panel(site, ateliers, page):
    meeting = ateliers.meeting
    # "Armoede bespreekbaar maken" (3 words, 8 syllables) and "De kat zit op de mat." (6 words,
    # 6 syllables): 206.835 - 0.93 * 9/2 - 77 * 14/9 = 82.87
    meeting.intro = "De kat zit op de mat."
    meeting.save_revision().publish()

    page.goto(site("/admin/login/"))
    page.locator("#id_username").fill(ateliers.coordinator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))
    page.goto(site(f"/admin/pages/{meeting.pk}/edit/"))

    score = page.locator("[data-b1-score]")
    expect(score).to_be_hidden()  # the side panel is closed until the editor opens it
    page.locator('[data-side-panel-toggle="checks"]').click()
    expect(score).to_be_visible()
    expect(score).to_have_text("82,9")
    panel = page.locator("[data-b1-check]")
    expect(panel).to_contain_text("B1-taalcheck")
    expect(panel).to_contain_text("Schrijf korte zinnen van hoogstens 20 woorden.")
    page.screenshot(path="/tmp/b1-check-panel.png")
