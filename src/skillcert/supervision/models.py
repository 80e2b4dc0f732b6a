"""Complaints (监督投诉) with their notes and evidence, quality inspections (质量调研检查) and sanctions."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import PublicModel, TimeStampedModel
from skillcert.core.querysets import CHANGE, RestrictedQuerySet
from skillcert.supervision.choices import (
    CLOSED_STAGES,
    Category,
    FilerKind,
    Outcome,
    Rating,
    SanctionKind,
    Stage,
)


# ---------------------------------------------------------------------------
# Who sees and acts on which rows (``Model.objects.restrict(user, action)``)
# ---------------------------------------------------------------------------
class ComplaintQuerySet(RestrictedQuerySet[Any]):
    """Cases: case staff (``handle_complaints``) every one; labour inspection (``record_inspection_outcomes``)
    sees the cases referred to it, now or before, and acts only on those waiting for it (stage referred)."""

    def rule(self, user: Any, action: str) -> Self:
        if user.has_perm("core.handle_complaints"):
            return self
        if not user.has_perm("core.record_inspection_outcomes"):
            return self.none()
        if action == CHANGE:
            return self.filter(stage=Stage.REFERRED)
        return self.exclude(referral_note="")


class CaseStaffQuerySet(RestrictedQuerySet[Any]):
    """Evidence, inspections and sanctions: case staff only (``handle_complaints``), to view and to change."""

    def rule(self, user: Any, action: str) -> Self:
        return self if user.has_perm("core.handle_complaints") else self.none()


class Complaint(PublicModel):
    """A complaint filed by anyone, followed with a tracking code.

    Personal data: ``contact_encrypted`` (the complainant's name, phone and e-mail, Fernet-encrypted;
    shown only to case staff) and whatever the complainant writes in ``description``. The tracking
    code is stored only as a keyed hash. Retention: kept with the case, which is never deleted.
    """

    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    description = models.TextField(_("what happened"))
    claim_text = models.TextField(_("advertisement or text complained about"), blank=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("evaluation institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    institution_named = models.CharField(_("institution named by the complainant"), max_length=200, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=32, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_encrypted = models.TextField(_("contact details (encrypted)"), blank=True)
    tracking_digest = models.CharField(_("tracking code digest"), max_length=64, unique=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.RECEIVED, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    stage_due_on = models.DateField(_("stage due on"), null=True, blank=True, db_index=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    referral_note = models.TextField(_("referral to labour inspection"), blank=True)
    inspection_outcome = models.TextField(_("labour inspection outcome"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage=Stage.CONCLUDED) | ~Q(outcome=""),
                name="%(app_label)s_%(class)s_concluded_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def reference(self) -> str:
        """A short case reference for staff and letters (not the tracking code)."""
        return self.public_id[:8].upper()


class ComplaintNote(TimeStampedModel):
    """Information added to a case: by the complainant (from the tracking page), staff or labour inspection.

    Personal data: ``text`` may contain what the complainant writes; ``author`` is a staff account.
    Retention: with the case. Never edited or deleted.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("written by"), max_length=16, choices=FilerKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.PROTECT
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.created_at:%Y-%m-%d}"


class EvidenceFile(PublicModel):
    """An evidence file of a complaint, stored encrypted in the data directory.

    Personal data: the encrypted file at ``stored_path`` may show people (photos, receipts).
    Retention: with the case. Only case staff download it.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    stored_path = models.CharField(_("stored at"), max_length=500)

    objects = CaseStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Inspection(PublicModel):
    """A quality inspection (质量调研检查) of an institution by centre staff.

    Personal data: ``recorded_by`` (a staff account). Retention: permanent, never deleted.
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("evaluation institution"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspection date"))
    scope = models.TextField(_("what was inspected"))
    findings = models.TextField(_("findings"))
    rating = models.CharField(_("rating"), max_length=24, choices=Rating.choices)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = CaseStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality inspection")
        verbose_name_plural = _("quality inspections")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.institution} {self.inspected_on}"


class Sanction(PublicModel):
    """A sanction imposed on an institution, from a complaint or an inspection; shown on its public page.

    Personal data: ``imposed_by`` (a staff account). ``reason`` is public: no personal data.
    Retention: permanent, never deleted.
    """

    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("evaluation institution"),
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    kind = models.CharField(_("sanction"), max_length=24, choices=SanctionKind.choices)
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("quality inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    reason = models.TextField(_("reason (public)"))
    imposed_on = models.DateField(_("imposed on"))
    due_on = models.DateField(_("rectify by"), null=True, blank=True)
    certificates_revoked = models.PositiveIntegerField(_("certificates revoked"), default=0)
    imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imposed by"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = CaseStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-imposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(complaint__isnull=False) | Q(inspection__isnull=False),
                name="%(app_label)s_%(class)s_has_a_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()} {self.imposed_on}"
