from .calendar_feed import CalendarFeedToken
from .membership import Invitation, Membership
from .pages import AtelierIndexPage, AtelierPage, ExpertMeetingPage, MeetingDocument, MeetingSpeaker
from .registration import MeetingAnnouncement, Registration

__all__ = [
    "AtelierIndexPage",
    "AtelierPage",
    "CalendarFeedToken",
    "ExpertMeetingPage",
    "Invitation",
    "MeetingAnnouncement",
    "MeetingDocument",
    "MeetingSpeaker",
    "Membership",
    "Registration",
]
