"""Mounts the API under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from skillcert.api.api import api

urlpatterns = [path("", api.urls)]
