"""manage.py setup_site [--hostname HOST] [--port PORT]

Makes the real site on a fresh database, and completes it on an existing one: the home page in
place of Wagtail's welcome page, the section pages with their default content in Dutch and
English, the magazine, the vocabulary and the editors' groups. Safe in production and
idempotent: a second run changes nothing, and pages an editor changed are left alone (the
report names them). See ``leeratelier/core/sitesetup.py``."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from leeratelier.core import components, sitesetup


class Command(BaseCommand):
    help = "Set up (or complete) the Leeratelier site: pages in Dutch and English, the magazine, vocabulary, groups."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="The site's host name (default: WAGTAIL_SITE_HOSTNAME, else localhost).")
        parser.add_argument("--port", type=int, help="The site's port (default: WAGTAIL_SITE_PORT, else 80 or 443).")

    def handle(self, *args, hostname=None, port=None, **options):
        hostname = hostname or os.environ.get("WAGTAIL_SITE_HOSTNAME") or None
        port = port or (
            int(os.environ["WAGTAIL_SITE_PORT"]) if os.environ.get("WAGTAIL_SITE_PORT", "").isdigit() else None
        )
        if hostname and port is None:
            port = 80
        components.import_steps("setup")  # each app's setup.py registers its steps (its manifest)
        try:
            context = sitesetup.run(self.stdout, hostname=hostname, port=port)
        except DatabaseError as error:
            raise CommandError(f"The database is not ready ({error}). Run `manage.py migrate` first.") from error
        for what, items in (
            ("Created", context.created),
            ("Brought up to date", context.updated),
            ("Translated", context.translated),
            ("Left alone", context.kept),
        ):
            if items:
                self.stdout.write(f"{what}: {', '.join(items)}.")
        if context.changed:
            self.stdout.write(self.style.SUCCESS("The site is set up."))
        else:
            self.stdout.write(self.style.SUCCESS("The site was already set up: nothing changed."))
