"""Public catalogue URLs."""

from django.urls import path

from skillcert.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.search, name="search"),
    path("<str:code>/", views.occupation, name="occupation"),
]
