"""Plumbing every view would otherwise write again (and the copies drift): a safe redirect to a
posted or query `next`, CSV exports with one formula guard, and the atelier of a request.

- `safe_next(request, fallback)`: the `next` of the POST (else the query string) when Django's
  `url_has_allowed_host_and_scheme` accepts it for this host (so `//other.example`,
  `https://other.example`, `/\\other.example` and `javascript:` are refused), else the fallback.
- `csv_response(filename, header, rows)`: a UTF-8 CSV download (with the byte-order mark that
  spreadsheet programs need) whose every cell went through `csv_cell`: a cell a spreadsheet would
  run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with a quote, as
  OWASP's CSV-injection advice says; empty cells stay empty.
- `atelier_page(page_id=…)` / `atelier_page(key=…)`: the live atelier page with that id, or the
  version of the atelier with that translation key in the reader's language (else the first one
  made, the Dutch one); `Http404` without a message when there is none, so a 404 names nothing.
  Who may see it is still the view's question for `leeratelier.core.access`. The double-submit
  token lives in `leeratelier.core.once`.
"""

import copy
import csv

from django.http import Http404, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from leeratelier.core import pagecache
from leeratelier.core.access import space
from leeratelier.core.i18n import active_language_code

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def csv_cell(value):
    """A cell as text, guarded against formula injection; None and "" stay empty."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_delimiter():
    """A semicolon for Dutch readers: Dutch spreadsheet programs use the comma as the decimal
    separator and read a comma-separated file as one column."""
    return ";" if (get_language() or "").startswith("nl") else ","


def csv_response(filename, header, rows):
    """`rows` are sequences in the order of `header`; the file name must name no private thing.
    Separated by `csv_delimiter()` for the reader's language."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the UTF-8 correctly
    writer = csv.writer(response, delimiter=csv_delimiter())
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def atelier_page(page_id=None, *, key=None):
    """The atelier a request is about, found by its page id (a URL argument, or a query value:
    anything not a number is a 404 too) or by its translation key (the ``atelier_key`` of a case,
    cycle, announcement or invitation). At most one query: the page is kept in the process under
    the page-cache generation (every publication, move or deletion moves it on), and each request
    gets its own copy. The atelier model comes from the space the ateliers app names
    (``access.use_space``), so the core imports no app."""
    if page_id is not None:
        try:
            page_id = int(page_id)
        except (TypeError, ValueError):
            raise Http404 from None
    elif key is None:
        raise Http404
    name = f"atelier-page:{pagecache.generation()}:{page_id}:{key}:{active_language_code()}"
    found = pagecache.shared(name, lambda: _find_atelier_page(page_id, key) or NOT_FOUND)
    if isinstance(found, str):
        raise Http404
    return copy.copy(found)


NOT_FOUND = "not-found"  # kept for an id or key that names no live atelier (a string: cheap to keep)


def _find_atelier_page(page_id, key):
    model = space.atelier
    if page_id is not None:
        return model.objects.filter(pk=page_id, live=True).select_related("locale").first()
    versions = list(model.objects.filter(translation_key=key, live=True).select_related("locale").order_by("pk"))
    if not versions:
        return None
    active = active_language_code()
    return next((page for page in versions if page.locale.language_code == active), versions[0])
