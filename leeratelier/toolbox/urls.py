from django.urls import path

from . import views

app_name = "toolbox"

# The tool finder and the compare view are routes of the method index page (see models.pages);
# only posting an experience needs a URL of its own.
urlpatterns = [
    path("toolbox/method/<int:method_id>/experience/", views.share_experience, name="share_experience"),
]
