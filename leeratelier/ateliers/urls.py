from django.urls import path

from . import feeds
from . import views

app_name = "ateliers"

urlpatterns = [
    path("atelier/<int:page_id>/join/", views.join, name="join"),
    path("meeting/<int:page_id>/register/", views.register, name="register"),
    path("meeting/<int:page_id>/cancel/", views.cancel, name="cancel"),
    path("meeting/guest/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("meeting/<int:page_id>/event.ics", feeds.meeting_ics, name="meeting_ics"),
    path("calendar/ateliers.ics", feeds.site_feed, name="site_feed"),
    path("calendar/atelier/<int:page_id>.ics", feeds.atelier_feed, name="atelier_feed"),
    path("calendar/personal/renew/", feeds.renew_personal_feed, name="renew_personal_feed"),
    path("calendar/personal/<str:token>.ics", feeds.personal_feed, name="personal_feed"),
    path("agenda/", feeds.agenda, name="agenda"),
    path("me/", feeds.my_page, name="my_page"),
]
