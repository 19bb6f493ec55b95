from .choices import CostBand, PracticeForm, Purpose, Recognition, Scale, TimeNeeded, Yields
from .experience import MethodExperience
from .pages import MethodIndexPage, MethodPage

__all__ = [
    "CostBand", "MethodExperience", "MethodIndexPage", "MethodPage", "PracticeForm", "Purpose",
    "Recognition", "Scale", "TimeNeeded", "Yields",
]
