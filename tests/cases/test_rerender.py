"""The rerender_posts command: stale HTML is made again by the current sanitiser, in batches,
and a second run has nothing left to do."""

from io import StringIO

from django.core.management import call_command

from leeratelier.cases import services
from leeratelier.cases.models import Case, Reflection
from leeratelier.core import sanitize

from .test_views import CASE


def run(**options):
    out = StringIO()
    call_command("rerender_posts", stdout=out, **options)
    return out.getvalue()


def test_rerenders_only_stale_posts_idempotently(hidden_atelier, member):
    cases = [services.post_case(hidden_atelier, member, **CASE) for _ in range(3)]
    reflection = services.reflect(cases[0], member, "question", "Wat **nu**?")
    # Two cases and the reflection were rendered by an older, laxer sanitiser.
    Case.objects.filter(pk__in=[cases[0].pk, cases[1].pk]).update(
        rendered_with="old", situation_html='<p onclick="x()">oud</p>'
    )
    Reflection.objects.filter(pk=reflection.pk).update(rendered_with="old", body_html="<script>x()</script>")
    edited_at = Case.objects.get(pk=cases[0].pk).edited_at

    output = run(batch_size=1)
    assert "Case: 2 re-rendered, 1 already current" in output
    assert "Reflection: 1 re-rendered, 0 already current" in output
    fresh = Case.objects.get(pk=cases[0].pk)
    assert fresh.rendered_with == sanitize.SANITIZER_VERSION
    assert fresh.situation_html == sanitize.render_markdown(CASE["situation"]) and "onclick" not in fresh.situation_html
    assert fresh.edited_at == edited_at  # not an edit
    assert Reflection.objects.get().body_html == sanitize.render_markdown("Wat **nu**?")

    output = run()
    assert "Case: 0 re-rendered, 3 already current" in output and "Reflection: 0 re-rendered" in output
