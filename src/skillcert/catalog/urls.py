"""Catalogue URLs: the public look-ups, and the centre's back office for 专项 projects (``manage/``)."""

from django.urls import path

from skillcert.catalog import backoffice, views

app_name = "catalog"

urlpatterns = [
    path("", views.search, name="search"),
    path("projects/", views.projects, name="projects"),
    path("projects/<str:code>/", views.project, name="project"),
    path("manage/projects/", backoffice.manage_list, name="manage_projects"),
    path("manage/projects/new/", backoffice.manage_new, name="manage_project_new"),
    path("manage/projects/<str:code>/", backoffice.manage_detail, name="manage_project"),
    path("manage/projects/<str:code>/edit/", backoffice.manage_edit, name="manage_project_edit"),
    path("manage/projects/<str:code>/record-status/", backoffice.manage_record_status, name="manage_project_record"),
    path("manage/projects/<str:code>/<str:action>/", backoffice.manage_action, name="manage_project_action"),
    path("<str:code>/", views.occupation, name="occupation"),
]
