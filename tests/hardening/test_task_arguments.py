"""django-q2 keeps every task's arguments in its broker and its result table (failed tasks too),
outside the tables the privacy rules (export, deletion, retention) look after. So tasks take
ids and short identifiers only, never free text or personal data, and a failing task is retried
a bounded number of times.

Checked three ways: every call site in the code (read with the ast module, so a new app's task
is checked as soon as it is written), the schedules the migrations created, and the real calls
made while an email is queued for someone (async_task wrapped and recorded)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT_DIRS = ["leeratelier", "home", "search", "cycles"]
TASK_CALLS = {"async_task", "async_chain", "async_iter", "schedule", "result_group"}
# Keyword arguments of django-q2 itself, not arguments of the task.
Q_OPTIONS = {
    "task_name", "hook", "group", "timeout", "sync", "cached", "save", "broker", "cluster", "q_options",
    "ack_failure", "name", "schedule_type", "minutes", "repeats", "next_run", "cron", "intended_date_kwarg",
}  # fmt: skip
SHORT_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")
ID_NAME = re.compile(r"(^|_)(id|ids|pk|pks|key|keys|kind|token)$")


def project_files():
    for directory in PROJECT_DIRS:
        yield from (ROOT / directory).rglob("*.py")


def describe(node):
    return ast.unparse(node)


def argument_is_safe(node):
    """A literal int or short identifier, or a name that says it holds ids."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or value is None or isinstance(value, int):
            return True
        return isinstance(value, str) and bool(SHORT_IDENTIFIER.match(value))
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(argument_is_safe(element) for element in node.elts)
    if isinstance(node, ast.Starred):
        return argument_is_safe(node.value)
    if isinstance(node, ast.Attribute):
        return bool(ID_NAME.search(node.attr))
    if isinstance(node, ast.Name):
        return bool(ID_NAME.search(node.id))
    return False


def called_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def is_schedule_model_call(call):
    """Schedule.objects.create / get_or_create / update_or_create, or Schedule(...)."""
    text = describe(call.func)
    return text == "Schedule" or text.startswith("Schedule.objects.") or '"django_q", "Schedule"' in text


def task_call_sites():
    for path in project_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (called_name(node) in TASK_CALLS or is_schedule_model_call(node)):
                yield path.relative_to(ROOT), node


def unsafe_arguments(call):
    """The task arguments of one call site that are not ids or short identifiers."""
    problems = []
    if called_name(call) in TASK_CALLS:
        for argument in call.args[1:]:  # the first is the task's dotted path
            if not argument_is_safe(argument):
                problems.append(describe(argument))
        for keyword in call.keywords:
            if keyword.arg not in Q_OPTIONS and not argument_is_safe(keyword.value):
                problems.append(f"{keyword.arg}={describe(keyword.value)}")
    else:
        # A Schedule row: its "args" and "kwargs" fields hold the task's arguments as text.
        values = [kw.value for kw in call.keywords if kw.arg in ("args", "kwargs")]
        for node in ast.walk(call):
            if isinstance(node, ast.Dict):
                values += [
                    v
                    for k, v in zip(node.keys, node.values)
                    if isinstance(k, ast.Constant) and k.value in ("args", "kwargs")
                ]
        for value in values:
            if not (isinstance(value, ast.Constant) and schedule_text_is_safe(value.value)):
                problems.append(describe(value))
    return problems


def schedule_text_is_safe(text):
    """A Schedule's args/kwargs text: empty, or a Python literal of ints and short identifiers."""
    if not text:
        return True
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return False
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (tuple, list)) else [value]
    return all(isinstance(item, int) or (isinstance(item, str) and SHORT_IDENTIFIER.match(item)) for item in items)


# --- the tests --------------------------------------------------------------------------------


def test_the_walk_finds_the_task_calls_it_must_check():
    """If the walk found nothing it would prove nothing: the outbox's call and the migrations'
    schedules are known call sites."""
    sites = {str(path) for path, _call in task_call_sites()}
    assert "leeratelier/core/outbox.py" in sites
    assert any("migrations" in site for site in sites)


def test_every_task_call_passes_ids_only():
    problems = {
        f"{path}:{call.lineno}": unsafe for path, call in task_call_sites() if (unsafe := unsafe_arguments(call))
    }
    assert problems == {}, f"task arguments that are not ids or short identifiers: {problems}"


def test_the_checker_refuses_text_and_personal_data():
    def problems(source):
        return unsafe_arguments(ast.parse(source).body[0].value)

    assert problems('async_task("app.tasks.send", user.email)') == ["user.email"]
    assert problems('async_task("app.tasks.send", case.situation)') == ["case.situation"]
    assert problems('async_task("app.tasks.send", "Een moeder met schulden en drie banen")')
    assert problems('async_task("app.tasks.send", body=text)') == ["body=text"]
    assert problems('Schedule.objects.create(func="x", args="\'anna@example.org\'")')
    assert problems('async_task("app.tasks.export", user.pk, request_id, task_name="export")') == []
    assert (
        problems('Schedule.objects.update_or_create(name="n", defaults={"func": "x", "args": "12, \'digest\'"})') == []
    )


@pytest.mark.django_db
def test_the_schedules_in_the_database_hold_no_free_text():
    from django_q.models import Schedule

    schedules = list(Schedule.objects.all())
    assert schedules, "the migrations create the outbox and reminder schedules"
    for schedule in schedules:
        assert schedule_text_is_safe(schedule.args), (schedule.name, schedule.args)
        assert schedule_text_is_safe(schedule.kwargs), (schedule.name, schedule.kwargs)


@pytest.mark.django_db(transaction=True)
def test_queuing_an_email_for_someone_sends_no_personal_data_to_the_broker(monkeypatch):
    """The real call, recorded: the outbox row holds the address; the task gets nothing of it."""
    import django_q.tasks

    from leeratelier.core import outbox

    calls = []
    monkeypatch.setattr(django_q.tasks, "async_task", lambda *args, **kwargs: calls.append((args, kwargs)))
    kind = next(iter(outbox._kinds))  # any registered kind: the call does not depend on it
    outbox.enqueue(
        key="hardening-test", kind=kind, recipient="anna.de.vries@example.org", language="nl", context={"user": 1}
    )

    assert calls, "queuing an email asks the cluster to send"
    for args, kwargs in calls:
        flat = repr((args, kwargs))
        assert "anna" not in flat and "@" not in flat, flat
        assert all(
            isinstance(arg, (int, str)) and (isinstance(arg, int) or SHORT_IDENTIFIER.match(arg)) for arg in args
        )


def test_failed_tasks_are_retried_a_bounded_number_of_times():
    cluster = settings.Q_CLUSTER
    assert isinstance(cluster["max_attempts"], int) and 1 <= cluster["max_attempts"] <= 5
    # A task still running must not be handed out a second time.
    assert cluster["retry"] > cluster["timeout"]
    # Failed tasks are acknowledged, so the broker does not keep redelivering them.
    assert cluster["ack_failures"] is True
