"""App configuration for ``documents``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Renders certificates as PDF pages; owns no database tables."""

    name = "skillcert.documents"
    label = "documents"
    verbose_name = _("Certificate documents")
