from django.urls import path

from . import views

app_name = "pioneers"

urlpatterns = [
    path("practices/register/", views.register, name="register"),
    path("practices/register/sent/", views.submitted, name="submitted"),
    path("practices/verify/<str:token>/", views.verify, name="verify"),
    path("practices/private/<str:token>/", views.manage, name="manage"),
    path("practices/private/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("practices/ingredients/", views.ingredients, name="ingredients"),
]
