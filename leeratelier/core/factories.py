"""Factories for the core vocabulary and users; the demo and the tests build data with these."""

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from wagtail.models import Locale

from .models import Theme, Werkplaats


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("demo-wachtwoord")


class WerkplaatsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkplaats
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Werkplaats Sociaal Domein {n}")
    university = "HU"
    university_name = "Hogeschool Utrecht"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("locale", "slug")

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda theme: slugify(theme.name))
    locale = factory.LazyFunction(Locale.get_default)
