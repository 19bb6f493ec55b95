"""Rendered fragments that are the same for every reader who may see them, kept in the shared
cache: on the case page each reflection (its header, body and actions), the case's actions, the
empty reflection form and the similar-cases panel; a row of the case library.

The key is made of everything the fragment shows (content-addressed): the object's id, its
``rendered_with`` (the sanitiser version of its HTML), a digest of its HTML and of every other
value the template prints (names, dates, marks), the language, the time zone, every switch about the
reader the template branches on (a coordinator sees a pseudonym's real name and a "Hide" box,
the author an "Edit" box) and the release (a digest of the templates, catalogues and code).
Readers with the same switches share the fragment. So an edit, a hide, a removal, a renamed
author, a new sanitiser or a deploy makes a new key and the next reader gets the new fragment at
once: there is nothing to invalidate and nothing can be stale. Who may see the object is decided
before a fragment is looked up (the access function).

Forms inside a fragment carry ``csrf_placeholder()`` instead of a CSRF token (the token is per
session, the fragment is not); ``render`` puts the reader's own token in its place on the
finished page, once. The placeholder is derived from SECRET_KEY, so nobody can write it into a
post to have a reader's token copied there, and it never leaves the server.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from leeratelier.core import once

TIMEOUT = 60 * 60 * 24  # a day: unused keys (old versions) simply expire


def key(kind, pk, rendered_with, *values):
    digest = hashlib.blake2b(digest_size=16)
    # The placeholder and the release too: after a new SECRET_KEY or a deploy that changes a
    # template, a translation or a form, no fragment of before is served.
    for value in (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        csrf_placeholder(),
        release(),
        *values,
    ):
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return f"fragment:{kind}:{pk}:{rendered_with}:{digest.hexdigest()}"


@functools.cache
def release():
    """A digest of what renders a fragment besides its values: the templates, the translation
    catalogues and the project's own Python code (forms, template tags). The same on every
    machine running the same version; read once per process (some 20 ms, at its first
    fragment)."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    # the project's own packages (leeratelier, cycles, search, ...), not the installed libraries
    roots = {Path(settings.BASE_DIR) / app.name.split(".")[0] for app in apps.get_app_configs()}
    folders += [root for root in roots if root.is_dir()]
    files = set()
    for folder in folders:
        files.update(path for path in folder.rglob("*") if path.suffix in (".html", ".py", ".mo"))
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        if "migrations" not in path.parts:
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def csrf_placeholder():
    """What a fragment's forms carry where the CSRF token goes (alphanumeric, as a token)."""
    return "csrfplaceholder" + salted_hmac("leeratelier.core.fragments.csrf", "placeholder").hexdigest()


def fetch(wanted):
    """{key: (template_name, context)} -> {key: HTML}: from the shared cache, or rendered with
    ``context`` (in which ``csrf_token`` is the placeholder) and stored; one round trip to read
    and one to write, whatever the number of fragments. A page whose fragments hold forms is
    rendered with ``render``."""
    if not wanted:
        return {}
    found = cache.get_many(list(wanted))
    missing = {}
    for name, (template_name, context) in wanted.items():
        if name not in found:
            missing[name] = get_template(template_name).render({**context, "csrf_token": csrf_placeholder()})
    if missing:
        cache.set_many(missing, TIMEOUT)
    return {name: mark_safe(found[name] if name in found else missing[name]) for name in wanted}


def attach(objects, kind, template_name, make_key, context, attribute="fragment_html"):
    """Set ``attribute`` on each object for which ``make_key`` gives a key (None: render live),
    from the cache or rendered with ``template_name`` (and the object as ``kind`` plus
    ``context``)."""
    keyed = {}
    for obj in objects:
        name = make_key(obj)
        if name:
            keyed[name] = obj
    html = fetch({name: (template_name, {**context, kind: obj}) for name, obj in keyed.items()})
    for name, obj in keyed.items():
        setattr(obj, attribute, html[name])
    return objects


def one(name, template_name, context):
    """The fragment of key ``name`` (see ``key``): from the cache, or rendered with
    ``template_name`` and ``context`` and kept."""
    html = cache.get(name)
    if html is None:
        html = get_template(template_name).render(context)
        cache.set(name, html, TIMEOUT)
    return mark_safe(html)


def render(request, template_name, context, status=200):
    """``django.shortcuts.render`` for a page with fragments that hold forms, or kept whole
    (core.generations): the finished page gets this session's CSRF token in place of the
    placeholder (and the CSRF cookie, as ``{% csrf_token %}`` would set it), and its forms fresh
    one-time tokens (core.once), as a page rendered anew would have."""
    html = once.renew(render_to_string(template_name, context, request))
    return HttpResponse(html.replace(csrf_placeholder(), get_token(request)), status=status)
