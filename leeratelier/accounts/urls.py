from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data/", views.request_data_export, name="data_export"),
    path("profile/my-data/<str:token>/", views.download_data_export, name="data_export_download"),
    path("profile/delete/", views.delete_account, name="delete_account"),
]
