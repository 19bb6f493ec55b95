from .calendar_feed import CalendarFeedToken
from .membership import Invitation, Membership
from .pages import AtelierIndexPage, AtelierPage, ExpertMeetingPage, MeetingDocument, MeetingSpeaker
from .registration import Registration

__all__ = [
    "AtelierIndexPage",
    "AtelierPage",
    "CalendarFeedToken",
    "ExpertMeetingPage",
    "Invitation",
    "MeetingDocument",
    "MeetingSpeaker",
    "Membership",
    "Registration",
]
