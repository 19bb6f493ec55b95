"""The Atom feed of the magazine's chapters, for feed readers: the published chapters a
signed-out visitor may read (through the access function), in the language of the address
(a chapter not yet translated is listed in Dutch), newest first."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from leeratelier.core import access
from leeratelier.core.i18n import pages_in_active_language

from .models import ChapterPage, MagazinePage


class MagazineChaptersFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def title(self):
        return _("Leeratelier: the magazine")

    def subtitle(self):
        return _("New and updated chapters of the magazine Impact in het sociaal domein.")

    def link(self):
        magazine = pages_in_active_language(MagazinePage.objects.live()).order_by("path").first()
        return magazine.get_url() if magazine else "/"

    def items(self):
        chapters = access.visible_pages(AnonymousUser(), ChapterPage.objects.live().public())
        return pages_in_active_language(chapters).select_related("locale").order_by("-last_published_at")[: self.limit]

    def item_title(self, chapter):
        return chapter.title

    def item_description(self, chapter):
        return chapter.search_description or chapter.intro

    def item_link(self, chapter):
        return chapter.get_url()

    def item_pubdate(self, chapter):
        return chapter.first_published_at

    def item_updateddate(self, chapter):
        return chapter.last_published_at
