"""App configuration for ``public``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The pages anyone can use without login: home, base layout, shared static files."""

    name = "skillcert.public"
    label = "public"
    verbose_name = _("Public pages")
