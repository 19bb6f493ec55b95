"""Panels the apps add to the atelier page and to "Mijn leeratelier", without the ateliers app
knowing them.

The atelier is the space; learning cycles, cases and the like are components living in it that
depend on the ateliers app, never the other way round. A component names its panels in its
manifest (``core.components``)::

    atelier_panels=(("cycles/atelier_panel.html", "panels.atelier_panel_context"),)

``context_function(request, atelier)`` returns the panel's template context, or None to show
nothing (e.g. to a reader who may not see what the panel lists). The atelier page renders the
panels in registration order (the order of INSTALLED_APPS, then of each manifest) with
``{% atelier_panels page %}``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template_name: str
    context_function: Callable


_panels: list[Panel] = []


def register_panel(template_name, context_function):
    panel = Panel(template_name, context_function)
    if panel not in _panels:  # ready() may run twice in tests
        _panels.append(panel)
    return panel


def panels():
    return list(_panels)


def render_panels(request, atelier):
    """The HTML of every registered panel that has something to show for this reader."""
    from django.template.loader import render_to_string

    rendered = []
    for panel in _panels:
        context = panel.context_function(request, atelier)
        if context is not None:
            rendered.append(render_to_string(panel.template_name, {"atelier": atelier, **context}, request=request))
    return rendered


# --- panels on "Mijn leeratelier" -----------------------------------------------------------
# The member's own page lists what they wrote in every component (their cases, their cycle
# contributions ...) the same way: ``my_panels`` in the manifest, where
# ``context_function(request)`` returns the panel's context or None. Each panel shows the latest
# few (a fixed number of queries) and links to the full list.

_my_panels: list[Panel] = []


def register_my_panel(template_name, context_function):
    panel = Panel(template_name, context_function)
    if panel not in _my_panels:
        _my_panels.append(panel)
    return panel


def render_my_panels(request):
    from django.template.loader import render_to_string

    rendered = []
    for panel in _my_panels:
        context = panel.context_function(request)
        if context is not None:
            rendered.append(render_to_string(panel.template_name, context, request=request))
    return rendered
