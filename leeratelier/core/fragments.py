"""Rendered fragments that are the same for every reader who may see them, kept in the shared
cache: a reflection on the case page (its header, body and actions), a row of the case library.

The key is made of everything the fragment shows (content-addressed): the object's id, its
``rendered_with`` (the sanitiser version of its HTML), a digest of its HTML and of every other
value the template prints (names, dates, marks), the language, the time zone and every switch
about the reader the template branches on (a coordinator sees a pseudonym's real name and a
"Hide" box, the author an "Edit" box). Readers with the same switches share the fragment. So an
edit, a hide, a removal, a renamed author or a new sanitiser makes a new key and the next reader
gets the new fragment at once: there is nothing to invalidate and nothing can be stale. Who may
see the object is decided before a fragment is looked up (the access function).

Forms inside a fragment carry ``csrf_placeholder()`` instead of a CSRF token (the token is per
session, the fragment is not); ``render`` puts the reader's own token in its place on the
finished page, once. The placeholder is derived from SECRET_KEY, so nobody can write it into a
post to have a reader's token copied there, and it never leaves the server.
"""

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

TIMEOUT = 60 * 60 * 24  # a day: unused keys (old versions) simply expire


def key(kind, pk, rendered_with, *values):
    digest = hashlib.blake2b(digest_size=16)
    # The placeholder too: after a new SECRET_KEY no fragment with the old one is served.
    for value in (translation.get_language(), timezone.get_current_timezone_name(), csrf_placeholder(), *values):
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return f"fragment:{kind}:{pk}:{rendered_with}:{digest.hexdigest()}"


@functools.cache
def csrf_placeholder():
    """What a fragment's forms carry where the CSRF token goes (alphanumeric, as a token)."""
    return "csrfplaceholder" + salted_hmac("leeratelier.core.fragments.csrf", "placeholder").hexdigest()


def attach(objects, kind, template_name, make_key, context, attribute="fragment_html"):
    """Set ``attribute`` on each object for which ``make_key`` gives a key (None: render live),
    from the cache or rendered with ``template_name`` (and the object as ``kind`` plus
    ``context``, in which ``csrf_token`` is the placeholder), in one cache round trip to read
    and one to write. A page whose fragments hold forms is rendered with ``render``."""
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
            html = template.render({**context, "csrf_token": csrf_placeholder(), kind: obj})
            missing[name] = html
        setattr(obj, attribute, mark_safe(html))
    if missing:
        cache.set_many(missing, TIMEOUT)
    return objects


def render(request, template_name, context, status=200):
    """``django.shortcuts.render`` for a page with fragments that hold forms: the finished page
    gets this session's CSRF token in place of the placeholder (and the CSRF cookie, as
    ``{% csrf_token %}`` would set it)."""
    html = render_to_string(template_name, context, request)
    return HttpResponse(html.replace(csrf_placeholder(), get_token(request)), status=status)
