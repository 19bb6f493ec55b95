"""The privacy check on the public pioneer form: a practice text that names a client warns with
masked excerpts, keeps every typed text and stores nothing until the pioneer confirms; the
contact details (meant to identify the pioneer) are never checked."""

from leeratelier.core.models import SavedDespiteWarning
from leeratelier.pioneers.models import PracticeSubmission
from tests.privacy_warning_steps import IDENTIFYING, assert_recorded, assert_warned, confirmed

from .conftest import dutch_url, form_data


def test_the_pioneer_form_warns_and_stores_only_once_confirmed(client, registry, vocabulary):
    url = dutch_url("pioneers:register")
    data = form_data(vocabulary, what_works=IDENTIFYING)
    response = client.post(url, data)
    body = assert_warned(response)
    assert "Inwoners met geldzorgen" in body  # the other texts are kept too
    assert not PracticeSubmission.objects.exists()
    response = client.post(url, confirmed(data, response, "form"))
    assert response.status_code == 302
    submission = PracticeSubmission.objects.get()
    assert submission.payload["what_works"] == IDENTIFYING
    assert_recorded(submission, SavedDespiteWarning.Part.PRACTICE)


def test_contact_details_are_not_a_warning(client, registry, vocabulary):
    data = form_data(vocabulary, contact_name="Fatima El Amrani", contact_phone="06-12345678")
    assert client.post(dutch_url("pioneers:register"), data).status_code == 302
    assert PracticeSubmission.objects.count() == 1 and not SavedDespiteWarning.objects.exists()
