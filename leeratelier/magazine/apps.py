from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MagazineConfig(AppConfig):
    """The magazine "Impact in het sociaal domein": an issue page with its chapters, and the
    importer that turns the plain-text export of the PDF into pages."""

    name = "leeratelier.magazine"
    label = "magazine"
    verbose_name = _("Magazine")
