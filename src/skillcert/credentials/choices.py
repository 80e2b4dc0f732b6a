"""Choices of the credentials app: status purposes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusPurpose(models.TextChoices):
    """The two Bitstring Status List purposes a certificate has an entry for (one list each)."""

    REVOCATION = "revocation", _("revocation")
    SUSPENSION = "suspension", _("suspension")
