"""The real site, made from an empty database: `manage.py setup_site`.

An organisation that installs Leeratelier runs this once after `migrate` (and may run it again
at any time): it replaces Wagtail's welcome page with the Dutch home page and its English
translation, makes the section pages (ateliers, methods, practices, the magazine with its nine
chapters, about, the privacy and accessibility statements) with default content written for this
platform, the shared vocabulary and the editors' groups. `load_demo` runs it first and only adds
demo people and content on top.

Each app contributes steps from its own ``setup.py`` (named in its manifest: ``core.components``) with
``register_step(order)``; steps run by order. Every step completes what is missing and changes
nothing else:

- a page that does not exist is made (and published), a missing English translation is added;
- a page whose latest revision was saved by a person is an editor's page: it is left alone, and
  so is an English translation that exists (the report says which pages were kept);
- a page that setup made and nobody edited gets this version's default text when it changed.

So a second run reports no change, and an editor's work always survives an upgrade.
"""

from dataclasses import dataclass, field

from django.db import transaction

from .localize import translate

_steps = []


def register_step(order):
    """Register ``function(context)`` as a setup step; lower ``order`` runs first."""

    def decorate(function):
        _steps.append((order, function.__module__, function))
        return function

    return decorate


@dataclass
class SetupContext:
    out: object  # a writer with .write(str), e.g. a command's stdout
    hostname: str = "localhost"
    port: int = 80
    hostname_given: bool = False  # set the Site's hostname and port only when asked to
    home: object = None
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    translated: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    def say(self, text):
        self.out.write(text)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.translated)


def run(out, hostname=None, port=None):
    """Run every registered step in order; return the context with what each step did."""
    context = SetupContext(
        out=out, hostname=hostname or "localhost", port=port or 80, hostname_given=hostname is not None
    )
    for _order, _module, step in sorted(_steps, key=lambda item: (item[0], item[1])):
        step(context)
    return context


# --- pages ----------------------------------------------------------------------------------
# Page text is written as (Dutch, English) pairs: the Dutch makes the page, the English its
# wagtail-localize translation.


def heading(nl, en, level="h2"):
    return ("heading", nl, en, level)


def paragraph(nl, en):
    return ("paragraph", nl, en, None)


def dutch_body(blocks):
    return [
        ("heading", {"text": nl, "level": level}) if kind == "heading" else ("paragraph", f"<p>{nl}</p>")
        for kind, nl, en, level in blocks
    ]


def english_strings(fields, blocks=()):
    strings = {nl: en for nl, en in fields.values()}
    strings.update({nl: en for kind, nl, en, level in blocks})
    return strings


def body_texts(page):
    """The page's body as (block type, Dutch text) pairs, to compare with a spec."""
    texts = []
    for block in getattr(page, "body", None) or []:
        if block.block_type == "heading":
            texts.append(("heading", block.value["text"]))
        else:
            source = getattr(block.value, "source", str(block.value))
            texts.append((block.block_type, source.removeprefix("<p>").removesuffix("</p>")))
    return texts


def edited_by_a_person(page):
    """True when someone saved the page in the admin (setup's own revisions have no user)."""
    revision = page.latest_revision
    return bool(revision and revision.user_id)


def ensure_page(context, parent, model, *, fields, blocks=None, slug=None, label=None, lookup=None, **extra):
    """The Dutch page ``model`` below ``parent`` with ``fields`` ({name: (nl, en)}) and
    ``blocks`` (a body, or None for a page without one), and its English translation.

    ``lookup`` finds an existing page (default: by slug, or the only child of that type when no
    slug is given); the rules of the module docstring decide what happens to it."""
    label = label or fields["title"][0]
    dutch = {name: nl for name, (nl, en) in fields.items() if name != "slug"}
    slug = slug or (fields["slug"][0] if "slug" in fields else None)
    with transaction.atomic():
        found = model.objects.child_of(parent)
        page = lookup(found) if lookup else found.filter(slug=slug).first() if slug else found.first()
        if page is None:
            page = model(slug=slug, **dutch, **extra, **({"body": dutch_body(blocks)} if blocks is not None else {}))
            parent.add_child(instance=page)
            page.save_revision().publish()
            context.created.append(label)
        elif edited_by_a_person(page):
            context.kept.append(f"{label} (changed by an editor)")
        else:
            differs = any(getattr(page, name) != value for name, value in dutch.items())
            if blocks is not None and body_texts(page) != [(kind, nl) for kind, nl, en, level in blocks]:
                differs = True
                page.body = dutch_body(blocks)
            if differs:
                for name, value in dutch.items():
                    setattr(page, name, value)
                page.save_revision().publish()
                context.updated.append(label)
    ensure_translation(context, page, english_strings(fields, blocks or ()), label=label)
    return page


def ensure_translation(context, page, strings, language="en", label=None):
    """Add the translation when the page has none yet; an existing one is the editors'."""
    from wagtail.models import Locale

    if page.get_translation_or_none(Locale.objects.get(language_code=language)) is not None:
        return
    translate(page, language, strings)
    context.translated.append(f"{label or page.title} ({language})")
