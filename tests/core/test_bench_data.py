"""The benchmark dataset generator (leeratelier/core/bench.py and each app's bench.py), at a tiny
scale: it makes what it promises, and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper

from cycles.models import Contribution, LearningCycle
from leeratelier.ateliers.bench import bench_ateliers, bench_meetings, bench_users
from leeratelier.ateliers.models import ExpertMeetingPage, Membership, Registration
from leeratelier.cases.bench import LONG_THREAD_TITLE
from leeratelier.cases.models import Case, Reflection
from leeratelier.core import bench
from leeratelier.pioneers.factories import PracticeIndexPageFactory
from leeratelier.pioneers.models import PracticePage
from leeratelier.toolbox.factories import MethodIndexPageFactory
from leeratelier.toolbox.models import MethodPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        "users": bench_users().count(),
        "ateliers": bench_ateliers().count(),
        "memberships": Membership.objects.filter(user__username__startswith="bench-").count(),
        "meetings": bench_meetings().count(),
        "registrations": Registration.objects.filter(user__username__startswith="bench-").count(),
        "cases": Case.objects.filter(author__username__startswith="bench-").count(),
        "reflections": Reflection.objects.filter(author__username__startswith="bench-").count(),
        "methods": MethodPage.objects.count(),
        "practices": PracticePage.objects.live().count(),
        "practices with methods": PracticePage.objects.filter(methods__isnull=False).distinct().count(),
        "cycles": LearningCycle.objects.filter(learning_question__startswith="Bench: ").count(),
        "contributions": Contribution.objects.filter(cycle__learning_question__startswith="Bench: ").count(),
    }


def test_tiny_dataset_is_complete_and_a_second_run_changes_nothing(home_page):
    MethodIndexPageFactory(parent=home_page)
    PracticeIndexPageFactory(parent=home_page)
    bench.run(0.004, OutputWrapper(io.StringIO()))
    first = counts()
    assert first["users"] == 20 and first["ateliers"] == 1 and first["meetings"] == 8
    assert first["cases"] == 80 and first["reflections"] == 800
    assert first["cycles"] == 1 and first["contributions"] == 40
    assert first["methods"] == 1 and first["practices"] == 4 == first["practices with methods"]
    assert first["registrations"] == 8 * 20  # never more per meeting than the atelier has members
    long_thread = Case.objects.get(title=LONG_THREAD_TITLE)
    assert long_thread.reflections.count() == 800  # at this scale the long thread takes them all
    # Real Dutch text, not one repeated word; rendered through the sanitiser.
    bodies = set(Reflection.objects.values_list("body", flat=True)[:200])
    assert len(bodies) > 50
    assert all(html.startswith("<p>") for html in Reflection.objects.values_list("body_html", flat=True)[:50])

    out = io.StringIO()
    bench.run(0.004, OutputWrapper(out))
    assert counts() == first
    assert "already there" in out.getvalue()


def test_hidden_ateliers_and_their_meetings_are_recognised_on_a_second_run(home_page):
    # A hidden atelier's pages get slugs made of their ids: the generator must still find them
    # (by their translation keys), or every run would make them again.
    bench.run(0.17, OutputWrapper(io.StringIO()))  # 5 ateliers, the fifth hidden
    assert bench_ateliers().filter(visibility="hidden").count() == 1
    hidden = bench_ateliers().get(visibility="hidden")
    assert not hidden.slug.startswith("bench-atelier-")
    first = counts()
    out = io.StringIO()
    bench.run(0.17, OutputWrapper(out))
    assert counts() == first
    assert "ateliers: 5 already there" in out.getvalue() and "expert meetings: 340 already there" in out.getvalue()


def test_command_refuses_a_nonsense_scale():
    with pytest.raises(CommandError):
        call_command("make_bench_data", "--scale", "0", stdout=io.StringIO())
