from django.urls import (
    path,
    re_path,
)

from . import library, public, views

app_name = "cases"

urlpatterns = [
    path("atelier/<int:page_id>/cases/", library.library, name="library"),
    path("cases/similar/", library.similar, name="similar"),
    path("atelier/<int:page_id>/cases/reports/", views.reports, name="reports"),
    path("cases/notifications/", views.notification_settings, name="notification_settings"),
    # Posting a case and the case page with its thread (ids only, never title words).
    path("atelier/<int:page_id>/cases/new/", views.new_case, name="new"),
    path("case/<int:case_id>/", views.case_detail, name="detail"),
    # The approved anonymised summary: public, the thread never is.
    path("cases/summary/<int:case_id>/", public.public_summary, name="public_summary"),
    path("case/<int:case_id>/reflect/", views.reflect, name="reflect"),
    path("case/<int:case_id>/edit/", views.edit_case, name="edit"),
    path("case/<int:case_id>/remove/", views.remove_case, name="remove"),
    path("case/<int:case_id>/lesson/", views.retain_lesson, name="retain_lesson"),
    path("case/<int:case_id>/summary/", views.propose_summary, name="propose_summary"),
    path("case/<int:case_id>/summary/approve/", views.approve_summary, name="approve_summary"),
    path("case/<int:case_id>/attachments/", views.add_attachment, name="add_attachment"),
    path("case/<int:case_id>/meetings/", views.link_meeting, name="link_meeting"),
    path("case/<int:case_id>/meetings/<int:discussion_id>/remove/", views.unlink_meeting, name="unlink_meeting"),
    path("attachment/<int:attachment_id>/", views.attachment, name="attachment"),
    path("attachment/<int:attachment_id>/remove/", views.remove_attachment, name="remove_attachment"),
    path("reflection/<int:reflection_id>/helpful/", views.mark_helpful, name="helpful"),
    path("reflection/<int:reflection_id>/edit/", views.edit_reflection, name="edit_reflection"),
    path("reflection/<int:reflection_id>/remove/", views.remove_reflection, name="remove_reflection"),
    re_path(
        r"^(?P<kind>case|reflection|contribution|experience)/(?P<post_id>[0-9]+)/report/$", views.report, name="report"
    ),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    re_path(
        r"^moderation/(?P<kind>case|reflection|contribution|experience)/(?P<post_id>[0-9]+)/decide/$",
        views.moderation_decide,
        name="moderation_decide",
    ),
    re_path(r"^(?P<kind>case|reflection)/(?P<post_id>[0-9]+)/hide/$", views.hide, name="hide"),
    re_path(r"^(?P<kind>case|reflection)/(?P<post_id>[0-9]+)/restore/$", views.restore, name="restore"),
]
