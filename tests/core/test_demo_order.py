"""Demo steps run in the order of their apps in INSTALLED_APPS, whatever order their modules were
imported in (a test that imports cycles.demo first must not make the cycles step run before the
ateliers and people it builds on exist)."""

from cycles.demo import learning_cycles
from leeratelier.ateliers import demo as atelier_demo
from leeratelier.core import demo


def test_steps_run_in_the_order_of_their_apps():
    atelier_steps = [step for step in demo._steps if step.__module__ == atelier_demo.__name__]
    shuffled = [learning_cycles, *atelier_steps, demo.admin_account]
    ordered = demo._in_app_order(shuffled)
    assert ordered[0] is demo.admin_account
    assert ordered[-1] is learning_cycles
    assert ordered[1:-1] == atelier_steps
