"""The case page kept per reader, for a while, under the generations of what it shows
(core.generations), as "Mijn leeratelier" and the case library are.

A reader reads a thread more than once: back from a reply, after posting, paging back and forth.
The page's own part (``views._case_main``: the case, one page of its thread, the similar cases,
the reasoning cycle and the forms, with the CSRF placeholder of core.fragments) is kept under the
reader, the case, the page of the thread, the language, time zone and site, and whether the
session used the second factor (a coordinator reads hidden posts only then). It is served while
these generations are all still the ones it was rendered under:

- the page cache's (core.pagecache): every page publication, membership (roles, suspensions),
  registration and every case saved anywhere (the titles in the similar-cases panel and the
  reasoning cycle, the methods, practices, meetings and the atelier link);
- the case library's of the case's atelier and the names' (cases.signals): every case,
  reflection and pseudonym of the atelier, and a person renamed or deleted;
- the search's (search.cache): every case and reflection saved anywhere (the similar cases'
  counts);
- the case page's own (``generation``, moved on by cases.signals): its attachments, the
  meetings it was discussed at, the similar cases opened from it, the themes, methods and
  practices it names, and a reflection marked helpful (an update, which sends no signal);
- the release (core.fragments.release): a deploy never serves a page of before.

Who may read the case is decided before the page is looked up (views.case_detail). A page with
anything else in the query (a reflection a search led to, a reply or quote being started, a
lesson being reused) or with a reflection that mentions someone (the mention links to the profile
as this reader may see it, which a profile's owner can change) is rendered afresh and not kept.
An entry turns stale by itself after SECONDS, which bounds the cache's memory to the pages of
the readers of the last minutes.
"""

import re

from leeratelier.accounts import mfa
from leeratelier.core import fragments, generations, pagecache
from search.cache import GENERATION as SEARCH_GENERATION

from . import library  # the module: library imports services, which imports this

SECONDS = 15 * 60
# The query parameters a kept page may have: the page of the thread, and the similar case it was
# opened from (recorded before, not shown).
PARAMETERS = {"page", "from"}
PAGE = re.compile(r"[1-9][0-9]{0,3}", re.ASCII)


def generation(case_pk):
    """The case page's own generation (see the module notes)."""
    return f"case-page:{case_pk}"


def key(request, case):
    """The key of this reader's page, or None when it is rendered afresh (see the module notes)."""
    if set(request.GET) - PARAMETERS or any(len(request.GET.getlist(name)) > 1 for name in request.GET):
        return None
    page = request.GET.get("page", "1")
    if not PAGE.fullmatch(page):
        return None
    return generations.reader_key(request, "case-page", case.pk, page, int(mfa.second_factor_used(request)))


def page(request, case, render):
    """The page's own part, kept or from ``render()`` (``views._case_main``: a dict of the title,
    the HTML and whether a reflection on it mentions someone)."""
    names = [library.library_generation(case.atelier_key), library.NAMES_GENERATION, SEARCH_GENERATION]
    return generations.kept(
        key(request, case),
        [*names, generation(case.pk)],
        render,
        extra=(pagecache.generation(), fragments.release()),
        seconds=SECONDS,
        keep=lambda main: not main["mentions"],
    )
