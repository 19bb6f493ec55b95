"""Experiences with methods in people's privacy rights: in the data export, and on account
deletion kept as "a former member" or removed, as the person chooses."""

import pytest

from leeratelier.core import privacy
from leeratelier.toolbox.factories import MethodExperienceFactory
from leeratelier.toolbox.models import MethodExperience
from leeratelier.toolbox.privacy import export_experiences

pytestmark = pytest.mark.django_db


@pytest.fixture
def experience(methods, member):
    return MethodExperienceFactory(method=methods[0], author=member, text="In ons wijkteam werkte dit goed.")


def test_export_holds_my_experiences_only(experience, outsider, methods):
    MethodExperienceFactory(method=methods[0], author=outsider, text="Iemand anders.")
    data, files = export_experiences(experience.author)
    assert [item["text"] for item in data] == ["In ons wijkteam werkte dit goed."]
    assert files == []


def test_deleting_the_account_keeps_the_experience_as_a_former_member(experience):
    privacy.erase_account(experience.author, keep_contributions=True)
    kept = MethodExperience.objects.get(pk=experience.pk)
    assert kept.author is None and kept.text


def test_deleting_the_account_and_what_i_wrote_removes_the_experience(experience):
    privacy.erase_account(experience.author, keep_contributions=False)
    assert not MethodExperience.objects.filter(pk=experience.pk).exists()
