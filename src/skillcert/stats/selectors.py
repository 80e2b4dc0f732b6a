"""Reads of the statistics tallies, for the dashboard, the reports, the exports and the API.

Every public figure comes from the tallies (a few thousand rows grouped from
them), never from the certificates table, so a request stays fast with millions
of certificates (ADR 0008). Revoked certificates are excluded from every count
except the one that says how many were excluded; suspended ones are counted
apart from valid ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from skillcert.certificates.choices import CertificateStatus
from skillcert.stats.models import CertificateTally, MonthTally, RollupTally

VALID = CertificateStatus.VALID
SUSPENDED = CertificateStatus.SUSPENDED
REVOKED = CertificateStatus.REVOKED


@dataclass(frozen=True)
class StatsFilter:
    """What the public may narrow the numbers to: years (of issue), 市(州), level, certificate type."""

    year_from: int | None = None
    year_to: int | None = None
    region_code: str = ""  # "" = all; "-" = issued by the province or not tied to one 市(州)
    level: int | None = None
    certificate_type: str = ""

    def tally_q(self) -> Q:
        q = Q()
        if self.year_from is not None:
            q &= Q(year__gte=self.year_from)
        if self.year_to is not None:
            q &= Q(year__lte=self.year_to)
        if self.region_code:
            q &= Q(region_code="" if self.region_code == "-" else self.region_code)
        if self.level is not None:
            q &= Q(level=self.level)
        if self.certificate_type:
            q &= Q(certificate_type=self.certificate_type)
        return q

    def as_params(self) -> dict[str, str]:
        """The filter as query parameters (for export links and the API)."""
        params = {
            "year_from": "" if self.year_from is None else str(self.year_from),
            "year_to": "" if self.year_to is None else str(self.year_to),
            "region": self.region_code,
            "level": "" if self.level is None else str(self.level),
            "type": self.certificate_type,
        }
        return {k: v for k, v in params.items() if v}


@dataclass
class StatusCounts:
    """Valid and suspended certificates of one group (revoked ones are never in a public count)."""

    valid: int = 0
    suspended: int = 0
    revoked: int = 0

    def add(self, status: str, n: int) -> None:
        if status == VALID:
            self.valid += n
        elif status == SUSPENDED:
            self.suspended += n
        elif status == REVOKED:
            self.revoked += n

    @property
    def queryable(self) -> int:
        return self.valid + self.suspended


def year_bounds() -> tuple[int, int]:
    """The first and last year with any certificate (this year when there is none)."""
    years = CertificateTally.objects.filter(count__gt=0).values_list("year", flat=True)
    first, last = years.order_by("year").first(), years.order_by("-year").first()
    today = dt.date.today().year
    return (first or today, last or today)


class TallyView:
    """The tallies seen through one filter; each chart is one grouped query over one roll-up grain."""

    def __init__(self, stats_filter: StatsFilter) -> None:
        self.filter = stats_filter
        self._cache: dict[tuple[str, str, str], dict[Any, StatusCounts]] = {}

    def by(self, field: str, grain: str = "all", value: str | None = None) -> dict[Any, StatusCounts]:
        """Counts grouped by ``field`` (year, region_code, level, certificate_type or value) within one grain.

        ``value`` keeps only the rows of one value of the grain (e.g. grain "source", value "competition").
        """
        key = (field, grain, value or "")
        if key not in self._cache:
            rows = RollupTally.objects.filter(self.filter.tally_q(), grain=grain).order_by()
            if value is not None:
                rows = rows.filter(value=value)
            grouped = rows.values_list(field).annotate(
                valid=Sum("count", filter=Q(status=VALID)),
                suspended=Sum("count", filter=Q(status=SUSPENDED)),
                revoked=Sum("count", filter=Q(status=REVOKED)),
            )  # one row per group, the statuses pivoted by the database
            self._cache[key] = {group: StatusCounts(v or 0, s or 0, r or 0) for group, v, s, r in grouped}
        return self._cache[key]

    @cached_property
    def total(self) -> StatusCounts:
        total = StatusCounts()
        for counts in self.by("certificate_type").values():
            total.valid += counts.valid
            total.suspended += counts.suspended
            total.revoked += counts.revoked
        return total

    @property
    def by_occupation(self) -> dict[str, StatusCounts]:
        return self.by("value", "occupation")

    @property
    def by_project(self) -> dict[str, StatusCounts]:
        return self.by("value", "project")

    @cached_property
    def by_institution(self) -> dict[int, StatusCounts]:
        return {int(ref): counts for ref, counts in self.by("value", "institution").items()}

    def months(self) -> dict[tuple[int, int], dict[str, int]]:
        """(year, month) → {"issued": n, "revoked": n}, under the same filter."""
        q = self.filter.tally_q()
        result: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"issued": 0, "revoked": 0})
        rows = MonthTally.objects.filter(q).order_by().values("year", "month", "event").annotate(n=Sum("count"))
        for row in rows:
            result[(row["year"], row["month"])][row["event"]] += row["n"] or 0
        return dict(result)


def complaint_counts() -> list[tuple[str, str, int]] | None:
    """Complaints as (category, outcome, count), labelled, from the supervision app; ``None`` without it.

    The narrow interface: ``skillcert.supervision.selectors.complaint_counts()`` yields
    ``(category, outcome, count)`` with the codes of ``supervision.choices.Category`` and
    ``Outcome`` (or labels; an empty outcome means the case is still open).
    """
    if not apps.is_installed("skillcert.supervision"):
        return None
    try:
        from skillcert.supervision import selectors as supervision
    except ImportError:
        return None
    counts = getattr(supervision, "complaint_counts", None)
    if counts is None:
        return None
    return [
        (_label("Category", category), _outcome_label(outcome) if outcome else _("Open"), int(n))
        for category, outcome, n in counts()
    ]


def _outcome_label(value: str) -> str:
    """A concluded case's outcome, or the stage that closed it without one (not accepted)."""
    label = _label("Outcome", value)
    return _label("Stage", value) if label == value else label


def _label(choices: str, value: Any) -> str:
    """The label of a supervision choice code; the value itself when it is not one."""
    try:
        from skillcert.supervision import choices as supervision_choices

        return str(getattr(supervision_choices, choices)(value).label)
    except (ImportError, AttributeError, ValueError):
        return str(value)


def batch_pass_rates(stats_filter: StatsFilter, limit: int | None = None) -> QuerySet[Any]:
    """Committed assessment batches with their results, newest first, narrowed by the filter."""
    from skillcert.assessments.choices import BatchStatus
    from skillcert.assessments.models import Batch

    batches = Batch.objects.filter(status=BatchStatus.COMMITTED).select_related("institution", "project", "region")
    f = stats_filter
    if f.year_from is not None:
        batches = batches.filter(assessment_date__year__gte=f.year_from)
    if f.year_to is not None:
        batches = batches.filter(assessment_date__year__lte=f.year_to)
    if f.region_code:
        region = Q(region__code=f.region_code) | Q(region__isnull=True, institution__region__code=f.region_code)
        batches = (
            batches.filter(region__isnull=True, institution__isnull=True)
            if f.region_code == "-"
            else batches.filter(region)
        )
    if f.level is not None:
        batches = batches.filter(level=f.level)
    if f.certificate_type:
        batches = batches.filter(certificate_type=f.certificate_type)
    batches = batches.order_by("-assessment_date", "-pk")
    return batches[:limit] if limit else batches
