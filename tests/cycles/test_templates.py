"""Cycle templates are data: plan-do-reflect and the value circle ship with the platform, an
editor adds a third in the admin (a row, no migration), and a cycle runs through its template's
steps: the first opens at the start, values are scored in the template's scoring step only, and
after the last step the next loop starts at the first."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cycles import services
from cycles.models import CycleTemplate, LearningCycle, ValueScore
from leeratelier.core.factories import UserFactory
from tests.cycles.conftest import VALUES, current_phase, start
from tests.cycles.test_views import cycle_form

pytestmark = pytest.mark.django_db


def value_circle():
    return CycleTemplate.objects.get(key="value-circle")


def test_both_templates_ship_with_their_steps_in_both_languages():
    pdr = CycleTemplate.objects.get(key="plan-do-reflect")
    assert [s.name_en for s in pdr.steps.all()] == ["Plan", "Do", "Reflect"]
    assert [s.name_nl for s in value_circle().steps.all()] == [
        "Waarden benoemen",
        "Verhalen verzamelen",
        "Toetsen aan de waarden",
        "Bijstellen en terugkoppelen",
    ]
    assert [s.key for s in value_circle().steps.filter(scores_values=True)] == ["check"]


def test_a_coordinator_starts_a_value_circle_cycle_through_the_form(client, hidden_atelier, coordinator):
    client.force_login(coordinator)
    url = reverse("cycles:new", args=[hidden_atelier.pk])
    page = client.get(url).content.decode()
    assert "Value circle" in page and "Name the values → Collect stories" in page
    response = client.post(url, cycle_form(template=str(value_circle().pk)))
    cycle = LearningCycle.objects.get()
    assert response["Location"] == reverse("cycles:cycle", args=[cycle.pk])
    assert cycle.template == value_circle()
    assert [p.name for p in cycle.phases.order_by("position")] == [
        "Name the values",
        "Collect stories",
        "Check against the values",
        "Adjust and feed back",
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Name the values, loop 1" in detail


def test_a_cycle_without_a_chosen_template_is_plan_do_reflect(client, hidden_atelier, coordinator):
    client.force_login(coordinator)
    client.post(reverse("cycles:new", args=[hidden_atelier.pk]), cycle_form())
    assert LearningCycle.objects.get().template.key == "plan-do-reflect"


def test_the_value_circle_scores_at_check_and_loops_after_adjust(hidden_atelier, coordinator, member):
    cycle = start(hidden_atelier, coordinator, template=value_circle())
    services.join(cycle, member)
    values = list(cycle.values.all())
    loop = current_phase(cycle).loop
    services.advance(cycle, current_phase(cycle).pk, coordinator)  # to "collect stories"
    with pytest.raises(services.Denied, match="Check against the values"):
        services.score_values(loop, member, {values[0]: (4, "")})
    services.advance(cycle, current_phase(cycle).pk, coordinator)  # to "check"
    services.score_values(loop, member, {value: (4, "") for value in values})
    assert ValueScore.objects.filter(loop=loop).count() == len(VALUES)
    services.advance(cycle, current_phase(cycle).pk, coordinator)  # to "adjust"
    assert current_phase(cycle).step.key == "adjust"
    following = services.advance(cycle, current_phase(cycle).pk, coordinator)
    assert (following.loop.number, following.step.key) == (2, "values")
    for _ in range(3):
        services.advance(cycle, current_phase(cycle).pk, coordinator)
    assert services.advance(cycle, current_phase(cycle).pk, coordinator, close_cycle=True) is None
    cycle.refresh_from_db()
    assert cycle.is_closed


@pytest.fixture
def template_editor(db):
    group, _ = Group.objects.get_or_create(name="Test editors")
    codenames = [
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("cycletemplate", "cycletemplatestep")
    ]
    group.permissions.set(Permission.objects.filter(codename__in=codenames + ["access_admin"]))
    user = UserFactory(username="template-editor")
    user.groups.add(group)
    return user


def steps_data(*steps):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "2",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for n, (key, name, scores) in enumerate(steps):
        data.update(
            {
                f"steps-{n}-key": key,
                f"steps-{n}-name_nl": name,
                f"steps-{n}-name_en": name,
                f"steps-{n}-guidance_nl": "",
                f"steps-{n}-guidance_en": "",
                f"steps-{n}-ORDER": str(n + 1),
                f"steps-{n}-id": "",
                f"steps-{n}-DELETE": "",
            }
        )
        if scores:
            data[f"steps-{n}-scores_values"] = "on"
    return data


def template_post(steps):
    return {
        "key": "luisteren",
        "position": "3",
        "name_nl": "Luisteren en doen",
        "name_en": "Listen and do",
        "description_nl": "",
        "description_en": "",
        **steps_data(*steps),
    }


def test_an_editor_adds_a_third_template_in_the_admin_and_a_cycle_runs_on_it(
    client, template_editor, hidden_atelier, coordinator
):
    client.force_login(template_editor)
    url = reverse("wagtailsnippets_cycles_cycletemplate:add")
    response = client.post(url, template_post([("listen", "Luisteren", False), ("weigh", "Wegen", True)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    third = CycleTemplate.objects.get(key="luisteren")
    cycle = start(hidden_atelier, coordinator, template=third)
    assert [p.kind for p in cycle.phases.order_by("position")] == ["listen", "weigh"]
    assert cycle.phases.get(kind="weigh").scores_values


@pytest.mark.parametrize(
    "steps",
    [
        [("listen", "Luisteren", False), ("weigh", "Wegen", False)],  # no scoring step
        [("listen", "Luisteren", True), ("listen", "Wegen", True)],  # a key twice, two scoring steps
    ],
)
def test_a_template_needs_distinct_keys_and_one_scoring_step(client, template_editor, steps):
    client.force_login(template_editor)
    response = client.post(reverse("wagtailsnippets_cycles_cycletemplate:add"), template_post(steps))
    assert response.status_code == 200
    assert not CycleTemplate.objects.filter(key="luisteren").exists()


def test_a_template_in_use_cannot_be_deleted(client, template_editor, hidden_atelier, coordinator):
    cycle = start(hidden_atelier, coordinator, template=value_circle())
    client.force_login(template_editor)
    client.post(reverse("wagtailsnippets_cycles_cycletemplate:delete", args=[value_circle().pk]))
    assert CycleTemplate.objects.filter(pk=cycle.template_id).exists()


def test_a_coordinator_cannot_edit_templates(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_cycles_cycletemplate:list"))
    assert response.status_code in (302, 403)
