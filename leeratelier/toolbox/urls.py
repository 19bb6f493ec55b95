from django.urls import path

from . import views

app_name = "toolbox"

# The tool finder and the compare view are routes of the method index page (see models.pages);
# posting, editing and removing an experience have URLs of their own.
urlpatterns = [
    path("toolbox/method/<int:method_id>/experience/", views.share_experience, name="share_experience"),
    path("toolbox/experience/<int:experience_id>/edit/", views.edit_experience, name="edit_experience"),
    path("toolbox/experience/<int:experience_id>/remove/", views.remove_experience, name="remove_experience"),
]
