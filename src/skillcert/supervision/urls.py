"""URLs of the public supervision pages (``/supervision/``) and the back office (``/supervision/manage/``)."""

from django.urls import path

from skillcert.supervision import backoffice, views

app_name = "supervision"

urlpatterns = [
    path("check/", views.check_claims, name="check"),
    path("complain/", views.complain, name="complain"),
    path("track/", views.track, name="track"),
    path("track/case/", views.case_status, name="case_status"),
    path("track/case/add/", views.add_information, name="add_information"),
    path("manage/", backoffice.dashboard, name="dashboard"),
    path("manage/cases/", backoffice.cases, name="cases"),
    path("manage/referrals/", backoffice.referrals, name="referrals"),
    path("manage/cases/<str:public_id>/", backoffice.case, name="case"),
    path("manage/cases/<str:public_id>/sanction/", backoffice.case_sanction, name="case_sanction"),
    path("manage/cases/<str:public_id>/evidence/<str:file_id>/", backoffice.evidence_file, name="evidence"),
    path("manage/cases/<str:public_id>/<str:action>/", backoffice.case_action, name="case_action"),
    path("manage/inspections/", backoffice.inspections, name="inspections"),
    path("manage/inspections/<str:public_id>/", backoffice.inspection, name="inspection"),
]
