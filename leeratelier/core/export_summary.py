"""The readable summary in a data export (``summary.html``): every part of the export as
headings, lists and tables in the member's language, for a person rather than a program. It
reads the same data as the JSON files (``leeratelier.core.privacy.collect``), so a new exporter
shows up here without more code; a field without a label here is shown by its name made
readable."""

from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

SUMMARY_NAME = "summary.html"

# Names of fields that several parts use, in the reader's language.
FIELD_LABELS = {
    "username": _("User name"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("Email address"),
    "date_joined": _("Account made on"),
    "last_login": _("Last signed in"),
    "email_addresses": _("Email addresses"),
    "verified": _("Confirmed"),
    "primary": _("Main address"),
    "profile": _("Profile"),
    "role": _("Role"),
    "organisation": _("Organisation"),
    "bio": _("About you"),
    "municipality": _("Municipality"),
    "listed_in_directory": _("Shown in the list of people"),
    "language": _("Language"),
    "photo": _("Photo"),
    "data_exports": _("Copies of your data asked for"),
    "requested_at": _("Asked for on"),
    "status": _("Status"),
    "created_at": _("Made on"),
    "edited_at": _("Changed on"),
    "title": _("Title"),
    "name": _("Name"),
    "text": _("Text"),
    "body": _("Text"),
    "cases": _("Cases"),
    "reflections": _("Reflections"),
    "memberships": _("Memberships"),
    "registrations": _("Registrations"),
    "contributions": _("Contributions"),
    "notifications": _("Notifications"),
    "atelier": _("Atelier"),
    "meeting": _("Meeting"),
    "cycle": _("Learning cycle"),
    "kind": _("Kind"),
    "removed": _("Removed"),
    "hidden": _("Hidden"),
    "situation": _("Situation"),
    "question": _("Question"),
    "done_so_far": _("Done so far"),
    "themes": _("Themes"),
    "roles": _("Roles"),
    "tracks": _("Tracks of impact"),
    "joined_at": _("Joined on"),
    "since": _("Since"),
    "motivation": _("Motivation"),
    "score": _("Score"),
    "comment": _("Comment"),
    "value": _("Value"),
    "date": _("Date"),
    "start": _("Start"),
    "note": _("Note"),
    "reason": _("Reason"),
    "history": _("Earlier versions"),
    "registered_at": _("Registered on"),
    "cancelled_at": _("Cancelled on"),
    "value_scores": _("Value scores"),
    "pseudonyms": _("Pseudonyms"),
    "email_settings": _("Email settings"),
    "lesson_learned": _("Lesson learned"),
    "lesson_next_time": _("Next time"),
    "learning_question": _("Learning question"),
    "shareable": _("May be shared"),
}

# Keys that only a program needs (internal ids and keys), left out of the readable summary.
HIDDEN_KEYS = {"id", "atelier_key", "meeting_key", "method_key"}


def label(key):
    return FIELD_LABELS.get(key) or key.replace("_", " ").capitalize()


def _when(value):
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y, H:i")
    return formats.date_format(value, "j F Y")


def node(value):
    """The data as a tree the template walks: {"kind": "map"|"list"|"text"|"empty", ...}."""
    if isinstance(value, dict):
        items = [(label(key), node(item)) for key, item in value.items() if key not in HIDDEN_KEYS]
        return {"kind": "map", "items": items}
    if isinstance(value, (list, tuple)):
        if not value:
            return {"kind": "empty"}
        return {"kind": "list", "items": [node(item) for item in value], "count": len(value)}
    if value is None or value == "":
        return {"kind": "empty"}
    if isinstance(value, bool):
        return {"kind": "text", "text": _("yes") if value else _("no")}
    if isinstance(value, (datetime, date)):
        return {"kind": "text", "text": _when(value)}
    if isinstance(value, (int, float)):
        return {"kind": "text", "text": formats.number_format(value)}
    return {"kind": "text", "text": str(value)}


def render_summary(user, parts, labels, generated_at):
    """The summary page as a string, in the active language."""
    sections = [
        {"name": name, "title": labels.get(name) or label(name), "tree": node(data)}
        for name, (data, _files) in sorted(parts.items())
    ]
    return render_to_string(
        "core/data_export_summary.html",
        {
            "person": user.get_full_name() or user.get_username(),
            "sections": sections,
            "generated_at": _when(generated_at),
        },
    )
