"""The site as an organisation installs it, for the browser tests: the tree as `migrate` leaves it
(Wagtail's welcome page as the site's root), then `manage.py setup_site` (no demo). See
tests/setup/test_setup_site.py for the same path without a browser."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from ..conftest import ensure_roots


class InstalledSite:
    def __init__(self, url):
        self.url = url  # the live server, without a trailing slash

    def __call__(self, path):
        return self.url + path


def install(live_server_url):
    """Wagtail's welcome page as the default site's root, then setup_site; the live server."""
    root = ensure_roots()
    Page.objects.filter(depth__gt=1).delete()
    root.refresh_from_db()
    welcome = root.add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=Locale.get_default())
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    call_command("setup_site", stdout=StringIO())
    return InstalledSite(live_server_url)
