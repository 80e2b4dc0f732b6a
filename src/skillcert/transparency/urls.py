"""Public page of the transparency log."""

from django.urls import path

from skillcert.transparency import views

app_name = "transparency"

urlpatterns = [
    path("", views.log_page, name="log"),
]
