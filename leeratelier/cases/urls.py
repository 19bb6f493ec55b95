from django.urls import path  # noqa: F401  (the case views add their routes here)

app_name = "cases"

urlpatterns = []
