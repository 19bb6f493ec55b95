from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from leeratelier.core import components, demo, generations


class Command(BaseCommand):
    help = "Build (or refresh) the demo site: setup_site, then demo people and content on top."

    def handle(self, *args, **options):
        if getattr(settings, "DEMO_CONTENT_ALLOWED", False) is not True:
            raise CommandError(
                "load_demo refuses to run here: it creates accounts with published passwords. "
                "It runs with the dev and test settings only."
            )
        call_command("setup_site", stdout=self.stdout)  # the real site first; the demo adds to it
        components.import_steps("demo")  # each app's demo.py registers its steps (its manifest)
        context = demo.run(self.stdout)
        generations.bump_all()  # the demo dates its posts with updates, which send no signal
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write("Demo accounts (development only):")
        for what, username, password in context.credentials:
            self.stdout.write(f"  {what}: {username} / {password}")
