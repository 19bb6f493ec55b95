"""The Wagtail admin shows what editors and coordinators wrote as safely as the site does.

The admin runs outside the site's Content-Security-Policy (it needs inline script), so escaping
is the only defence there: moderators and admins must be able to open the edit form, the
history, a revision's preview, the revision comparison and the moderation dashboard of a page
whose fields hold hostile markup without any of it becoming markup."""

from html.parser import HTMLParser

import pytest
from wagtail.models import Workflow

from home.factories import StandardPageFactory
from leeratelier.ateliers.factories import AtelierPageFactory

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>'
HOSTILE_AGAIN = '<img src=y onerror=alert(4)><a href="javascript:alert(5)">klik</a>'


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_nothing_became_markup(html, where):
    collector = _Collector()
    collector.feed(html)
    for tag, attrs in collector.elements:
        assert not (tag == "img" and attrs.get("src") in ("x", "y")), f"{where}: hostile <img> rendered"
        assert not any(name.startswith("on") and "alert(" in (value or "") for name, value in attrs.items()), (
            f"{where}: hostile handler rendered"
        )
        assert attrs.get("href") != "javascript:alert(5)", f"{where}: hostile link rendered"
    for script in collector.scripts:
        # Wagtail's own JSON data (json_script) may carry the text, escaped; a script that would
        # run the payload may not.
        assert "<script>alert(2)" not in script and "alert(2)</script>" not in script, f"{where}: script"
    for payload in ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<img src=y onerror=alert(4)>"):
        assert payload not in html, f"{where}: {payload} appears unescaped"


@pytest.fixture
def hostile_pages(home_page, atelier_index):
    standard = StandardPageFactory(parent=home_page, title=f"Over {HOSTILE}", slug="over", intro=HOSTILE)
    first = standard.save_revision()
    standard.intro = HOSTILE_AGAIN
    standard.title = f"Over {HOSTILE_AGAIN}"
    second = standard.save_revision()

    atelier = AtelierPageFactory(parent=atelier_index, title=f"Atelier {HOSTILE}", purpose=HOSTILE)
    atelier_first = atelier.save_revision()
    atelier.purpose = HOSTILE_AGAIN
    atelier_second = atelier.save_revision()
    return [(standard, first, second), (atelier, atelier_first, atelier_second)]


def test_edit_history_preview_and_compare_escape_hostile_fields(client, editor, hostile_pages):
    client.force_login(editor)
    for page, first, second in hostile_pages:
        urls = {
            "edit form": f"/admin/pages/{page.pk}/edit/",
            "history": f"/admin/pages/{page.pk}/history/",
            "revision preview": f"/admin/pages/{page.pk}/revisions/{second.pk}/view/",
            "revision compare": f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/",
            "compare with live": f"/admin/pages/{page.pk}/revisions/compare/live...{second.pk}/",
            "explorer": f"/admin/pages/{page.get_parent().pk}/",
            "search": "/admin/pages/search/?q=Over",
        }
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, f"{page}: {name} gave {response.status_code}"
            assert_nothing_became_markup(response.content.decode(), f"{type(page).__name__} {name}")


def test_the_moderation_dashboard_escapes_a_hostile_page_awaiting_review(client, editor, hostile_pages):
    page, _first, second = hostile_pages[0]
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is None:
        pytest.skip("no active workflow")
    workflow.start(page, editor)

    client.force_login(editor)
    for name, url in {
        "dashboard": "/admin/",
        "workflow history": f"/admin/pages/{page.pk}/workflow_history/",
        "pages awaiting review": "/admin/reports/workflow/",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} gave {response.status_code}"
        html = response.content.decode()
        assert "Over " in html or name == "pages awaiting review"
        assert_nothing_became_markup(html, name)
