"""Rendered fragments that are the same for every reader who may see them, kept in the shared
cache: a reflection's header and body on the case page, a row of the case library.

The key is made of everything the fragment shows (content-addressed): the object's id, its
``rendered_with`` (the sanitiser version of its HTML), a digest of its HTML and of every other
value the template prints (names, dates, marks), the language, the time zone and the reader
kind the template distinguishes (a coordinator sees a pseudonym's real name). So an edit, a hide,
a removal, a renamed author or a new sanitiser makes a new key and the next reader gets the new
fragment at once: there is nothing to invalidate and nothing can be stale. Who may see the
object is decided before a fragment is looked up (the access function), and per-reader parts
(the actions, "helpful" buttons, unread marks, CSRF tokens) are never part of a fragment.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

TIMEOUT = 60 * 60 * 24  # a day: unused keys (old versions) simply expire


def key(kind, pk, rendered_with, *values):
    digest = hashlib.blake2b(digest_size=16)
    for value in (translation.get_language(), timezone.get_current_timezone_name(), *values):
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return f"fragment:{kind}:{pk}:{rendered_with}:{digest.hexdigest()}"


def attach(objects, kind, template_name, make_key, context, attribute="fragment_html"):
    """Set ``attribute`` on each object for which ``make_key`` gives a key (None: render live),
    from the cache or rendered with ``template_name`` (and the object as ``kind`` plus
    ``context``), in one cache round trip to read and one to write."""
    keyed = {}
    for obj in objects:
        name = make_key(obj)
        if name:
            keyed[name] = obj
    if not keyed:
        return objects
    found = cache.get_many(list(keyed))
    missing = {}
    template = None
    for name, obj in keyed.items():
        html = found.get(name)
        if html is None:
            template = template or get_template(template_name)
            html = template.render({**context, kind: obj})
            missing[name] = html
        setattr(obj, attribute, mark_safe(html))
    if missing:
        cache.set_many(missing, TIMEOUT)
    return objects


def one(name, template_name, context):
    """The fragment of key ``name`` (see ``key``): from the cache, or rendered with
    ``template_name`` and ``context`` and kept."""
    html = cache.get(name)
    if html is None:
        html = get_template(template_name).render(context)
        cache.set(name, html, TIMEOUT)
    return mark_safe(html)
