"""Public catalogue URLs."""

from django.urls import path

from skillcert.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.search, name="search"),
    path("projects/", views.projects, name="projects"),
    path("projects/<str:code>/", views.project, name="project"),
    path("<str:code>/", views.occupation, name="occupation"),
]
