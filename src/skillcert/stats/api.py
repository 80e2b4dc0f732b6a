"""Statistics API: ``GET /api/v1/stats/`` lists the charts, ``GET /api/v1/stats/{chart}`` gives one chart's numbers."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from skillcert.api.schemas import ErrorOut
from skillcert.core.errors import NotFound
from skillcert.core.params import Level, Year
from skillcert.stats import reports
from skillcert.stats.forms import filter_from

router = Router(tags=["stats"])

ChartKey = Literal[
    "summary",
    "by_year",
    "by_region",
    "by_type",
    "by_level",
    "by_major",
    "by_occupation",
    "by_project",
    "by_institution_kind",
    "by_institution",
    "by_source",
    "competitions",
    "trend",
    "complaints",
]


class FilterIn(Schema):
    year_from: Year | None = None
    year_to: Year | None = None
    region: str = ""
    level: Level | None = None
    type: str = ""


class ChartOut(Schema):
    key: str
    title: str
    note: str
    chart: str
    columns: list[str]
    rows: list[list[Any]]
    filters: dict[str, str]


class ChartLink(Schema):
    key: str
    path: str


class IndexOut(Schema):
    note: str
    charts: list[ChartLink]


@router.get("/", response=IndexOut, url_name="stats_index", summary="The statistics charts")
def index(request: HttpRequest) -> IndexOut:
    """Every chart of the public dashboard; each takes the same filters as the page."""
    return IndexOut(
        note=_("Revoked certificates are excluded from every number; suspended ones are counted apart."),
        charts=[ChartLink(key=key, path=f"/api/v1/stats/{key}") for key in reports.PUBLIC_TABLES],
    )


@router.get(
    "/{key}", response={200: ChartOut, 404: ErrorOut, 422: ErrorOut}, url_name="stats_chart", summary="One chart"
)
def chart(request: HttpRequest, key: ChartKey, filters: Query[FilterIn]) -> ChartOut:
    """One chart's numbers as a table: ``columns`` and ``rows`` (the label first), under the filters.

    Filters: ``year_from``/``year_to`` (year of issue), ``region`` (GB/T 2260 code of a 市(州), or ``-`` for
    province-wide), ``level`` (1–5), ``type`` (qualification, skill_level, special_ability).
    """
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    stats_filter = filter_from(params)
    table = reports.public_table(key, stats_filter)
    if table is None:
        raise NotFound(_("This chart is not available on this installation."))
    return ChartOut(**table.as_dict(), filters=stats_filter.as_params())
