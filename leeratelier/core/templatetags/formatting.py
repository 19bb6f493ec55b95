"""Numbers and dates as a reader of the page's language expects them.

Reports keep their figures as strings (a published report is a frozen snapshot in JSON), so the
filters accept strings as well as numbers and dates. Dutch readers get a decimal comma and no
trailing zeros ("18", "27,5", "4,5"): "18.00" reads as eighteen thousand to them."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def number(value, max_decimals=2):
    """A number in the active language's format, without trailing zeros ("27,5"), rounded to at
    most ``max_decimals`` places. Anything that is not a number is returned as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if not amount.is_finite():
        return value
    amount = round(amount, int(max_decimals)).normalize()
    decimals = max(0, -amount.as_tuple().exponent)
    if decimals == 0:
        amount = amount.quantize(Decimal(1))
    return formats.number_format(amount, decimal_pos=decimals, use_l10n=True)


@register.filter
def isodate(value):
    """A date from its ISO form ("2026-10-22"), so that ``|date:"j F Y"`` can write it in words;
    a date or datetime passes through, anything else becomes None."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@register.filter
def datetime_attr(value):
    """The machine-readable value of a ``<time datetime>`` attribute: ISO 8601 without
    microseconds (which the HTML standard does not allow), in local time for datetimes."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
