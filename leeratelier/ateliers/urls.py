from django.urls import path

from . import views

app_name = "ateliers"

urlpatterns = [
    path("atelier/<int:page_id>/join/", views.join, name="join"),
    path("meeting/<int:page_id>/register/", views.register, name="register"),
    path("meeting/<int:page_id>/cancel/", views.cancel, name="cancel"),
    path("meeting/guest/<str:token>/", views.guest_confirm, name="guest_confirm"),
]
