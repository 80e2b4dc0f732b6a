"""Evaluation institutions (评价机构), their record (备案) and scope, operators and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import PublicModel, TimeStampedModel
from skillcert.core.querysets import CHANGE, RestrictedQuerySet
from skillcert.institutions.choices import (
    LIVE_STATUSES,
    NUMBER_LETTERS,
    InstitutionKind,
    InstitutionStatus,
    NumberLetter,
)


# ---------------------------------------------------------------------------
# Who sees and changes which rows (``Model.objects.restrict(user, action)``)
# ---------------------------------------------------------------------------
def institution_of(user: Any) -> Institution | None:
    """The one institution an operator account is linked to, or ``None`` (the one place this is read)."""
    if not getattr(user, "is_authenticated", False):
        return None
    link = InstitutionOperator.objects.filter(user=user).select_related("institution").first()
    return link.institution if link else None


def operator_institution(user: Any) -> Institution | None:
    """The institution ``user`` operates for, when it holds ``operate_institution``; else ``None``."""
    return institution_of(user) if user.has_perm("core.operate_institution") else None


class InstitutionScopedQuerySet(RestrictedQuerySet[Any]):
    """Rows that belong to one institution, reached by ``institution_path`` (``""`` for the institution itself).

    ``view``: centre staff (``manage_institutions``) every row; a city bureau
    (``review_regional_institutions``) the rows of its own 市(州), none until it is linked; an
    operator its own institution's rows; anyone else none. ``change``: centre staff every row;
    an operator its own rows where ``operator_may_change``; a city bureau none (it reviews only).
    """

    institution_path: ClassVar[str] = "institution"
    bureau_may_view: ClassVar[bool] = True
    operator_may_change: ClassVar[bool] = False

    def rule(self, user: Any, action: str) -> Self:
        if user.has_perm("core.manage_institutions"):
            return self
        if user.has_perm("core.review_regional_institutions"):
            return self._bureau_rows(user) if action != CHANGE and self.bureau_may_view else self.none()
        own = operator_institution(user)
        if own is None or (action == CHANGE and not self.operator_may_change):
            return self.none()
        return self.filter(**{self._lookup("pk"): own.pk})

    def _bureau_rows(self, user: Any) -> Self:
        from skillcert.core.bureaus import bureau_region

        region = bureau_region(user)
        return self.filter(**{self._lookup("region"): region}) if region is not None else self.none()

    def _lookup(self, field: str) -> str:
        return f"{self.institution_path}__{field}" if self.institution_path else field


class InstitutionQuerySet(InstitutionScopedQuerySet):
    """Institutions: an operator changes its own contacts and tokens; only the centre changes the record."""

    institution_path = ""
    operator_may_change = True


class ScopeRowQuerySet(InstitutionScopedQuerySet):
    """Scope rows: seen like their institution, changed by the centre only."""


class OperatorQuerySet(InstitutionScopedQuerySet):
    """Operator links: seen like their institution, changed by the centre only."""


class ApiTokenQuerySet(InstitutionScopedQuerySet):
    """API tokens: the centre and the institution's own operators only (a city bureau never sees them)."""

    bureau_may_view = False
    operator_may_change = True


class Institution(PublicModel):
    """An evaluation institution and its record with the HR department.

    Personal data: ``contact_person``, ``contact_phone`` and ``contact_email``
    name the institution's contact, published in the public directory as the
    national directory does (the institution supplies them for that purpose).
    Retention: kept with the record, which is never deleted (revoked instead).
    """

    name = models.CharField(_("name as registered"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=InstitutionKind.choices)
    number_letter_override = models.CharField(
        _("number letter recorded"), max_length=1, choices=NumberLetter.choices, blank=True
    )
    region = models.ForeignKey(
        "catalog.Region", verbose_name=_("city or prefecture"), on_delete=models.PROTECT, related_name="institutions"
    )
    address = models.CharField(_("address"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact email"), blank=True)
    record_number = models.CharField(_("record number"), max_length=40, blank=True)
    institution_code = models.CharField(_("institution code"), max_length=4, default="0000")
    site_serial = models.CharField(_("site serial"), max_length=6, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InstitutionStatus.choices, default=InstitutionStatus.APPLIED
    )
    status_reason = models.TextField(_("reason of the last status change"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    record_valid_from = models.DateField(_("record valid from"), null=True, blank=True)
    record_valid_until = models.DateField(_("record valid until"), null=True, blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation institution")
        verbose_name_plural = _("evaluation institutions")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status__in=sorted(LIVE_STATUSES)),
                name="%(app_label)s_%(class)s_one_live_record_per_credit_code",
            ),
            models.UniqueConstraint(
                fields=["record_number"], condition=~Q(record_number=""), name="%(app_label)s_%(class)s_record_number"
            ),
            models.UniqueConstraint(
                fields=["site_serial"], condition=~Q(site_serial=""), name="%(app_label)s_%(class)s_site_serial"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def number_letter(self) -> str:
        """Y or S: the first character of the certificate numbers this institution issues."""
        return self.number_letter_override or NUMBER_LETTERS[self.kind]

    def record_in_force_on(self, day: dt.date) -> bool:
        """True when ``day`` lies inside the record's validity (open ends count as in force)."""
        if self.record_valid_from and day < self.record_valid_from:
            return False
        return not (self.record_valid_until and day > self.record_valid_until)


class ScopeRow(PublicModel):
    """One row of an institution's recorded scope: occupation, optional 工种, levels, validity. No personal data.

    The occupation is stored by code and name as the certificate-type rule
    answered when the row was set (大典 codes and new-occupation codes alike).
    ``level_digits`` holds the levels as ascending digits, e.g. ``"345"``; ``levels`` is the set of ints.
    Rows are withdrawn, never deleted.
    """

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="scope_rows")
    occupation_code = models.CharField(_("occupation code"), max_length=16, db_index=True)
    occupation_name = models.CharField(_("occupation"), max_length=120, db_index=True)
    job_type = models.CharField(_("job type or direction"), max_length=60, blank=True)
    level_digits = models.CharField(_("levels"), max_length=5)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = ScopeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("scope row")
        verbose_name_plural = _("scope")
        ordering = ["occupation_code", "job_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "occupation_code", "job_type"],
                condition=Q(withdrawn_on__isnull=True),
                name="%(app_label)s_%(class)s_one_live_row_per_occupation",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        job = f"（{self.job_type}）" if self.job_type else ""
        return f"{self.occupation_code} {self.occupation_name}{job} {self.level_digits}"

    @property
    def levels(self) -> frozenset[int]:
        """The recorded levels (1 高级技师 … 5 初级)."""
        return frozenset(int(d) for d in self.level_digits)

    @property
    def level_list(self) -> list[int]:
        """The levels as integers, highest level (1) first."""
        return sorted(self.levels)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def valid_on(self, day: dt.date) -> bool:
        """True when the row is live and ``day`` lies inside its validity."""
        if self.withdrawn_on is not None and day >= self.withdrawn_on:
            return False
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class InstitutionOperator(TimeStampedModel):
    """Links an account to the one institution it operates for.

    Personal data: ``user`` (the operator's account). Retention: kept while the
    account exists; an operator is moved by linking the account again.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="institution_link", verbose_name=_("account")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="operators", verbose_name=_("evaluation institution")
    )

    objects = OperatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution operator")
        verbose_name_plural = _("institution operators")

    def __str__(self) -> str:
        return f"{self.user} → {self.institution}"


def default_token_expiry() -> dt.datetime:
    """When a new API token stops working: ``SKILLCERT_API_TOKEN_DAYS`` (default 365) days from now."""
    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class InstitutionApiToken(PublicModel):
    """An API token of an institution's own system, stored as a keyed digest (HMAC-SHA256).

    Personal data: ``created_by`` and ``revoked_by`` (staff accounts). The
    token itself is shown once at creation and never stored; ``prefix`` is the
    visible part used to find the row. Expires at ``expires_at``; revoked, never deleted.
    """

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(_("label"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_token_expiry)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.label})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at <= timezone.now()
