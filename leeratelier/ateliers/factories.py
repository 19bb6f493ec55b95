"""Factories for ateliers, meetings, memberships and registrations (demo and tests)."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone

from .models import AtelierIndexPage, AtelierPage, ExpertMeetingPage, Membership, Registration


class AtelierIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AtelierIndexPage

    title = "Leerateliers"
    slug = "ateliers"
    intro = "Leerateliers zijn gemeenschappen van mensen uit de praktijk die samen leren over impact."
    show_in_menus = True


class AtelierPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AtelierPage

    title = factory.Sequence(lambda n: f"Leeratelier {n}")
    purpose = "Samen leren hoe we de impact van ons werk zichtbaar maken."
    visibility = AtelierPage.Visibility.PUBLIC
    join_mode = AtelierPage.JoinMode.REQUEST


def _start(days):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=15, minute=0, second=0, microsecond=0)


class ExpertMeetingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ExpertMeetingPage

    class Params:
        days_from_now = 14

    title = factory.Sequence(lambda n: f"Expertbijeenkomst {n}")
    intro = "Een expertbijeenkomst met een gastspreker over impact in de praktijk."
    start = factory.LazyAttribute(lambda meeting: _start(meeting.days_from_now))
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=2))
    venue = "Wijkcentrum De Schakel, Stationsplein 1, Utrecht"
    capacity = 20
    tracks = factory.LazyFunction(lambda: ["meaning", "craft"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    class Params:
        atelier = None

    atelier_key = factory.LazyAttribute(lambda membership: membership.atelier.translation_key)
    user = factory.SubFactory("leeratelier.core.factories.UserFactory")
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration written directly (tests of lists); behaviour goes through
    services.register."""

    class Meta:
        model = Registration

    class Params:
        meeting = None

    meeting_key = factory.LazyAttribute(lambda registration: registration.meeting.translation_key)
    user = factory.SubFactory("leeratelier.core.factories.UserFactory")
    status = Registration.Status.CONFIRMED
