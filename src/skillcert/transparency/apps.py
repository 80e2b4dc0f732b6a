"""App configuration for ``transparency``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    """The public append-only Merkle log, its signed checkpoints, proofs and auditor."""

    name = "skillcert.transparency"
    label = "transparency"
    verbose_name = _("Transparency log")

    def ready(self) -> None:
        from skillcert.transparency import checks  # noqa: F401  (registers the system check)
