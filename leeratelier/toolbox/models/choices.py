"""The toolbox's own vocabulary: what a method is for, what it yields, its scale, effort and
recognition. Fixed lists the finder and the comparison are built on (not something editors
extend), so choices in code with translated labels. Values never contain one another, so ChoicesListField filters with ``__contains``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    ACCOUNT = "account", _("Account to funders")
    LEARN = "learn", _("Learn and improve as a team")
    EVALUATE = "evaluate", _("Evaluate")
    DIALOGUE = "dialogue", _("Dialogue and co-creation")
    SIGNAL = "signal", _("Signal a problem")


class Yields(models.TextChoices):
    NUMBERS = "numbers", _("Numbers")
    STORIES = "stories", _("Stories")
    BOTH = "both", _("Numbers and stories")

    @classmethod
    def gives(cls, yields, wanted):
        """Whether a method that yields ``yields`` gives what ``wanted`` asks for."""
        return yields == wanted or yields == cls.BOTH


class PracticeForm(models.TextChoices):
    """The four forms of practice development (Hermans & van Pelt)."""

    CASE_BASED = "case_based", _("Case-based reasoning")
    SOCIAL_PRACTICE = "social_practice", _("Social practice development")
    THEORY_DRIVEN = "theory_driven", _("Theory-driven evaluation")
    WERKPLAATS = "werkplaats", _("Werkplaats: research and practice together")


class Scale(models.TextChoices):
    CASE = "case", _("One case")
    GROUP = "group", _("A group")
    ORGANISATION = "organisation", _("An organisation")
    MUNICIPALITY = "municipality", _("A municipality")


class TimeNeeded(models.TextChoices):
    """Ordered from little to much time: the tool finder compares them by ``rank``."""

    SESSION = "session", _("One session (up to half a day)")
    WEEKS = "weeks", _("A few meetings over some weeks")
    MONTHS = "months", _("A process of several months")

    @property
    def rank(self):
        return list(TimeNeeded).index(self)


class CostBand(models.TextChoices):
    FREE = "free", _("Free")
    LOW = "low", _("Low (under €500)")
    MEDIUM = "medium", _("Medium (€500 to €5,000)")
    HIGH = "high", _("High (over €5,000)")


class Recognition(models.TextChoices):
    """The recognition levels of Movisie's databank of effective social interventions."""

    WELL_DESCRIBED = "well_described", _("Well described")
    WELL_FOUNDED = "well_founded", _("Well founded")
    EFFECTIVE = "effective", _("Effective")
