"""manage.py import_magazine PATH [--publish] [--force]

Imports the plain-text export of the magazine "Impact in het sociaal domein" as a magazine
page with its nine chapters under the Dutch home page. Safe to run again: see importing.py.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from leeratelier.core.readability import B1_ADVICE, TARGET_SCORE
from leeratelier.magazine.importer import MagazineImportError, parse_magazine, read_magazine_text
from leeratelier.magazine.importing import KEPT, find_home_page, import_magazine


class Command(BaseCommand):
    help = (
        "Import the magazine 'Impact in het sociaal domein' from its plain-text export "
        "(e.g. leeratelier/magazine/data/impact-sociaal-domein.txt) as draft pages under the "
        "Dutch home page. Re-running updates untouched chapters and keeps edited ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The UTF-8 text export of the magazine.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported pages instead of saving drafts."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite pages an editor changed since the last import.",
        )

    def handle(self, *args, path, publish, force, **options):
        try:
            parsed = parse_magazine(read_magazine_text(path))
            outcomes = import_magazine(parsed, find_home_page(), publish=publish, force=force)
        except MagazineImportError as error:
            raise CommandError(f"{error}\nNothing was imported.") from error

        for outcome in outcomes:
            line = outcome.describe()
            self.stdout.write(self.style.WARNING(line) if outcome.action == KEPT else line)
            self.stdout.write(f"    {outcome.describe_readability()}")
        counts = Counter(outcome.action for outcome in outcomes)
        summary = ", ".join(f"{count} {action}" for action, count in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Done: {len(outcomes)} pages ({summary})."))
        self.stdout.write(self._readability_summary(outcomes))
        if not publish:
            self.stdout.write("Nothing was published: review the drafts in the admin, or run again with --publish.")

    def _readability_summary(self, outcomes):
        """One line on the whole import: the average page score against the B1 target, and what
        B1 asks (the editor's checks panel lists the long sentences and words per page)."""
        scores = [o.readability.score for o in outcomes if o.readability and o.readability.score is not None]
        if not scores:
            return "B1: no text to score."
        average = sum(scores) / len(scores)
        below = sum(score < TARGET_SCORE for score in scores)
        with translation.override("en"):
            advice = str(B1_ADVICE)
        return (
            f"B1 (Flesch-Douma): average {average:.1f} over {len(scores)} pages, {below} below the "
            f"target of {TARGET_SCORE}. {advice} The checks panel in the page editor lists the long "
            "sentences and words."
        )
