from django.utils.translation import gettext_lazy as _

from leeratelier.core import components
from leeratelier.core.components import Manifest


class SearchConfig(components.ComponentConfig):
    name = "search"
    verbose_name = _("Search")
    manifest = Manifest()  # the search page; the tabs are the other apps' (their search.py)
