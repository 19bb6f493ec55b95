"""Set-up step of the magazine: *Impact in het sociaal domein*, imported from the text shipped in
`data/` with its nine chapters and published, and the English translation of the magazine page
and its first chapter (the other chapters show in Dutch on the English site, marked "(in
Dutch)", until an editor translates them). The importer keeps what editors changed (its own
import tracking: key, revision and checksum), so a second run changes nothing."""

import json
from pathlib import Path

from django.core.management import call_command

from leeratelier.core.sitesetup import ensure_translation, register_step

DATA = Path(__file__).resolve().parent / "data"
MAGAZINE_TEXT = DATA / "impact-sociaal-domein.txt"
# Dutch source text -> English, for the translation of the magazine page and chapter 1.
MAGAZINE_ENGLISH = DATA / "demo-translation-en.json"


class _Quiet:
    def write(self, text):
        pass


@register_step(25)
def magazine(context):
    from .models import ChapterPage, MagazinePage

    before = MagazinePage.objects.count() + ChapterPage.objects.count()
    call_command("import_magazine", str(MAGAZINE_TEXT), publish=True, stdout=_Quiet())
    made = MagazinePage.objects.count() + ChapterPage.objects.count() - before
    if made:
        context.created.append(f"magazine ({made} pages)")
    strings = json.loads(MAGAZINE_ENGLISH.read_text(encoding="utf-8"))
    magazine = MagazinePage.objects.get(locale__language_code="nl", import_key__isnull=False)
    ensure_translation(context, magazine, strings, label="magazine")
    ensure_translation(context, ChapterPage.objects.child_of(magazine).get(number=1), strings, label="chapter 1")
