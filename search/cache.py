"""What a search found, kept for the next reader who asks the same: per source, the keys of its
first results (ids, never texts) and its count.

A search result depends on four things, and the key holds all four, so an entry is exact and is
never invalidated one by one:

- the query and the language;
- what the reader may see: every source filters through its policy, and those filters read of
  the reader only whether they are signed in, whether they are an admin, and the ateliers they
  are an active member of (``audience``); readers alike in these share entries, a reader who
  joins or leaves an atelier has another audience at once;
- the pages: every publication, move or deletion moves the page-cache generation on
  (core.pagecache), which also covers the vocabulary and the ateliers' visibility;
- the rest of what sources read (cases, reflections, experiences, reports: each source names its
  ``models``): saving or deleting one moves the search generation on (``changed``; a generation
  of ``core.generations``, so the bulk loaders' ``bump_all`` moves it too).

Old entries are never read again and expire after SECONDS. The objects of the results shown
are loaded afresh for each request (``SearchSource.load``), so a result's title, snippet and
address are never older than the page showing them.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from leeratelier.core import access, generations, pagecache

GENERATION = "search"  # the generation of what the sources read besides pages (core.generations)
SECONDS = 300


def changed(**kwargs):
    """A source's data changed: no search reads an entry of before."""
    generations.bump(GENERATION)


def watch(models):
    """Move the search generation on whenever one of ``models`` is saved or deleted."""
    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"search-cache-save-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"search-cache-delete-{label}")


def audience(user):
    """What the sources' filters read of the reader (see the module notes)."""
    if not user or not user.is_authenticated:
        return "visitor"
    ateliers = sorted(str(key) for key in access.atelier_roles(user))
    return hashlib.blake2b(repr((access.is_admin(user), ateliers)).encode(), digest_size=12).hexdigest()


class Entries:
    """The stored entries of one search (one query, language and audience, in the current
    generations), read in one round trip; ``put`` what was found anew, ``save`` writes them in
    one round trip."""

    def __init__(self, request, query, names):
        digest = hashlib.blake2b(query.encode(), digest_size=12).hexdigest()
        self.prefix = (
            f"search:{pagecache.generation()}:{'-'.join(map(str, generations.current(GENERATION)))}:{get_language()}:"
            f"{audience(request.user)}:{digest}"
        )
        found = cache.get_many([self._key(name) for name in names])
        self.stored = {name: found[self._key(name)] for name in names if self._key(name) in found}
        self.new = {}

    def _key(self, name):
        return f"{self.prefix}:{name}"

    def get(self, name):
        return self.stored.get(name)

    def put(self, name, value):
        if self.stored.get(name) != value:
            self.new[name] = value

    def save(self):
        if self.new:
            cache.set_many({self._key(name): value for name, value in self.new.items()}, SECONDS)
            self.stored.update(self.new)
            self.new = {}
