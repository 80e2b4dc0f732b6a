"""Certificates of the three types, and the sequences their numbers are drawn from."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.certificates.choices import (
    STANDARD_NAMES_ZH,
    CertificateSource,
    CertificateStatus,
    EvaluationStandard,
    StatusReason,
)
from skillcert.core.ids import new_address_key
from skillcert.core.models import PublicModel
from skillcert.core.querysets import RestrictedQuerySet


class CertificateQuerySet(RestrictedQuerySet[Any]):
    """Who sees and changes which certificates (``view`` and ``change`` are the same rows).

    Centre staff and complaint handlers: every certificate; an institution operator: its own
    institution's; an HR department issuing 专项 certificates: those of its own 市(州) (the
    centre's: every 专项 certificate; a bureau not linked yet: none). As the status services check.
    """

    def rule(self, user: Any, action: str) -> Self:
        if user.has_perm("core.manage_institutions") or user.has_perm("core.handle_complaints"):
            return self
        return self.filter(self._operator_rows(user) | self._special_rows(user))

    @staticmethod
    def _operator_rows(user: Any) -> Q:
        from skillcert.institutions.models import operator_institution

        own = operator_institution(user)
        return Q(institution=own.pk) if own is not None else Q(pk__in=[])

    @staticmethod
    def _special_rows(user: Any) -> Q:
        if not user.has_perm("core.issue_special_ability_certificates"):
            return Q(pk__in=[])
        from skillcert.core.bureaus import region_scope

        scope = region_scope(user)
        if scope.province:
            return Q(certificate_type=CertificateType.SPECIAL_ABILITY)
        if scope.region is None:
            return Q(pk__in=[])
        return Q(certificate_type=CertificateType.SPECIAL_ABILITY, region=scope.region)


class Certificate(PublicModel):
    """One certificate: 职业资格证书, 职业技能等级证书 or 专项职业能力证书.

    Personal data: ``holder`` (link to the protected holder record), ``holder_name`` and
    ``holder_romanised_name`` (the name as printed). The ID number is never stored here.
    Retention: permanent; certificates are never deleted, only suspended or revoked.
    Everything printed is a snapshot taken at issue (the institution may later be renamed,
    the certificate keeps the name it was issued under). Corrections are reissues.
    """

    certificate_type = models.CharField(_("certificate type"), max_length=16, choices=CertificateType.choices)
    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    holder = models.ForeignKey(
        "people.Holder", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField(_("name"), max_length=64)
    holder_romanised_name = models.CharField(_("romanised name"), max_length=128, blank=True)
    occupation_code = models.CharField(_("occupation code"), max_length=16, blank=True, db_index=True)
    occupation_name = models.CharField(_("occupation"), max_length=120, blank=True)
    job_type = models.CharField(_("job type or direction"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, null=True, blank=True)
    project = models.ForeignKey(
        "catalog.SpecialAbilityProject",
        verbose_name=_("special ability project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("evaluation institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issuer_name = models.CharField(_("issuer"), max_length=200)
    issuer_on_behalf = models.CharField(_("issued under the seal of"), max_length=200, blank=True)
    region = models.ForeignKey(
        "catalog.Region", verbose_name=_("city or prefecture"), null=True, blank=True, on_delete=models.PROTECT
    )
    issued_on = models.DateField(_("issue date"), db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=CertificateSource.choices)
    batch_id = models.CharField(_("batch"), max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID, db_index=True
    )
    status_reason = models.TextField(_("reason (staff only)"), blank=True)
    status_reason_category = models.CharField(
        _("reason shown to the public"), max_length=24, choices=StatusReason.choices, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    address_key = models.CharField(
        _("address key"),
        max_length=40,
        unique=True,
        default=new_address_key,
        editable=False,
        help_text=_("The unguessable key in the certificate's public addresses (QR page, credential download)."),
    )
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    standard_kind = models.CharField(
        _("evaluated against"), max_length=24, choices=EvaluationStandard.choices, blank=True
    )
    standard_code = models.CharField(_("standard or specification code"), max_length=32, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["holder", "certificate_type"], name="certificates_holder_type_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="%(app_label)s_%(class)s_level_1_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(certificate_type="skill_level")
                | models.Q(level__isnull=False, institution__isnull=False)
                | models.Q(source="legacy", level__isnull=False)
                | models.Q(source__in=["competition", "reissue"], level__isnull=False),  # 一赛一授权: no institution
                name="%(app_label)s_%(class)s_skill_level_has_level_and_institution",
            ),
            models.CheckConstraint(
                condition=~models.Q(certificate_type="special_ability") | models.Q(project__isnull=False),
                name="%(app_label)s_%(class)s_special_ability_has_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_certificate_type_display()}"

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def standard_label(self) -> str:
        """The standard as printed: "国家职业技能标准（6-18-02-04）", "专项考核规范（S510100-ZX-0099）"."""
        name = STANDARD_NAMES_ZH.get(self.standard_kind, "")
        return f"{name}（{self.standard_code}）" if name and self.standard_code else name


class NumberSequence(models.Model):
    """The last serial used under a number prefix; numbers are never reused. No personal data."""

    prefix = models.CharField(_("prefix"), max_length=32, unique=True)
    last_value = models.PositiveBigIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.prefix}…{self.last_value}"
