"""Holder verification codes (学信网-style): a holder lets an employer see one certificate's report."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import PublicModel


class VerificationCode(PublicModel):
    """A code a holder gives an employer to see one certificate's verification report until it expires.

    Personal data: none directly (``holder`` links to the protected holder record). The code itself
    is never stored: only its keyed hash (``code_hash``) and the last four characters (``hint``)
    so the holder can tell codes apart. ``id_checks`` counts the "核对证件号码" questions asked
    with this code (yes/no answers about the holder's ID number, capped per code). Retention:
    kept (revoked or expired) as a record of who could see what; never deleted.
    """

    certificate = models.ForeignKey(
        "certificates.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey("people.Holder", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    hint = models.CharField(_("last characters"), max_length=8)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("times used"), default=0)
    id_checks = models.PositiveSmallIntegerField(
        _("ID number checks"),
        default=0,
        help_text=_("How many times an employer asked whether an ID number is the holder's (at most 3 per code)."),
    )

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="%(app_label)s_%(class)s_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"…{self.hint}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"
