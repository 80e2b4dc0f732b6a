"""Public pages: the dashboard and its downloads (thin: reads come from reports; staff reports: ``backoffice.py``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput
from skillcert.core.params import check_query
from skillcert.stats import exports, reports
from skillcert.stats.forms import StatsFilterForm, filter_from
from skillcert.stats.selectors import StatsFilter, year_bounds

INTEGER_FILTERS = ("year_from", "year_to", "level")  # plain digits, given once, or 400


def filter_form(request: HttpRequest) -> tuple[StatsFilterForm, StatsFilter | None]:
    """The filter form and the filter it gives (``None`` when invalid); shared with the staff reports."""
    check_query(request.GET, INTEGER_FILTERS)
    form = StatsFilterForm(request.GET or None)
    if not form.is_bound:
        return form, StatsFilter()
    return form, (form.stats_filter() if form.is_valid() else None)


def dashboard(request: HttpRequest) -> HttpResponse:
    """Charts of valid certificates with the same numbers as tables; revoked ones are excluded and say so."""
    form, stats_filter = filter_form(request)
    tables = reports.public_tables(stats_filter) if stats_filter is not None else []
    first, last = year_bounds()
    return render(
        request,
        "stats/dashboard.html",
        {
            "form": form,
            "tables": tables,
            "summary": tables[0] if tables else None,
            "charts": [t for t in tables if t.chart],
            "listed": [t for t in tables if not t.chart and t.key != "summary"],
            "params": filter_params(stats_filter),
            "first_year": first,
            "last_year": last,
        },
    )


def filter_params(stats_filter: StatsFilter | None) -> str:
    """The filter as a query string, for the download links."""
    from urllib.parse import urlencode

    return urlencode(stats_filter.as_params()) if stats_filter else ""


def table_response(request: HttpRequest, table: reports.Table | None, fmt: str) -> HttpResponse:
    """One table as a download, or 404 for an unknown table or format."""
    if table is None or fmt not in exports.FORMATS:
        raise Http404(_("There is no such statistics table."))
    return exports.download(table, fmt)


def filter_or_400(request: HttpRequest) -> StatsFilter | HttpResponse:
    """The filter of a download's query string, or a plain-text 400 saying what is wrong."""
    check_query(request.GET, INTEGER_FILTERS)
    try:
        return filter_from(request.GET)
    except InvalidInput as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in (exc.fields or {}).items())
        return HttpResponseBadRequest(f"{exc.message} {details}", content_type="text/plain; charset=utf-8")


def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One public table as CSV or xlsx, under the filter given in the query string."""
    stats_filter = filter_or_400(request)
    if isinstance(stats_filter, HttpResponse):
        return stats_filter
    return table_response(request, reports.public_table(key, stats_filter), fmt)
