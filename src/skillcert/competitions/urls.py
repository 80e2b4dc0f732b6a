"""Competition URLs: the public list and pages, the back office of hosts and the centre."""

from django.urls import path

from skillcert.competitions import backoffice, views

app_name = "competitions"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("manage/", backoffice.manage_list, name="manage_list"),
    path("manage/register/", backoffice.register, name="register"),
    path("manage/template.xlsx", backoffice.template, name="template"),
    path("manage/hosts/", backoffice.hosts, name="hosts"),
    path("manage/results/<str:public_id>/", backoffice.import_detail, name="import_detail"),
    path("manage/results/<str:public_id>/submit/", backoffice.submit, name="submit"),
    path("manage/results/<str:public_id>/approve/", backoffice.approve_results, name="approve_results"),
    path("manage/results/<str:public_id>/issue/", backoffice.issue, name="issue"),
    path("manage/<str:public_id>/", backoffice.manage_detail, name="manage_detail"),
    path("manage/<str:public_id>/apply/", backoffice.apply, name="apply"),
    path("manage/<str:public_id>/decide/", backoffice.decide, name="decide"),
    path("manage/<str:public_id>/upload/", backoffice.upload, name="upload"),
    path("manage/<str:public_id>/rules/", backoffice.award_rule, name="award_rule"),
    path("<str:public_id>/", views.public_detail, name="public_detail"),
]
