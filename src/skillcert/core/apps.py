"""App configuration for ``core``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing: base models, change log, request ids, permissions, roles."""

    name = "skillcert.core"
    label = "core"
    verbose_name = _("Core")
