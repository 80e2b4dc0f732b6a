"""Assessment batches (认定批次) and their uploaded result files."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.assessments.choices import DEFAULT_PASS_MARK, BatchStatus
from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.certificates.choices import EvaluationStandard
from skillcert.core.models import PublicModel
from skillcert.core.querysets import CHANGE, RestrictedQuerySet


class BatchQuerySet(RestrictedQuerySet[Any]):
    """Who sees and acts on which batches.

    ``view``: centre staff every batch; an institution operator its own institution's; an HR
    department the 专项 batches it declared itself. ``change`` (upload, photos, commit): as the
    issuing check in the services: an operator its own institution's; an HR department the 专项
    batches it declared, a city bureau only while they are of its own 市(州); centre staff every
    专项 batch (a skill level batch is the institution's own to act on).
    """

    def rule(self, user: Any, action: str) -> Self:
        centre = user.has_perm("core.manage_institutions")
        if centre and action != CHANGE:
            return self
        return self.filter(self._operator_rows(user) | self._special_rows(user, centre, action))

    @staticmethod
    def _operator_rows(user: Any) -> Q:
        from skillcert.institutions.models import operator_institution

        own = operator_institution(user)
        return Q(institution=own.pk) if own is not None else Q(pk__in=[])

    @staticmethod
    def _special_rows(user: Any, centre: bool, action: str) -> Q:
        if not user.has_perm("core.issue_special_ability_certificates"):
            return Q(pk__in=[])
        special = Q(certificate_type=CertificateType.SPECIAL_ABILITY)
        if centre:
            return special
        if action != CHANGE:
            return special & Q(created_by=user)
        from skillcert.core.bureaus import bureau_region

        region = bureau_region(user)
        return special & Q(created_by=user, region=region) if region is not None else Q(pk__in=[])


class Batch(PublicModel):
    """One assessment an institution (or an HR department, for 专项) held, and the results it uploads.

    No personal data in this row: names and ID numbers stay in the uploaded file,
    which is stored encrypted (see :class:`ResultFile`); error reports name rows by
    number and show ID numbers masked.
    """

    certificate_type = models.CharField(
        _("certificate type"), max_length=16, choices=CertificateType.choices, default=CertificateType.SKILL_LEVEL
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("evaluation institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    project = models.ForeignKey(
        "catalog.SpecialAbilityProject",
        verbose_name=_("assessment project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    region = models.ForeignKey(
        "catalog.Region", verbose_name=_("issuing department region"), null=True, blank=True, on_delete=models.PROTECT
    )
    occupation_code = models.CharField(_("occupation code"), max_length=16, blank=True)
    occupation_name = models.CharField(_("occupation"), max_length=120, blank=True)
    standard_kind = models.CharField(
        _("evaluated against"), max_length=24, choices=EvaluationStandard.choices, blank=True
    )
    standard_code = models.CharField(_("standard or specification code"), max_length=32, blank=True)
    job_type = models.CharField(_("job type or direction"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, null=True, blank=True)
    assessment_date = models.DateField(_("assessment date"))
    evaluators = models.TextField(_("evaluators"))
    theory_pass_mark = models.PositiveSmallIntegerField(_("theory pass mark"), default=DEFAULT_PASS_MARK)
    practical_pass_mark = models.PositiveSmallIntegerField(_("practical pass mark"), default=DEFAULT_PASS_MARK)
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.DECLARED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, blank=True, on_delete=models.PROTECT
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_passed = models.PositiveIntegerField(_("passed"), default=0)
    rows_failed_assessment = models.PositiveIntegerField(_("did not pass"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    certificates_issued = models.PositiveIntegerField(_("certificates issued"), default=0)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment batch")
        verbose_name_plural = _("assessment batches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theory_pass_mark__lte=100, practical_pass_mark__lte=100),
                name="%(app_label)s_%(class)s_pass_marks_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.occupation_name or self.project} {self.assessment_date}"

    @property
    def display_name(self) -> str:
        """What staff call the batch: occupation or project, level, assessment date and site (not the random id).

        The site is the institution that held the assessment, or for 专项 the issuing department.
        """
        what = str(self.project.name) if self.project else self.occupation_name or self.occupation_code
        if self.job_type:
            what += f"（{self.job_type}）"
        parts = [what]
        if self.level:
            parts.append(str(self.get_level_display()))
        parts.append(self.assessment_date.isoformat())
        if self.institution:
            parts.append(self.institution.name)
        elif self.region:
            parts.append(self.region.name)
        return " · ".join(parts)

    @property
    def latest_file(self) -> ResultFile | None:
        return self.files.order_by("-created_at").first()


class ResultFile(PublicModel):
    """An uploaded results file, kept encrypted in the data directory (it holds names and ID numbers).

    Personal data: the encrypted file at ``stored_path`` (names, ID numbers, scores);
    ``errors`` holds row numbers, masked ID numbers and messages only. Retention: as long
    as the batch (evidence of how certificates were issued).
    """

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="files")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    stored_path = models.CharField(_("stored at"), max_length=500)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("results file")
        verbose_name_plural = _("results files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class PhotoArchive(PublicModel):
    """One ZIP of candidates' photos uploaded to a batch, and what its check found.

    No personal data: ``errors`` names entries by position and masked file name only.
    The photos of an accepted ZIP are kept encrypted in the data directory, one file per
    candidate named by the keyed hash of the ID number (see :mod:`skillcert.assessments.photos`),
    until the batch is issued and they go to the holders. A refused ZIP keeps nothing but this
    row, its error report.
    """

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="photo_archives")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    entries = models.PositiveIntegerField(_("entries"), default=0)
    photos_saved = models.PositiveIntegerField(_("photos saved"), default=0)
    errors = models.JSONField(_("entry errors"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("photo archive")
        verbose_name_plural = _("photo archives")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
