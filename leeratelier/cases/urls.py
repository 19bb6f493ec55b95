from django.urls import path  # noqa: F401  (the case views add their routes here)

from . import library

app_name = "cases"

urlpatterns = [
    path("atelier/<int:page_id>/cases/", library.library, name="library"),
    path("cases/similar/", library.similar, name="similar"),
]
