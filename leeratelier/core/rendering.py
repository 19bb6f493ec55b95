"""The re-render contract: every model that stores rendered Markdown says so once, here.

A model that keeps member Markdown next to its sanitised HTML subclasses `MarkdownMixin` and names
its source fields in `markdown_fields`; each source `<name>` has a `<name>_html` field beside it and
the row records the sanitiser version that made the HTML (`rendered_with`). Subclassing is the
registration: `stored_renderings()` finds every such model, so `manage.py rerender_posts` re-renders
all of them after a change to `core.sanitize` (which changes `SANITIZER_VERSION`), and a component
never has to be named in the core. A test fails when a model stores `*_html` without the mixin.
"""

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from leeratelier.core import sanitize


class MarkdownMixin(models.Model):
    """Keeps ``<name>_html`` in step with each Markdown source field in ``markdown_fields``."""

    markdown_fields: tuple = ()
    rendered_with = models.CharField(_("sanitiser version"), max_length=40, blank=True, editable=False)

    class Meta:
        abstract = True

    def render_sources(self):
        for name in self.markdown_fields:
            setattr(self, f"{name}_html", sanitize.render_markdown(getattr(self, name) or ""))
        self.rendered_with = sanitize.SANITIZER_VERSION


def stored_renderings():
    """Every installed concrete model that stores rendered Markdown, in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, MarkdownMixin) and model.markdown_fields and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label)


def rerender_stale(model, batch_size=500):
    """Re-render the rows of `model` an older sanitiser made; returns (re-rendered, total).

    In batches of ids, so memory stays flat; only the HTML fields and ``rendered_with`` are written
    (no edited marker, no history, no save signals: the text itself did not change)."""
    total = model._default_manager.count()
    stale = model._default_manager.exclude(rendered_with=sanitize.SANITIZER_VERSION).order_by("pk")
    fields = [f"{name}_html" for name in model.markdown_fields] + ["rendered_with"]
    done, last_pk = 0, None
    while True:
        batch = stale if last_pk is None else stale.filter(pk__gt=last_pk)
        batch = list(batch[:batch_size])
        if not batch:
            return done, total
        for row in batch:
            row.render_sources()
        with transaction.atomic():
            model._default_manager.bulk_update(batch, fields)
        done += len(batch)
        last_pk = batch[-1].pk
