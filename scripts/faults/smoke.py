"""Smoke checks of a Leeratelier database, for the backup/restore check (and by hand after a
real restore). Run with DATABASE_URL and MEDIA_ROOT pointing at the copy:

  python scripts/faults/smoke.py collect EXPECTED.json   # on the original: pages and titles to expect,
                                                         # plus a document file in the media
  python scripts/faults/smoke.py check EXPECTED.json     # on the restored copy: each page answers 200
                                                         # with its title; the document's bytes match

Requests go through Django's full stack (middleware, Wagtail page serving, whitenoise) with the
test client; no server needs to run. DJANGO_SETTINGS_MODULE defaults to tests.faults.settings.
"""

import hashlib
import html
import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.documents import get_document_model  # noqa: E402
from wagtail.models import Collection, Locale  # noqa: E402

from home.models import HomePage  # noqa: E402
from leeratelier.ateliers.models import AtelierPage, ExpertMeetingPage  # noqa: E402
from leeratelier.core import access  # noqa: E402
from leeratelier.magazine.models import ChapterPage  # noqa: E402


def public(queryset):
    nl = Locale.objects.get(language_code="nl")
    for page in queryset.live().filter(locale=nl).order_by("path"):
        if access.can_view_page(AnonymousUser(), page):
            return page
    raise SystemExit(f"no public page of {queryset.model.__name__}")


def collect(path):
    pages = {
        "home": public(HomePage.objects.all()),
        "magazine chapter": public(ChapterPage.objects.all()),
        "atelier": AtelierPage.objects.live().get(title="Leeratelier Impact", locale__language_code="nl"),
        "meeting": public(ExpertMeetingPage.objects.all()),
    }
    token = os.urandom(16).hex()
    document = get_document_model()(title="Backup check", collection=Collection.get_first_root_node())
    document.file.save("backup-check.txt", ContentFile(f"backup check {token}\n".encode()), save=False)
    document.save()
    expected = {
        "pages": [{"what": what, "url": page.url, "title": page.title} for what, page in pages.items()],
        "document": {
            "url": document.url,
            "file": document.file.name,
            "sha256": hashlib.sha256(f"backup check {token}\n".encode()).hexdigest(),
        },
    }
    Path(path).write_text(json.dumps(expected, indent=2, ensure_ascii=False))
    for page in expected["pages"]:
        print(f"expect {page['what']:16} {page['url']}  «{page['title']}»")


def check(path):
    expected = json.loads(Path(path).read_text())
    client, failures = Client(), []
    for page in expected["pages"]:
        response = client.get(page["url"])
        body = response.content.decode()
        ok = response.status_code == 200 and html.escape(page["title"], quote=False) in body
        print(f"{'ok  ' if ok else 'FAIL'} {response.status_code} {page['what']:16} {page['url']}  «{page['title']}»")
        if not ok:
            failures.append(page["url"])
    document = expected["document"]
    response = client.get(document["url"])
    content = b"".join(response.streaming_content) if response.streaming else response.content
    ok = response.status_code == 200 and hashlib.sha256(content).hexdigest() == document["sha256"]
    print(
        f"{'ok  ' if ok else 'FAIL'} {response.status_code} media document {document['url']} (sha256 {'matches' if ok else 'differs'})"
    )
    if not ok:
        failures.append(document["url"])
    if failures:
        raise SystemExit(f"smoke check failed: {failures}")
    print("smoke check passed")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("collect", "check"):
        raise SystemExit(__doc__)
    {"collect": collect, "check": check}[sys.argv[1]](sys.argv[2])
