from django.urls import path

from . import agenda, coordinator_views, feeds, my_page, views

app_name = "ateliers"

urlpatterns = [
    path("atelier/<int:page_id>/join/", views.join, name="join"),
    path("meeting/<int:page_id>/register/", views.register, name="register"),
    path("meeting/<int:page_id>/cancel/", views.cancel, name="cancel"),
    path("meeting/guest/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("meeting/my-registration/<str:token>/", views.guest_registration, name="guest_registration"),
    path("meeting/<int:page_id>/cancel-meeting/", coordinator_views.cancel_meeting, name="cancel_meeting"),
    path(
        "meeting/<int:page_id>/attendees/<int:registration_id>/attendance/",
        coordinator_views.attendance,
        name="attendance",
    ),
    path("atelier/<int:page_id>/leave/", views.leave, name="leave"),
    path("meeting/<int:page_id>/event.ics", feeds.meeting_ics, name="meeting_ics"),
    path("calendar/ateliers.ics", feeds.site_feed, name="site_feed"),
    path("calendar/atelier/<int:page_id>.ics", feeds.atelier_feed, name="atelier_feed"),
    path("calendar/personal/renew/", feeds.renew_personal_feed, name="renew_personal_feed"),
    path("calendar/personal/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("feeds/agenda/", feeds.UpcomingMeetingsFeed(), name="agenda_feed"),
    path("me/", my_page.my_page, name="my_page"),
    path("atelier/<int:page_id>/members/", coordinator_views.members, name="members"),
    path("atelier/<int:page_id>/members/invite/", coordinator_views.invite, name="members_invite"),
    path("atelier/<int:page_id>/members/<int:membership_id>/decide/", coordinator_views.decide, name="members_decide"),
    path(
        "atelier/<int:page_id>/members/<int:membership_id>/role/", coordinator_views.set_role, name="members_set_role"
    ),
    path("atelier/<int:page_id>/members/<int:membership_id>/remove/", coordinator_views.remove, name="members_remove"),
    path(
        "atelier/<int:page_id>/members/<int:membership_id>/suspend/", coordinator_views.suspend, name="members_suspend"
    ),
    path(
        "atelier/<int:page_id>/members/<int:membership_id>/reinstate/",
        coordinator_views.reinstate,
        name="members_reinstate",
    ),
    path("invitation/<str:token>/", coordinator_views.accept_invitation, name="accept_invitation"),
    path("meeting/<int:page_id>/attendees/", coordinator_views.attendees, name="attendees"),
    path("meeting/<int:page_id>/attendees.csv", coordinator_views.attendees_csv, name="attendees_csv"),
]
