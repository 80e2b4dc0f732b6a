"""Certificate states, their allowed transitions, and where a certificate came from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """A certificate is never deleted: it is valid, suspended or revoked, with a reason and a date."""

    VALID = "valid", _("valid")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


# (from, to) pairs that a service may perform; everything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (CertificateStatus.VALID, CertificateStatus.SUSPENDED): "suspend",
    (CertificateStatus.SUSPENDED, CertificateStatus.VALID): "reinstate",
    (CertificateStatus.VALID, CertificateStatus.REVOKED): "revoke",
    (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED): "revoke",
}


class CertificateSource(models.TextChoices):
    """How the certificate entered the registry."""

    ASSESSMENT = "assessment", _("assessment batch")
    MANUAL = "manual", _("issued by hand")
    COMPETITION = "competition", _("competition award")
    LEGACY = "legacy", _("legacy import")
    REISSUE = "reissue", _("reissue (correction)")
