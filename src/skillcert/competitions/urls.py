"""Competition URLs: the public list and pages, the back office of hosts and the centre."""

from django.urls import path

from skillcert.competitions import views

app_name = "competitions"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/register/", views.register, name="register"),
    path("manage/template.xlsx", views.template, name="template"),
    path("manage/hosts/", views.hosts, name="hosts"),
    path("manage/results/<str:public_id>/", views.import_detail, name="import_detail"),
    path("manage/results/<str:public_id>/submit/", views.submit, name="submit"),
    path("manage/results/<str:public_id>/approve/", views.approve_results, name="approve_results"),
    path("manage/results/<str:public_id>/issue/", views.issue, name="issue"),
    path("manage/<str:public_id>/", views.manage_detail, name="manage_detail"),
    path("manage/<str:public_id>/apply/", views.apply, name="apply"),
    path("manage/<str:public_id>/decide/", views.decide, name="decide"),
    path("manage/<str:public_id>/upload/", views.upload, name="upload"),
    path("manage/<str:public_id>/rules/", views.award_rule, name="award_rule"),
    path("<str:public_id>/", views.public_detail, name="public_detail"),
]
