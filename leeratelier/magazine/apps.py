from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class MagazineConfig(components.ComponentConfig):
    """The magazine "Impact in het sociaal domein": an issue page with its chapters, and the
    importer that turns the plain-text export of the PDF into pages."""

    name = "leeratelier.magazine"
    label = "magazine"
    verbose_name = _("Magazine")
    # the magazine imported and published; its text for the benchmark
    manifest = Manifest(steps=("setup", "bench"))
