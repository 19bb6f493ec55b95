"""The pioneers in the admin's "Needs attention" panel and in the vocabulary: a practice waiting
for the editors is counted for them; a municipality merged while a submission waited for its
address to be verified lands on the new municipality."""

from django.utils import translation

from leeratelier.core.models import Municipality
from leeratelier.pioneers.models import PracticePage

from .test_journey import editor, register, verify_latest


def test_editors_see_practices_awaiting_moderation(client, registry, vocabulary, editor):
    register(client, vocabulary)
    verify_latest(client)
    client.force_login(editor)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    with translation.override("nl"):
        label = translation.gettext("Practices awaiting moderation")
    assert "needs-attention" in body and f"{label}: 1" in body
    assert "/admin/email-outbox/" not in body  # the outbox is for site admins only


def test_a_submission_verified_after_a_merge_gets_the_new_municipality(client, registry, vocabulary):
    register(client, vocabulary)
    old = vocabulary["municipality"]
    new = Municipality.objects.get(name="Utrecht")
    old.merge_into(new)
    verify_latest(client)
    assert PracticePage.objects.get().municipality == new
