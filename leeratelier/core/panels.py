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

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from . import generations


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
#
# The page is kept in the cache per person (ateliers.my_page) under the page-cache generation
# (pages, and what others do that the page shows: registrations, memberships) and the person's
# own generation here, which saving or deleting anything of theirs a panel shows moves on: each
# app names those models in its manifest (``my_page_models``: the model and the attribute path
# to the person it belongs to, e.g. ``("Case", "author_id")``), and the core watches them.

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


def reader_generation(user_id):
    """The generation of what "Mijn leeratelier" shows a person of their own (core.generations)."""
    return f"my-page:{user_id}"


def _person_of(instance, path):
    """The id the attribute path ``path`` ("author_id", "participant.user_id") names, or None."""
    value = instance
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except ObjectDoesNotExist:  # a related row deleted along with this one
            return None
        if value is None:
            return None
    return value


def watch_for_my_page(model, path):
    """Saving or deleting a ``model`` moves on the generation of the person ``path`` names."""

    def changed(sender, instance, **kwargs):
        user_id = _person_of(instance, path)
        if user_id is not None:
            generations.bump(reader_generation(user_id))

    label = model._meta.label
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"my-page-save-{label}-{path}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"my-page-delete-{label}-{path}")
