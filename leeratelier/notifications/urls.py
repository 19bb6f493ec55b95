from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("accounts/profile/emails/", views.preferences, name="preferences"),
    path("atelier/<int:page_id>/announce/", views.announce, name="announce"),
    path("announcement/<int:pk>/", views.announcement_detail, name="announcement"),
]
