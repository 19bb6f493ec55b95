"""Factories for the toolbox (tests and demo)."""

import factory
import wagtail_factories

from .models import MethodExperience, MethodIndexPage, MethodPage


class MethodIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MethodIndexPage

    title = "Methoden"
    slug = "methoden"
    intro = "Methoden en instrumenten om impact zichtbaar te maken, en wat elk ervan oplevert."
    show_in_menus = True


class MethodPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MethodPage

    title = factory.Sequence(lambda n: f"Methode {n}")
    summary = "Een methode om samen zichtbaar te maken wat het werk oplevert."
    purposes = factory.LazyFunction(lambda: ["learn"])
    tracks = factory.LazyFunction(lambda: ["craft"])
    yields = "both"
    roles = factory.LazyFunction(lambda: ["social_worker"])
    scales = factory.LazyFunction(lambda: ["group"])
    time_needed = "weeks"
    cost_band = "free"


class MethodExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodExperience

    class Params:
        method = None

    method_key = factory.LazyAttribute(lambda experience: experience.method.translation_key)
    author = factory.SubFactory("leeratelier.core.factories.UserFactory")
    text = "We gebruikten het in drie bijeenkomsten met bewoners. **Werkte goed.**"
    form_token = factory.Sequence(lambda n: f"token-{n}")
