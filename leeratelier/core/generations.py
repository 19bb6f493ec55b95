"""Parts of signed-in pages kept in the shared cache under the generations of what they show.

A page part that only some readers may see, or that is one reader's own (the case library of an
atelier, a member's page "Mijn leeratelier"), cannot be content-addressed like the fragments of
``core.fragments`` without reading the data it shows, which is what it is kept to avoid. It is
kept instead under *generations*: a counter in the cache per named part of the data ("the cases
of atelier X", "what member Y wrote"), which every save or delete that changes that part moves
on (``bump``), in the transaction and again once it is committed, as the anonymous page cache
does (``core.pagecache``): a reader who read the data between the two bumps stored it under a
generation nobody reads again.

An entry is stored with the generations read *before* its data was read (``lookup`` gives them,
``store`` keeps them), and is served only while they are all still the current ones, and before
the moment it says it turns stale by itself (a meeting that ends and leaves a list). So a change
is there for the very next reader, nothing is invalidated one by one, and an old entry is simply
never read again (it expires). A missing generation (a new name, an emptied cache) starts from the
clock, so it never repeats a value an entry was stored with. Who may see a part is decided before
it is looked up: the key names the reader or their audience. What writes behind the signals'
back (the bulk inserts of the benchmark generator and the demo loader) moves every generation on
at once (``bump_all``).
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

PREFIX = "generation:"
ALL = "*"  # part of every entry's stamp: bump_all
SECONDS = 60 * 60 * 24  # an entry nobody asks for expires after a day


def _start():
    return time.time_ns() // 1000


def bump(*names):
    """The data of ``names`` changed: no entry stored before counts any more."""
    _bump(names)
    transaction.on_commit(lambda: _bump(names))


def bump_all():
    """Everything may have changed: no entry stored before counts any more."""
    bump(ALL)


def _bump(names):
    for name in names:
        try:
            cache.incr(PREFIX + name)
        except ValueError:  # not there yet (or evicted): start one that differs from any before
            cache.add(PREFIX + name, _start(), timeout=None)


def lookup(key, names, *, extra=()):
    """``(value, stamp)``: the value stored under ``key`` when it was stored with the current
    generations of ``names`` (and ``extra``, generations the caller read elsewhere, e.g. the page
    cache's) and has not turned stale, else None; ``stamp`` is what to ``store`` a new value with.
    One round trip to the cache."""
    wanted = [PREFIX + name for name in (ALL, *names)]
    found = cache.get_many([key, *wanted])
    stamp = (*extra, *_current(wanted, found))
    entry = found.get(key)
    if entry is not None:
        stored_stamp, stale_at, value = entry
        if stored_stamp == stamp and (stale_at is None or timezone.now().timestamp() < stale_at):
            return value, stamp
    return None, stamp


def current(*names):
    """The current generations of ``names`` (and of everything), as a tuple to put in a key. One
    round trip to the cache."""
    wanted = [PREFIX + name for name in (ALL, *names)]
    return tuple(_current(wanted, cache.get_many(wanted)))


def _current(wanted, found):
    values = []
    for name in wanted:
        value = found.get(name)
        if value is None:
            cache.add(name, _start(), timeout=None)
            value = cache.get(name)
        values.append(value)
    return values


def store(key, stamp, value, stale_at=None):
    """Keep ``value`` under ``key`` for readers who find the generations of ``stamp``, until the
    moment ``stale_at`` (a timestamp, or None) at the latest."""
    timeout = SECONDS if stale_at is None else max(1, min(SECONDS, int(stale_at - timezone.now().timestamp()) + 1))
    cache.set(key, (stamp, stale_at, value), timeout)


def reader_key(request, kind, *parts):
    """The key of a page (or part) kept for one reader: ``kind``, the reader, ``parts`` (the
    object, the page of a list, a switch) and what the rendering reads of the request besides:
    the language, the time zone and the site."""
    values = (kind, request.user.pk, *parts, get_language(), timezone.get_current_timezone_name(), request.get_host())
    return ":".join(str(value) for value in values)


def kept(key, names, build, *, extra=(), seconds=None, keep=None):
    """``build()``'s value, kept under ``key`` while the generations of ``names`` (and ``extra``)
    stay what they were when it was built, and for at most ``seconds`` (None: a day); a ``key``
    of None builds it every time, and ``keep(value)`` false leaves this value unkept."""
    if key is None:
        return build()
    value, stamp = lookup(key, names, extra=extra)
    if value is None:
        value = build()
        if keep is None or keep(value):
            store(key, stamp, value, stale_at=None if seconds is None else timezone.now().timestamp() + seconds)
    return value
