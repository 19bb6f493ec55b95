"""The cases demo step: cases at every stage in several ateliers, reflections of every kind, a
pseudonymous case, an approved public summary and a linked meeting; running it again makes
nothing new."""

from io import StringIO

from leeratelier.ateliers import demo as ateliers_demo
from leeratelier.ateliers.factories import AtelierPageFactory, ExpertMeetingPageFactory, MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import demo as cases_demo
from leeratelier.cases.models import Case, MeetingDiscussion, Reflection
from leeratelier.core.demo import DemoContext
from leeratelier.core.factories import UserFactory


def demo_ateliers(index):
    """The ateliers demo's ateliers, people and meetings, made with the factories (the ateliers
    step itself translates pages, which wants its own transactions)."""
    users = {}
    for spec in ateliers_demo.ATELIERS:
        atelier = AtelierPageFactory(parent=index, title=spec["title"], visibility=spec["visibility"])
        for (username, first, last), role in [(spec["coordinator"], "coordinator")] + [
            (m, "member") for m in spec["members"]
        ]:
            if username not in users:
                users[username] = UserFactory(username=username, first_name=first, last_name=last)
            MembershipFactory(atelier=atelier, user=users[username], role=getattr(Membership.Role, role.upper()))
        for _days, title, *_rest in spec["meetings"]:
            ExpertMeetingPageFactory(parent=atelier, title=title)


def test_demo_cases_cover_the_cycle_and_are_idempotent(atelier_index):
    demo_ateliers(atelier_index)
    context = DemoContext(out=StringIO(), credentials=[])
    cases_demo.cases(context)

    cases = Case.objects.all()
    assert cases.count() == len(cases_demo.CASES)
    assert {case.stage for case in cases} == {"open", "reflecting", "retained"}
    assert len({case.atelier_key for case in cases}) >= 4
    assert set(Reflection.objects.values_list("kind", flat=True)) == set(Reflection.Kind.values)
    assert Reflection.objects.filter(reply_to__isnull=False).exists()
    assert Reflection.objects.filter(helpful=True).exists()
    pseudonymous = cases.get(pseudonym__isnull=False)
    assert pseudonymous.pseudonym.name == "Ervaringsdeskundige W."
    # Her reflections in that atelier carry the pseudonym too.
    assert not Reflection.objects.filter(
        author=pseudonymous.author, case__atelier_key=pseudonymous.atelier_key, pseudonym=None
    ).exists()
    assert cases.with_public_summary().count() == 1
    assert MeetingDiscussion.objects.count() == 1

    cases_demo.cases(context)
    assert Case.objects.count() == len(cases_demo.CASES)
    assert Reflection.objects.count() == sum(
        len(spec.get("reflections", [])) + bool(spec.get("reply")) for spec in cases_demo.CASES
    )
