"""The statistics tables: each public chart is one table, drawn as a chart and printed as an accessible table.

A :class:`Table` is the one shape the dashboard, the staff reports, the CSV and
xlsx exports and the API all use, so a chart and its table can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.certificates.choices import CertificateSource
from skillcert.stats import selectors
from skillcert.stats.selectors import StatsFilter, StatusCounts, TallyView

TOP = 20


@dataclass
class Table:
    """Rows of one statistic; ``chart`` says how the page draws it ("bar", "ranked", "line", "pie" or "")."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: str = "bar"
    series: list[int] = field(default_factory=lambda: [1, 2])  # columns drawn as series; column 0 is the label
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "note": self.note,
            "chart": self.chart,
            "columns": self.columns,
            "rows": self.rows,
        }

    def body_html(self) -> SafeString:
        """The table's rows as HTML (label as row header), escaped; built here because a template loop
        over every cell costs more than all the queries of the dashboard together."""
        lines = []
        for row in self.rows:
            cells = "".join(f'<td class="num">{"—" if c is None else conditional_escape(c)}</td>' for c in row[1:])
            lines.append(f'<tr><th scope="row">{conditional_escape(row[0])}</th>{cells}</tr>')
        return mark_safe("".join(lines))  # noqa: S308  (every value escaped above)

    def chart_data(self) -> dict[str, Any]:
        """What the page's script needs to draw the chart (labels and one list per series)."""
        return {
            "kind": self.chart,
            "categories": [str(row[0]) for row in self.rows],
            "series": [{"name": self.columns[i], "data": [row[i] for row in self.rows]} for i in self.series],
        }


def _status_columns(first: str) -> list[str]:
    return [first, _("Valid"), _("Suspended")]


def _status_rows(labelled: list[tuple[str, StatusCounts]], keep_empty: bool = False) -> list[list[Any]]:
    """Label, valid, suspended; a group whose certificates are all revoked is left out unless ``keep_empty``."""
    return [[label, c.valid, c.suspended] for label, c in labelled if keep_empty or c.queryable]


def level_label(level: int) -> str:
    return str(SkillLevel(level).label) if level in SkillLevel.values else _("No level (special ability)")


def region_names() -> dict[str, str]:
    from skillcert.catalog.models import Region

    return dict(Region.objects.values_list("code", "name"))


NO_REGION = gettext_lazy("Province-wide or not tied to a city")


# ---------------------------------------------------------------------------
# Public tables
# ---------------------------------------------------------------------------
def summary(view: TallyView) -> Table:
    total = view.total
    competition = view.by("value", "source").get(CertificateSource.COMPETITION, StatusCounts()).queryable
    rows = [
        [_("Valid certificates (counted in talent statistics)"), total.valid],
        [_("Suspended certificates (shown apart)"), total.suspended],
        [_("Revoked certificates (excluded from every count)"), total.revoked],
        [_("Competition award certificates (valid or suspended)"), competition],
    ]
    return Table("summary", _("Summary"), [_("Measure"), _("Number of certificates")], rows, chart="", series=[1])


def by_year(view: TallyView) -> Table:
    groups = sorted(view.by("year").items())
    return Table(
        "by_year",
        _("Certificates by year of issue"),
        _status_columns(_("Year")),
        _status_rows([(str(y), c) for y, c in groups]),
    )


def by_region(view: TallyView) -> Table:
    """All 21 市(州), zeros included, ranked by valid certificates."""
    groups = view.by("region_code")
    names = region_names()
    only = view.filter.region_code
    labelled = [(name, groups.get(code, StatusCounts())) for code, name in names.items() if not only or only == code]
    if "" in groups:
        labelled.append((str(NO_REGION), groups[""]))
    labelled.sort(key=lambda item: (-item[1].valid, -item[1].suspended))
    return Table(
        "by_region",
        _("Certificates by city or prefecture"),
        _status_columns(_("City or prefecture")),
        _status_rows(labelled, keep_empty=True),
        chart="ranked",
    )


def by_type(view: TallyView) -> Table:
    groups = view.by("certificate_type")
    labelled = [(str(label), groups[value]) for value, label in CertificateType.choices if value in groups]
    return Table(
        "by_type",
        _("Certificates by type"),
        _status_columns(_("Certificate type")),
        _status_rows(labelled),
        chart="pie",
        series=[1],
    )


def by_level(view: TallyView) -> Table:
    groups = view.by("level")
    labelled = [(level_label(level), groups[level]) for level in sorted(groups, key=lambda lv: (lv == 0, -lv))]
    return Table("by_level", _("Certificates by level"), _status_columns(_("Level")), _status_rows(labelled))


def by_major(view: TallyView) -> Table:
    from skillcert.catalog.models import Occupation

    groups = view.by("value", "major")
    names = dict(Occupation.objects.filter(level=1).values_list("major_code", "name"))
    labelled = [(f"{code} {names.get(code, '')}".strip(), groups[code]) for code in sorted(groups) if code]
    if "" in groups:
        labelled.append((_("Special ability projects (no occupation)"), groups[""]))
    return Table(
        "by_major",
        _("Certificates by major occupational category"),
        _status_columns(_("Major category")),
        _status_rows(labelled),
        chart="ranked",
    )


def _top(groups: dict[Any, StatusCounts]) -> list[tuple[Any, StatusCounts]]:
    shown = [(key, counts) for key, counts in groups.items() if counts.queryable]
    return sorted(shown, key=lambda item: (-item[1].valid, -item[1].suspended, str(item[0])))[:TOP]


def _top_by_code(groups: dict[Any, StatusCounts], model: Any, key: str, title: Any, column: Any) -> Table:
    """The most-certified occupations or projects, each shown as "name（code）"."""
    top = _top(groups)
    names = dict(model.objects.filter(code__in=[code for code, _c in top]).values_list("code", "name"))
    rows = [[f"{names.get(code, '')}（{code}）", counts.valid, counts.suspended] for code, counts in top]
    return Table(key, title, _status_columns(column), rows, chart="ranked")


def by_occupation(view: TallyView) -> Table:
    from skillcert.catalog.models import Occupation

    title = _("The %(n)s occupations with the most certificates") % {"n": TOP}
    return _top_by_code(view.by_occupation, Occupation, "by_occupation", title, _("Occupation"))


def by_project(view: TallyView) -> Table:
    from skillcert.catalog.models import SpecialAbilityProject

    title = _("The %(n)s special ability projects with the most certificates") % {"n": TOP}
    return _top_by_code(view.by_project, SpecialAbilityProject, "by_project", title, _("Special ability project"))


def _institutions(ids: list[int]) -> dict[int, Any]:
    from skillcert.institutions.models import Institution

    return Institution.objects.select_related("region").in_bulk([i for i in ids if i])


def by_institution_kind(view: TallyView) -> Table:
    from skillcert.institutions.choices import InstitutionKind
    from skillcert.institutions.models import Institution

    groups = view.by_institution
    kind_of = dict(Institution.objects.filter(pk__in=[ref for ref in groups if ref]).values_list("pk", "kind"))
    kinds: dict[str, StatusCounts] = {}
    for ref, counts in groups.items():
        kind = kind_of.get(ref, "")
        target = kinds.setdefault(kind, StatusCounts())
        target.valid, target.suspended = target.valid + counts.valid, target.suspended + counts.suspended
    labelled = [(str(label), kinds[value]) for value, label in InstitutionKind.choices if value in kinds]
    if "" in kinds:
        labelled.append((_("No evaluation institution (issued by a department or committee)"), kinds[""]))
    return Table(
        "by_institution_kind",
        _("Certificates by kind of issuer"),
        _status_columns(_("Issuer kind")),
        _status_rows(labelled),
        chart="pie",
        series=[1],
    )


def by_institution(view: TallyView) -> Table:
    top = _top({k: v for k, v in view.by_institution.items() if k})
    institutions = _institutions([ref for ref, _c in top])
    rows = [[institutions[ref].name, counts.valid, counts.suspended] for ref, counts in top if ref in institutions]
    return Table(
        "by_institution",
        _("The %(n)s evaluation institutions with the most certificates") % {"n": TOP},
        _status_columns(_("Evaluation institution")),
        rows,
        chart="ranked",
    )


def by_source(view: TallyView) -> Table:
    groups = view.by("value", "source")
    labelled = [(str(label), groups[value]) for value, label in CertificateSource.choices if value in groups]
    return Table(
        "by_source", _("Certificates by how they were issued"), _status_columns(_("Source")), _status_rows(labelled)
    )


def competitions(view: TallyView) -> Table:
    groups = view.by("year", "source", CertificateSource.COMPETITION)
    rows = _status_rows([(str(year), counts) for year, counts in sorted(groups.items())])
    return Table("competitions", _("Competition award certificates by year"), _status_columns(_("Year")), rows)


def trend(view: TallyView) -> Table:
    months = view.months()
    rows: list[list[Any]] = []
    if months:
        (year, month), last = min(months), max(months)
        while (year, month) <= last:
            counts = months.get((year, month), {"issued": 0, "revoked": 0})
            rows.append([f"{year}-{month:02d}", counts["issued"], counts["revoked"]])
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    note = _(
        "Issued counts every certificate issued in the month, also those revoked later; "
        "revoked counts by the month of revocation."
    )
    return Table(
        "trend",
        _("Issued and revoked by month"),
        [_("Month"), _("Issued"), _("Revoked")],
        rows,
        chart="line",
        note=note,
    )


def complaints(view: TallyView) -> Table | None:
    counts = selectors.complaint_counts()
    if counts is None:
        return None
    rows = [[category, outcome, n] for category, outcome, n in counts]
    return Table(
        "complaints",
        _("Complaints by category and outcome"),
        [_("Category"), _("Outcome"), _("Number of complaints")],
        rows,
        chart="",
        series=[2],
    )


Builder = Callable[[TallyView], Table | None]

PUBLIC_TABLES: dict[str, Builder] = {
    "summary": summary,
    "by_year": by_year,
    "by_region": by_region,
    "by_type": by_type,
    "by_level": by_level,
    "by_major": by_major,
    "by_occupation": by_occupation,
    "by_project": by_project,
    "by_institution_kind": by_institution_kind,
    "by_institution": by_institution,
    "by_source": by_source,
    "competitions": competitions,
    "trend": trend,
    "complaints": complaints,
}


def public_tables(stats_filter: StatsFilter) -> list[Table]:
    """Every public table under one filter (tables whose source app is absent are left out)."""
    view = TallyView(stats_filter)
    return [table for build in PUBLIC_TABLES.values() if (table := build(view)) is not None]


def public_table(key: str, stats_filter: StatsFilter) -> Table | None:
    build = PUBLIC_TABLES.get(key)
    return build(TallyView(stats_filter)) if build else None


# ---------------------------------------------------------------------------
# Staff tables
# ---------------------------------------------------------------------------
def institutions_report(stats_filter: StatsFilter) -> Table:
    """Every recorded institution with its valid, suspended and revoked certificates under the filter."""
    from skillcert.institutions.models import Institution

    groups = TallyView(stats_filter).by_institution
    rows: list[list[Any]] = []
    queryset = Institution.objects.select_related("region").order_by("region__code", "name")
    if stats_filter.region_code:
        queryset = queryset.filter(region__code=stats_filter.region_code)
    for institution in queryset:
        counts = groups.get(institution.pk, StatusCounts())
        rows.append(
            [
                institution.name,
                institution.get_kind_display(),
                institution.region.name,
                institution.get_status_display(),
                counts.valid,
                counts.suspended,
                counts.revoked,
            ]
        )
    rows.sort(key=lambda row: (-int(row[4]), str(row[0])))
    columns = [
        _("Evaluation institution"),
        _("Kind"),
        _("City or prefecture"),
        _("Record status"),
        _("Valid"),
        _("Suspended"),
        _("Revoked"),
    ]
    return Table("institutions", _("Certificates per evaluation institution"), columns, rows, chart="")


def batches_report(stats_filter: StatsFilter, limit: int | None = None) -> Table:
    """Committed assessment batches with candidates, passes and the pass rate."""
    rows = []
    for batch in selectors.batch_pass_rates(stats_filter, limit):
        assessed = batch.rows_passed + batch.rows_failed_assessment
        rate = round(100 * batch.rows_passed / assessed, 1) if assessed else None
        issuer = batch.institution.name if batch.institution_id else (batch.region.name if batch.region_id else "")
        subject = batch.occupation_name or (batch.project.name if batch.project_id else "")
        rows.append(
            [
                batch.assessment_date.isoformat(),
                issuer,
                subject,
                level_label(batch.level or 0),
                assessed,
                batch.rows_passed,
                rate,
                batch.certificates_issued,
            ]
        )
    columns = [
        _("Assessment date"),
        _("Issuer"),
        _("Occupation or project"),
        _("Level"),
        _("Candidates assessed"),
        _("Passed"),
        _("Pass rate (%)"),
        _("Certificates issued"),
    ]
    return Table("batches", _("Pass rates per assessment batch"), columns, rows, chart="")


STAFF_TABLES: dict[str, Callable[[StatsFilter], Table]] = {
    "institutions": institutions_report,
    "batches": batches_report,
}


def today_stamp() -> str:
    return dt.date.today().strftime("%Y%m%d")
