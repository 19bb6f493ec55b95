from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class HomeConfig(components.ComponentConfig):
    name = "home"
    verbose_name = _("Home and standard pages")
    manifest = Manifest(steps=("setup",))  # the home page, about, the accessibility statement, site settings
