from django.urls import path

from . import exports, report_views, views

app_name = "cycles"

# Ids only, never words from a title (cycles and private reports live inside ateliers).
urlpatterns = [
    path("atelier/<int:page_id>/cycles/", views.atelier_cycles, name="atelier_cycles"),
    path("atelier/<int:page_id>/cycles/new/", views.new_cycle, name="new"),
    path("atelier/<int:page_id>/reports/new/", report_views.new_atelier_report, name="new_atelier_report"),
    path("cycle/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycle/<int:cycle_id>/join/", views.join, name="join"),
    path("cycle/<int:cycle_id>/participants/add/", views.add_participant, name="add_participant"),
    path("participant/<int:participant_id>/perspective/", views.set_perspective, name="set_perspective"),
    path("participant/<int:participant_id>/erase/", views.erase_participant, name="erase_participant"),
    path("cycle/<int:cycle_id>/advance/", views.advance, name="advance"),
    path("cycle/<int:cycle_id>/reopen/", views.reopen, name="reopen"),
    path("cycle/<int:cycle_id>/compass/", views.compass_view, name="compass"),
    path("cycle/<int:cycle_id>/export.csv", exports.export_csv, name="export_csv"),
    path("cycle/<int:cycle_id>/export.json", exports.export_json, name="export_json"),
    path("cycle/<int:cycle_id>/reports/new/", report_views.new_cycle_report, name="new_cycle_report"),
    path("phase/<int:phase_id>/", views.phase_detail, name="phase"),
    path("phase/<int:phase_id>/edit/", views.edit_phase, name="edit_phase"),
    path("loop/<int:loop_id>/scores/", views.score_values, name="score"),
    path("contribution/<int:contribution_id>/image/", views.contribution_file, {"field": "image"}, name="image"),
    path("contribution/<int:contribution_id>/audio/", views.contribution_file, {"field": "audio"}, name="audio"),
    path("contribution/<int:contribution_id>/share/", views.set_shareable, name="share"),
    path("contribution/<int:contribution_id>/edit/", views.edit_contribution, name="edit_contribution"),
    path("contribution/<int:contribution_id>/remove/", views.remove_contribution, name="remove_contribution"),
    path("my/contributions/", views.my_contributions, name="mine"),
    path("report/<int:report_id>/", report_views.report_detail, name="report"),
    path("report/<int:report_id>/edit/", report_views.edit_report, name="report_edit"),
    path("report/<int:report_id>/withdraw/", report_views.withdraw_report, name="report_withdraw"),
    path("report/<int:report_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path(
        "report/<int:report_id>/story/<int:contribution_id>/image/",
        report_views.report_file,
        {"field": "image"},
        name="report_image",
    ),
    path(
        "report/<int:report_id>/story/<int:contribution_id>/audio/",
        report_views.report_file,
        {"field": "audio"},
        name="report_audio",
    ),
    path("report/<int:report_id>/sign-off/", report_views.offer_sign_off, name="offer_sign_off"),
    path("sign-off/<str:token>/", report_views.sign_off, name="sign_off"),
    path("story/<str:token>/withdraw/", report_views.withdraw_story, name="withdraw_story"),
]
