"""The case-based reasoning rules (leeratelier.cases.services) and who may read what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from leeratelier.ateliers.factories import AtelierPageFactory, MembershipFactory
from leeratelier.cases import policy as case_policy
from leeratelier.cases import services
from leeratelier.cases.models import Case, PostRevision, Reflection, Report
from leeratelier.core import access
from leeratelier.core.factories import UserFactory

CASE = {
    "title": "Een moeder met schulden en drie banen",
    "situation": "Een alleenstaande moeder werkt in drie banen en heeft toch **schulden**.",
    "question": "Hoe bespreek je armoede zonder dat het beschamend voelt?",
    "done_so_far": "Een keukentafelgesprek met de buurtcoach.",
    "roles": ["citizen", "social_worker"],
    "tracks": ["meaning"],
    "anonymised_confirmed": True,
}


@pytest.fixture
def case(public_atelier, member):
    return services.post_case(public_atelier, member, **CASE)


@pytest.fixture
def colleague(public_atelier):
    user = UserFactory(username="colleague")
    MembershipFactory(atelier=public_atelier, user=user)
    return user


def test_members_post_cases_and_markdown_is_sanitised(public_atelier, member):
    case = services.post_case(
        public_atelier, member, **{**CASE, "situation": "Tekst <script>alert(1)</script> [x](javascript:alert(1))"}
    )
    assert "<script" not in case.situation_html and "javascript:" not in case.situation_html
    assert case.rendered_with
    assert case.stage == Case.Stage.OPEN
    assert str(case) == f"Case {case.pk}"  # never the title in logs


def test_only_members_post_and_only_anonymised_cases(public_atelier, outsider, member, editor):
    with pytest.raises(services.Denied):
        services.post_case(public_atelier, outsider, **CASE)
    with pytest.raises(services.Denied):
        services.post_case(public_atelier, editor, **CASE)
    with pytest.raises(services.Denied):
        services.post_case(public_atelier, member, **{**CASE, "anonymised_confirmed": False})
    assert not Case.objects.exists()


def test_who_may_read_a_case(case, member, outsider, editor, coordinator):
    assert case_policy.can_view_case(member, case)
    assert case_policy.can_view_case(coordinator, case)
    assert not case_policy.can_view_case(outsider, case)
    assert not case_policy.can_view_case(editor, case)  # editors only through moderation of a report
    assert not case_policy.can_view_case(AnonymousUser(), case)
    assert list(case_policy.visible_cases(outsider, Case.objects.all())) == []
    Case.objects.filter(pk=case.pk).update(visibility=Case.Visibility.MEMBERS)
    case.refresh_from_db()
    assert case_policy.can_view_case(outsider, case)
    assert list(case_policy.visible_cases(AnonymousUser(), Case.objects.all())) == []


def test_a_removed_member_loses_access_at_once(case, member):
    from leeratelier.ateliers.models import Membership

    Membership.objects.filter(user=member).delete()
    access.forget_roles(member)
    assert not case_policy.can_view_case(member, case)


def test_the_reasoning_cycle(case, member, colleague):
    question = services.reflect(case, colleague, Reflection.Kind.QUESTION, "Wat wil de moeder zelf?")
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.REFLECTING
    reply = services.reflect(
        case, member, Reflection.Kind.EXPERIENCE, "Zij wil vooral rust.", reply_to=question, quotes=question
    )
    assert reply.reply_to == question
    with pytest.raises(services.Denied):
        services.mark_helpful(question, colleague)  # only the case's author
    services.mark_helpful(question, member)
    assert Reflection.objects.get(pk=question.pk).helpful
    services.retain_lesson(case, member, "Eerst vragen wat iemand zelf wil.", "Ik begin met haar doelen.")
    case.refresh_from_db()
    assert case.stage == Case.Stage.RETAINED and case.retained_at


def test_reflections_on_another_case_cannot_be_replied_to(case, member, colleague, public_atelier):
    other = services.post_case(public_atelier, colleague, **CASE)
    foreign = services.reflect(other, member, Reflection.Kind.QUESTION, "Vraag")
    with pytest.raises(services.Denied):
        services.reflect(case, colleague, Reflection.Kind.QUESTION, "Antwoord", reply_to=foreign)


def test_non_members_cannot_reflect(case, outsider):
    with pytest.raises(services.Denied):
        services.reflect(case, outsider, Reflection.Kind.QUESTION, "Mag ik iets vragen?")


def test_edits_keep_history_and_removal_keeps_the_thread(case, member, colleague):
    services.edit_case(case, member, question="Een scherpere vraag")
    assert case.edited_at and PostRevision.objects.get(case=case).content["question"] == CASE["question"]
    with pytest.raises(services.Denied):
        services.edit_case(case, colleague, question="Niet van mij")
    reflection = services.reflect(case, colleague, Reflection.Kind.THEORY, "Zie Hermans en van Pelt.")
    services.remove_case(case, member)
    case.refresh_from_db()
    assert case.is_removed and case.title == "" and case.situation_html == ""
    assert not PostRevision.objects.filter(case=case).exists()  # removed means removed
    assert Reflection.objects.filter(pk=reflection.pk).exists()


def test_reporting_identifiable_data_hides_at_once_until_a_coordinator_restores(case, colleague, coordinator, member):
    services.report(case, colleague, Report.Reason.IDENTIFIABLE, "Er staat een straatnaam in.")
    case.refresh_from_db()
    assert case.is_hidden
    with pytest.raises(services.Denied):
        services.restore(case, member)
    services.restore(case, coordinator)
    case.refresh_from_db()
    assert not case.is_hidden
    assert Report.objects.get().resolved_by == coordinator


def test_coordinators_hide_with_a_reason(case, coordinator, member):
    with pytest.raises(services.Denied):
        services.hide(case, coordinator, "   ")
    services.hide(case, coordinator, "Bevat herleidbare gegevens")
    assert Case.objects.get(pk=case.pk).hidden_reason == "Bevat herleidbare gegevens"


def test_public_summary_needs_the_coordinators_approval(case, member, coordinator):
    services.request_public_summary(case, member, "Een geanonimiseerde samenvatting.")
    assert not Case.objects.with_public_summary().exists()
    with pytest.raises(services.Denied):
        services.approve_public_summary(case, member)
    services.approve_public_summary(case, coordinator)
    assert list(Case.objects.with_public_summary()) == [case]


def test_pseudonyms_are_per_atelier_and_unique(public_atelier, member, colleague):
    first = services.post_case(public_atelier, member, pseudonym_name="Zonnebloem", **CASE)
    assert first.pseudonym.name == "Zonnebloem"
    with pytest.raises(services.Denied):
        services.post_case(public_atelier, colleague, pseudonym_name="Zonnebloem", **CASE)
    other_atelier = AtelierPageFactory(parent=public_atelier.get_parent(), title="Ander atelier")
    MembershipFactory(atelier=other_atelier, user=colleague)
    access.forget_roles(colleague)  # roles are cached per request on the user object
    assert services.post_case(other_atelier, colleague, pseudonym_name="Zonnebloem", **CASE).pseudonym
