"""``cases.policy.for_reader``: what one reader may do with one case, answered once per request.
Each reader kind on a case of a hidden atelier gets the answers of the cases policy's rules, the
reflect service refuses exactly whom the answer refuses, and the answer costs no query once the
reader's roles are loaded."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leeratelier.ateliers import services as atelier_services
from leeratelier.ateliers.factories import MembershipFactory
from leeratelier.ateliers.models import Membership
from leeratelier.cases import policy, services
from leeratelier.cases.services import Denied
from leeratelier.core import access
from leeratelier.core.factories import UserFactory

from .test_views import CASE


@pytest.fixture
def case(hidden_atelier, member):
    return services.post_case(hidden_atelier, member, **CASE)


@pytest.fixture
def readers(hidden_atelier, coordinator, member, outsider, editor):
    colleague = UserFactory(username="colleague")
    MembershipFactory(atelier=hidden_atelier, user=colleague)
    suspended = UserFactory(username="suspended")
    MembershipFactory(atelier=hidden_atelier, user=suspended)
    membership = Membership.objects.get(user=suspended, atelier_key=hidden_atelier.translation_key)
    atelier_services.suspend(membership, coordinator, "Even niet", keep_reading=True)
    return {
        "visitor": AnonymousUser(),
        "outsider": outsider,
        "admin": editor,  # a superuser: no right inside a hidden atelier's case
        "author": member,
        "colleague": colleague,
        "suspended": suspended,  # still reads, may not reflect
        "coordinator": coordinator,
    }


# reader kind -> (may_view, may_reflect, may_moderate, is_author)
EXPECTED = {
    "visitor": (False, False, False, False),
    "outsider": (False, False, False, False),
    "admin": (False, False, False, False),
    "author": (True, True, False, True),
    "colleague": (True, True, False, False),
    "suspended": (True, False, False, False),
    "coordinator": (True, True, True, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_reader_kind_on_a_hidden_ateliers_case(case, readers, kind):
    answer = policy.for_reader(readers[kind], case)
    assert (answer.may_view, answer.may_reflect, answer.may_moderate, answer.is_author) == EXPECTED[kind]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["outsider", "admin", "suspended", "colleague"])
def test_the_reflect_service_refuses_whom_the_answer_refuses(case, readers, kind):
    user = readers[kind]
    may_reflect = policy.for_reader(user, case).may_reflect
    if may_reflect:
        assert services.reflect(case, user, "question", "Wat werkte bij jullie?").pk
    else:
        with pytest.raises(Denied):
            services.reflect(case, user, "question", "Wat werkte bij jullie?")


@pytest.mark.django_db
def test_the_answer_costs_no_query_once_the_roles_are_loaded(case, readers):
    user = readers["coordinator"]
    access.atelier_roles(user)
    access.suspended_in(user)
    with CaptureQueriesContext(connection) as queries:
        answer = policy.for_reader(user, case)
    assert answer.may_moderate and len(queries) == 0
