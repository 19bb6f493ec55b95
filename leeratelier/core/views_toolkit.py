"""Plumbing every view would otherwise write again (and the copies drift): a safe redirect to a
posted or query `next`, and CSV exports with one formula guard.

- `safe_next(request, fallback)`: the `next` of the POST (else the query string) when Django's
  `url_has_allowed_host_and_scheme` accepts it for this host (so `//other.example`,
  `https://other.example`, `/\\other.example` and `javascript:` are refused), else the fallback.
- `csv_response(filename, header, rows)`: a UTF-8 CSV download (with the byte-order mark that
  spreadsheet programs need) whose every cell went through `csv_cell`: a cell a spreadsheet would
  run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with a quote, as
  OWASP's CSV-injection advice says; empty cells stay empty.
"""

import csv

from django.http import HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

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
