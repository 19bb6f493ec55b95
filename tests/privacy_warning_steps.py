"""Shared steps of the tests that every text field with the privacy check warns through its real
form (core/privacy_forms.py): the masked excerpts, the typed text kept, nothing saved until the
confirmation for exactly these findings, and the record for the coordinators once saved."""

from leeratelier.core.models import SavedDespiteWarning

IDENTIFYING = "Mevrouw Fatima El Amrani belde op 06-12345678 over haar zoon."
MASKED = ("Mevrouw F••••• E• A•••••", "06-1234••••")


def assert_warned(response, typed=IDENTIFYING):
    """The form came back (not saved) with the warning, the masked excerpts and the box; the
    full values only in the text the person typed (the textarea), never in the warning."""
    assert response.status_code in (200, 400), response.status_code
    body = response.content.decode()
    assert "privacy-warning" in body
    for excerpt in MASKED:
        assert excerpt in body
    assert "06-12345678</code>" not in body
    assert 'name="not_identifiable"' in body
    assert typed in body  # the typed text is kept
    return body


def digest(response, form_key):
    return response.context[form_key]["checked_findings"].value()


def confirmed(data, response, form_key):
    return {**data, "not_identifiable": "on", "checked_findings": digest(response, form_key)}


def assert_recorded(post, part):
    record = SavedDespiteWarning.objects.get(object_id=post.pk, part=part)
    assert set(record.kinds.split(",")) == {"name", "phone"}
    return record
