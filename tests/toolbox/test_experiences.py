"""Members' experiences with a method: sanitised text, the atelier shown only where it is
public, one experience per form, the rate limit; and what the method page links to."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from leeratelier.core.sanitize import SANITIZER_VERSION
from leeratelier.pioneers.models import PracticeIndexPage, PracticePage
from leeratelier.toolbox.factories import MethodExperienceFactory, MethodPageFactory
from leeratelier.toolbox.models import MethodExperience
from tests.form_tokens import token as form_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def dutch(message):
    with translation.override("nl"):
        return escape(gettext(message))


def share_url(method):
    with translation.override("nl"):
        return reverse("toolbox:share_experience", args=[method.pk])


def post(client, method, text="Het werkte goed.", token="form-1", atelier=""):
    return client.post(share_url(method), {"text": text, "form_token": form_token(token), "atelier": atelier})


def test_a_visitor_is_invited_to_sign_in_and_cannot_post(client, methods):
    calculator = methods[0]
    html = client.get(calculator.url).content.decode()
    assert dutch("Sign in to share your experience with this method.") in html
    assert "<textarea" not in html
    response = post(client, calculator)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not MethodExperience.objects.exists()


def test_a_member_shares_an_experience_sanitised_with_its_source_and_version(client, methods, member):
    calculator = methods[0]
    client.force_login(member)
    source = "We deden het **met bewoners**.<script>alert(1)</script> [link](javascript:alert(2))"
    response = post(client, calculator, text=source)
    assert response.status_code == 302 and response["Location"].endswith(calculator.url + "#experiences")
    experience = MethodExperience.objects.get()
    assert experience.text == source
    assert experience.text_html == "<p>We deden het <strong>met bewoners</strong>. link</p>"
    assert experience.rendered_with == SANITIZER_VERSION
    assert experience.method_key == calculator.translation_key and experience.author == member
    html = client.get(calculator.url).content.decode()
    assert "<strong>met bewoners</strong>" in html and "<script>alert" not in html and "javascript:" not in html


def test_submitting_the_same_form_twice_makes_one_experience(client, methods, member):
    client.force_login(member)
    assert post(client, methods[0], token="same").status_code == 302
    assert post(client, methods[0], token="same").status_code == 302
    assert MethodExperience.objects.count() == 1
    assert post(client, methods[0], token="another").status_code == 302
    assert MethodExperience.objects.count() == 2


def test_an_empty_or_too_long_text_is_refused_with_a_clear_error(client, methods, member):
    client.force_login(member)
    empty = post(client, methods[0], text="   ")
    assert empty.status_code == 200
    assert 'role="alert"' in empty.content.decode()
    long = post(client, methods[0], text="x" * (MethodExperience.MAX_LENGTH + 1))
    assert long.status_code == 200 and 'role="alert"' in long.content.decode()
    assert not MethodExperience.objects.exists()


def test_a_member_can_only_name_their_own_ateliers(client, methods, public_atelier, hidden_atelier, outsider):
    from leeratelier.ateliers.factories import MembershipFactory

    # Without ateliers of their own, there is nothing to name and a forged value is ignored.
    client.force_login(outsider)
    html = client.get(methods[0].url).content.decode()
    assert "<textarea" in html and public_atelier.title not in html
    assert post(client, methods[0], token="a", atelier=str(hidden_atelier.translation_key)).status_code == 302
    assert MethodExperience.objects.get().atelier_key is None
    # A member of the public atelier cannot name the hidden one.
    MembershipFactory(atelier=public_atelier, user=outsider)
    response = post(client, methods[0], token="b", atelier=str(hidden_atelier.translation_key))
    assert response.status_code == 200
    assert hidden_atelier.title not in response.content.decode()
    assert MethodExperience.objects.count() == 1


def test_the_member_chooses_among_their_ateliers(client, methods, member, public_atelier, hidden_atelier):
    client.force_login(member)
    html = client.get(methods[0].url).content.decode()
    assert f'value="{public_atelier.translation_key}"' in html and f'value="{hidden_atelier.translation_key}"' in html
    post(client, methods[0], atelier=str(public_atelier.translation_key))
    assert MethodExperience.objects.get().atelier_key == public_atelier.translation_key


def test_a_public_atelier_is_shown_to_everyone(client, methods, member, public_atelier, outsider):
    MethodExperienceFactory(method=methods[0], author=member, atelier_key=public_atelier.translation_key)
    for viewer in (None, outsider):
        if viewer:
            client.force_login(viewer)
        assert public_atelier.title in client.get(methods[0].url).content.decode()


def test_a_hidden_atelier_is_never_named_to_others(
    client, methods, member, coordinator, hidden_atelier, outsider, public_atelier
):
    MethodExperienceFactory(
        method=methods[0], author=member, atelier_key=hidden_atelier.translation_key, text="Werkte in ons atelier."
    )
    # A visitor and a signed-in non-member read the experience, but not the atelier's name.
    html = client.get(methods[0].url).content.decode()
    assert "Werkte in ons atelier." in html and hidden_atelier.title not in html
    client.force_login(outsider)
    html = client.get(methods[0].url).content.decode()
    assert "Werkte in ons atelier." in html and hidden_atelier.title not in html
    # The author, and the atelier's own members, know it already.
    for insider in (member, coordinator):
        client.force_login(insider)
        assert hidden_atelier.title in client.get(methods[0].url).content.decode()


def test_the_access_rule_for_the_atelier_of_an_experience(
    methods, member, outsider, coordinator, hidden_atelier, public_atelier
):
    from django.contrib.auth.models import AnonymousUser

    from leeratelier.core import access
    from leeratelier.toolbox import policy as toolbox_policy

    hidden = MethodExperienceFactory(method=methods[0], author=member, atelier_key=hidden_atelier.translation_key)
    assert not toolbox_policy.can_see_experience_atelier(AnonymousUser(), hidden, hidden_atelier)
    assert not toolbox_policy.can_see_experience_atelier(outsider, hidden, hidden_atelier)
    assert toolbox_policy.can_see_experience_atelier(member, hidden, hidden_atelier)
    assert toolbox_policy.can_see_experience_atelier(coordinator, hidden, hidden_atelier)
    assert toolbox_policy.can_see_experience_atelier(AnonymousUser(), hidden, public_atelier)
    assert not toolbox_policy.can_see_experience_atelier(outsider, hidden, None)


def test_posting_is_rate_limited_per_member(client, methods, member, settings):
    settings.RATELIMIT_ENABLE = True  # off in the test settings; its counters live in the cache
    cache.clear()
    client.force_login(member)
    for number in range(20):
        assert post(client, methods[0], token=f"t{number}").status_code == 302
    assert post(client, methods[0], token="t-over").status_code == 429
    assert MethodExperience.objects.count() == 20


def test_experiences_are_shared_by_the_dutch_and_english_page(client, home_pages, methods, member):
    en = Locale.objects.get(language_code="en")
    index_en = methods[0].get_parent().specific.copy_for_translation(en)
    index_en.save_revision().publish()
    calculator_en = methods[0].copy_for_translation(en)
    calculator_en.save_revision().publish()
    MethodExperienceFactory(method=methods[0], author=member, text="Gedeelde ervaring")
    assert "Gedeelde ervaring" in client.get(calculator_en.url).content.decode()


# --- what a method page links to ----------------------------------------------------------------


@pytest.fixture
def registry(home_page):
    index = PracticeIndexPage(title="Praktijken", slug="praktijken")
    home_page.add_child(instance=index)
    return index


def practice(registry, title, methods, live=True):
    page = PracticePage(title=title, summary="Een praktijk.", live=live)
    registry.add_child(instance=page)
    page.methods.set(methods)
    page.save()
    return page


def test_the_practices_using_a_method_are_listed_live_only(client, registry, methods):
    calculator, circle, sroi = methods
    practice(registry, "Hilversum: narratief verantwoorden", [circle])
    practice(registry, "Lingewaard: armoede doorbreken", [calculator, circle])
    practice(registry, "Nog niet goedgekeurd", [circle], live=False)
    html = client.get(circle.url).content.decode()
    assert "Hilversum: narratief verantwoorden" in html and "Lingewaard: armoede doorbreken" in html
    assert "Nog niet goedgekeurd" not in html
    assert "Hilversum" not in client.get(calculator.url).content.decode()
    assert dutch("No practice in the registry names this method yet.") in client.get(sroi.url).content.decode()


def test_related_methods_link_both_ways_only_where_named(client, methods):
    calculator, circle, sroi = methods
    calculator.related_methods.set([circle])
    calculator.save_revision().publish()
    html = client.get(calculator.url).content.decode()
    assert f'href="{circle.url}"' in html and f'href="{sroi.url}"' not in html


def test_the_method_page_query_count_does_not_grow(client, registry, methods, member, public_atelier, hidden_atelier):
    calculator = methods[0]
    client.force_login(member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(calculator.url).status_code == 200
        return len(captured)

    def add(count):
        for number in range(count):
            MethodExperienceFactory(
                method=calculator,
                atelier_key=public_atelier.translation_key if number % 2 else hidden_atelier.translation_key,
            )
            practice(registry, f"Praktijk {len(PracticePage.objects.all())}", [calculator])
            related = MethodPageFactory(
                parent=calculator.get_parent(), title=f"Verwant {MethodExperience.objects.count()}"
            )
            calculator.related_methods.add(related)
        calculator.save_revision().publish()

    add(1)
    client.get(calculator.url)
    small = queries()
    add(8)
    client.get(calculator.url)  # publishing moved the navigation cache on: warm it again
    assert queries() == small


def test_editors_see_experiences_in_the_admin_and_can_remove_one(client, methods, member, editor):
    experience = MethodExperienceFactory(method=methods[0], author=member, text="Een ervaring om te modereren")
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_toolbox_methodexperience:list"))
    assert listing.status_code == 200 and "Een ervaring om te modereren" in listing.content.decode()
    delete_url = reverse("wagtailsnippets_toolbox_methodexperience:delete", args=[experience.pk])
    assert client.post(delete_url).status_code == 302
    assert not MethodExperience.objects.exists()
