"""App configuration for ``catalog``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """Reference data: occupations, the qualification catalogue, new occupations, regions, levels."""

    name = "skillcert.catalog"
    label = "catalog"
    verbose_name = _("Reference catalogue")
