"""App configuration for ``api``."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """API plumbing only: the NinjaAPI, renderer, error shape, routers from the apps."""

    name = "skillcert.api"
    label = "api"
