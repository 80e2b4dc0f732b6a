"""App configuration for ``verification``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    """One verifier for page, API and CLI; offline bundles; holder verification codes."""

    name = "skillcert.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        from skillcert.core.demo import STEPS, DemoStep
        from skillcert.verification import demo

        STEPS.append(DemoStep(60, "verification codes", demo.build))
