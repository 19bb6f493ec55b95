from .choices import CostBand, PracticeForm, Purpose, Recognition, Scale, TimeNeeded, Yields
from .experience import ExperienceRevision, MethodExperience
from .pages import MethodIndexPage, MethodPage

__all__ = [
    "CostBand",
    "ExperienceRevision",
    "MethodExperience",
    "MethodIndexPage",
    "MethodPage",
    "PracticeForm",
    "Purpose",
    "Recognition",
    "Scale",
    "TimeNeeded",
    "Yields",
]
