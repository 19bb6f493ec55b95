"""Factories for the registry (demo and tests). Practices made here are published pages; the
submission journey is in services.py."""

import factory
import wagtail_factories

from .models import Maturity, PracticeIndexPage, PracticePage


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticeIndexPage

    title = "Praktijken"
    slug = "praktijken"
    intro = "Pioniers in het sociaal domein die experimenteren met co-creatie, en wat hun praktijk werkzaam maakt."
    show_in_menus = True


class PracticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticePage

    title = factory.Sequence(lambda n: f"Praktijk {n}")
    summary = "Bewoners, professionals en de gemeente leren samen wat werkt."
    organisation = "Wijkteam Centrum"
    process_description = "We komen elke maand samen en bespreken een verhaal uit de wijk."
    maturity = Maturity.EXPERIMENT
