"""App configuration for ``credentials``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    """Signed verifiable credentials, the issuer's did:web identity and keys, status lists."""

    name = "skillcert.credentials"
    label = "credentials"
    verbose_name = _("Verifiable credentials")

    def ready(self) -> None:
        from skillcert.credentials import checks  # noqa: F401  (registers the system checks)
