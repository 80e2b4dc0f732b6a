"""App configuration for ``core``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing: base models, change log, request ids, permissions, roles."""

    name = "skillcert.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from skillcert.core import checks  # noqa: F401  (registers the deploy checks)
        from skillcert.core.signin import stamp_session

        user_logged_in.connect(stamp_session, dispatch_uid="skillcert.core.signin.stamp_session")
