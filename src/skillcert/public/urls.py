"""Public page URLs."""

from django.urls import path

from skillcert.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
]
