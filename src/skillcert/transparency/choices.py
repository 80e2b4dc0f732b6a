"""Event kinds of the transparency log and the subject type each one is about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What a log leaf records. The value is part of the signed leaf data: never rename one."""

    CERTIFICATE_ISSUED = "certificate.issued", _("certificate issued")
    CERTIFICATE_REVOKED = "certificate.revoked", _("certificate revoked")
    CERTIFICATE_SUSPENDED = "certificate.suspended", _("certificate suspended")
    CERTIFICATE_REINSTATED = "certificate.reinstated", _("certificate reinstated")
    CREDENTIAL_REPLACED = "credential.replaced", _("credential re-signed at a new address")
    INSTITUTION_CHANGED = "institution.changed", _("institution record changed")
    KEY_ROTATED = "key.rotated", _("signing key rotated")


class SubjectType(models.TextChoices):
    """What a leaf's ``subject_id`` names: a public id, or (certificates, leaf format 2) a digest of the address key."""

    CERTIFICATE = "certificate", _("certificate")
    INSTITUTION = "institution", _("evaluation institution")
    SIGNING_KEY = "signing_key", _("signing key")


SUBJECT_OF_KIND: dict[str, str] = {
    EventKind.CERTIFICATE_ISSUED: SubjectType.CERTIFICATE,
    EventKind.CERTIFICATE_REVOKED: SubjectType.CERTIFICATE,
    EventKind.CERTIFICATE_SUSPENDED: SubjectType.CERTIFICATE,
    EventKind.CERTIFICATE_REINSTATED: SubjectType.CERTIFICATE,
    EventKind.CREDENTIAL_REPLACED: SubjectType.CERTIFICATE,
    EventKind.INSTITUTION_CHANGED: SubjectType.INSTITUTION,
    EventKind.KEY_ROTATED: SubjectType.SIGNING_KEY,
}
