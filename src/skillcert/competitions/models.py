"""Competitions (职业技能竞赛): hosts, competitions, events, stages, award rules, authorisations, results."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.competitions.choices import (
    CompetitionClass,
    CompetitionStatus,
    ImportStatus,
    IssuingPath,
    Outcome,
    StageKind,
    TeamKind,
)
from skillcert.core.models import PublicModel
from skillcert.core.querysets import RestrictedQuerySet


# ---------------------------------------------------------------------------
# Who sees and acts on which rows (``Model.objects.restrict(user, action)``)
# ---------------------------------------------------------------------------
def host_of_user(user: Any) -> HostOrganisation | None:
    """The host a ``competition_host`` account acts for, or ``None`` (the one place this is read)."""
    if not getattr(user, "is_authenticated", False):
        return None
    link = HostAccount.objects.filter(user=user).select_related("host__institution").first()
    return link.host if link else None


class CompetitionScopedQuerySet(RestrictedQuerySet[Any]):
    """Rows of a competition, reached by ``competition_path`` (``""`` for the competition itself).

    The centre (``approve_competitions``) every row; a host (``host_competitions``) its own
    competitions' rows; anyone else (city bureaus and institutions included) none. ``view`` and
    ``change`` are the same rows: which change a page may make (a host's upload, the centre's
    approval) is the services' question, and they refuse a host approving its own competition.
    """

    competition_path: ClassVar[str] = "competition"

    def rule(self, user: Any, action: str) -> Self:
        if user.has_perm("core.approve_competitions"):
            return self
        host = host_of_user(user) if user.has_perm("core.host_competitions") else None
        if host is None:
            return self.none()
        lookup = f"{self.competition_path}__host" if self.competition_path else "host"
        return self.filter(**{lookup: host.pk})


class CompetitionQuerySet(CompetitionScopedQuerySet):
    """Competitions, as :class:`CompetitionScopedQuerySet` says."""

    competition_path = ""


class ResultImportQuerySet(CompetitionScopedQuerySet):
    """Results files: those of the competitions the user may see."""


class HostOrganisation(PublicModel):
    """A competition host (主办单位), optionally a recorded evaluation institution. No personal data.

    Whether the host is a recorded institution decides case 2 of the notice; the link
    is set by the centre, never by the host itself.
    """

    name = models.CharField(_("host organisation"), max_length=200, unique=True)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("recorded evaluation institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_hosts",
    )

    class Meta:
        verbose_name = _("competition host")
        verbose_name_plural = _("competition hosts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HostAccount(models.Model):
    """Links a user account of the ``competition_host`` role to its host. Personal data: ``user`` (an account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="competition_host"
    )
    host = models.ForeignKey(
        HostOrganisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="accounts"
    )

    class Meta:
        verbose_name = _("host account")
        verbose_name_plural = _("host accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.host}"


class Competition(PublicModel):
    """One competition as its host registered it. No personal data.

    The issuing path is derived (``rules.issuing_path``) from the class, the host and the
    certificate type; it is stored when the centre approves, together with the
    authorisation for 一赛一授权, so later changes to the host cannot rewrite history.
    """

    name = models.CharField(_("competition name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    competition_class = models.CharField(_("class"), max_length=16, choices=CompetitionClass.choices)
    host = models.ForeignKey(
        HostOrganisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="competitions"
    )
    committee_name = models.CharField(_("organising committee (office)"), max_length=200)
    certificate_type = models.CharField(
        _("certificate type"),
        max_length=16,
        choices=[
            (CertificateType.SKILL_LEVEL, CertificateType.SKILL_LEVEL.label),
            (CertificateType.SPECIAL_ABILITY, CertificateType.SPECIAL_ABILITY.label),
        ],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CompetitionStatus.choices, default=CompetitionStatus.REGISTERED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    issuing_path = models.CharField(_("issuing path"), max_length=20, choices=IssuingPath.choices, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(issuing_path=""),
                name="%(app_label)s_%(class)s_approved_has_path",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Event(PublicModel):
    """One event (赛项) of a competition: an occupation (and 工种) or a special ability project. No personal data.

    ``level_digits`` are the levels this event may award (e.g. ``"12"`` = 高级技师 and 技师).
    """

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="events")
    name = models.CharField(_("event"), max_length=120)
    occupation_code = models.CharField(_("occupation code"), max_length=16, blank=True)
    occupation_name = models.CharField(_("occupation"), max_length=120, blank=True)
    job_type = models.CharField(_("job type or direction"), max_length=60, blank=True)
    project = models.ForeignKey(
        "catalog.SpecialAbilityProject",
        verbose_name=_("special ability project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    team_kind = models.CharField(_("event kind"), max_length=8, choices=TeamKind.choices, default=TeamKind.SINGLE)
    level_digits = models.CharField(_("levels"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list[int]:
        return sorted(int(d) for d in self.level_digits)

    def levels_display(self) -> str:
        return "、".join(str(SkillLevel(n).label) for n in self.levels)


class Stage(PublicModel):
    """One stage (初赛/复赛/决赛); exactly one final stage per competition. No personal data."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="stages")
    name = models.CharField(_("stage"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition"], condition=Q(kind="final"), name="%(app_label)s_%(class)s_one_final"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AwardRule(models.Model):
    """Award-to-level rule: in events of ``team_kind``, ranks 1…``top_ranks`` of the final get ``level``.

    A winner who already holds ``level`` or higher is promoted one level further
    (技师 → 高级技师); one already at 高级技师 gets no further certificate. No personal data.
    For 专项职业能力证书 competitions ``level`` is empty: the top ranks get the certificate.
    """

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="award_rules")
    team_kind = models.CharField(_("event kind"), max_length=8, choices=TeamKind.choices)
    top_ranks = models.PositiveSmallIntegerField(_("ranks 1 to"))
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, null=True, blank=True)

    class Meta:
        verbose_name = _("award-to-level rule")
        verbose_name_plural = _("award-to-level rules")
        ordering = ["team_kind"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "team_kind"], name="%(app_label)s_%(class)s_one_per_kind"),
            models.CheckConstraint(condition=Q(top_ranks__gte=1), name="%(app_label)s_%(class)s_top_ranks_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_team_kind_display()} 1–{self.top_ranks}"


class Authorisation(PublicModel):
    """The centre's 一赛一授权 for one competition: its reference and the site serial its numbers use. No personal data.

    Certificates issued under it carry ``S`` + ``0000`` + ``51`` + this site serial (the
    national 22-character rule; site serials are the province's to assign, skillcert
    reserves 900001–999999 for competition authorisations, see docs/competitions.md).
    """

    competition = models.OneToOneField(Competition, on_delete=models.PROTECT, related_name="authorisation")
    reference = models.CharField(_("authorisation reference"), max_length=60, unique=True)
    site_serial = models.CharField(_("site serial"), max_length=6, unique=True)
    granted_on = models.DateField(_("granted on"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("authorisation (one per competition)")
        verbose_name_plural = _("authorisations (one per competition)")

    def __str__(self) -> str:
        return self.reference


class ResultImport(PublicModel):
    """An uploaded results file of the final stage and its preview report.

    Personal data: the encrypted file at ``stored_path`` (names, ID numbers); ``report``
    holds row numbers, masked ID numbers, events, ranks, awards, proposals and messages
    only. Retention: as long as the competition (evidence of how certificates were issued).
    """

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="imports")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    stored_path = models.CharField(_("stored at"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    report = models.JSONField(_("preview"), default=list, blank=True)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    objects = ResultImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("results import")
        verbose_name_plural = _("results imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.competition} {self.original_name}"


class Winner(PublicModel):
    """One row of submitted final results: a finalist, the award, the proposed and confirmed level.

    Personal data: ``holder`` (link to the protected holder record) and ``holder_name``.
    Retention: permanent, as the evidence behind competition certificates.
    """

    result_import = models.ForeignKey(ResultImport, on_delete=models.PROTECT, related_name="winners")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="winners")
    holder = models.ForeignKey("people.Holder", on_delete=models.PROTECT, related_name="+")
    holder_name = models.CharField(_("name"), max_length=64)
    masked_id = models.CharField(_("ID number (masked)"), max_length=32)
    row_no = models.PositiveIntegerField(_("row"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    award = models.CharField(_("award"), max_length=40, blank=True)
    prior_level = models.PositiveSmallIntegerField(_("prior level"), choices=SkillLevel.choices, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    proposed_level = models.PositiveSmallIntegerField(
        _("proposed level"), choices=SkillLevel.choices, null=True, blank=True
    )
    confirmed_level = models.PositiveSmallIntegerField(
        _("confirmed level"), choices=SkillLevel.choices, null=True, blank=True
    )
    explanation = models.TextField(_("explanation"))
    certificate = models.OneToOneField(
        "certificates.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="competition_winner"
    )

    class Meta:
        verbose_name = _("finalist result")
        verbose_name_plural = _("finalist results")
        ordering = ["event", "rank", "row_no"]

    def __str__(self) -> str:
        return f"{self.event} #{self.rank}"
