from django.urls import path

from . import people

app_name = "people"

urlpatterns = [
    path("people/<int:user_id>/", people.profile, name="profile"),
    path("atelier/<int:page_id>/people/", people.directory, name="directory"),
]
