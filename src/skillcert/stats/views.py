"""Pages: the public dashboard and its downloads, the staff reports and theirs (thin: reads come from reports)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput
from skillcert.core.params import check_query
from skillcert.stats import exports, reports
from skillcert.stats.forms import StatsFilterForm, filter_from
from skillcert.stats.selectors import StatsFilter, year_bounds

BATCHES_SHOWN = 100
INTEGER_FILTERS = ("year_from", "year_to", "level")  # plain digits, given once, or 400


def _form(request: HttpRequest) -> tuple[StatsFilterForm, StatsFilter | None]:
    check_query(request.GET, INTEGER_FILTERS)
    form = StatsFilterForm(request.GET or None)
    if not form.is_bound:
        return form, StatsFilter()
    return form, (form.stats_filter() if form.is_valid() else None)


def dashboard(request: HttpRequest) -> HttpResponse:
    """Charts of valid certificates with the same numbers as tables; revoked ones are excluded and say so."""
    form, stats_filter = _form(request)
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
            "params": _params(stats_filter),
            "first_year": first,
            "last_year": last,
        },
    )


def _params(stats_filter: StatsFilter | None) -> str:
    from urllib.parse import urlencode

    return urlencode(stats_filter.as_params()) if stats_filter else ""


def _export(request: HttpRequest, table: reports.Table | None, fmt: str) -> HttpResponse:
    if table is None or fmt not in exports.FORMATS:
        raise Http404(_("There is no such statistics table."))
    return exports.download(table, fmt)


def _filter_or_400(request: HttpRequest) -> StatsFilter | HttpResponse:
    check_query(request.GET, INTEGER_FILTERS)
    try:
        return filter_from(request.GET)
    except InvalidInput as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in (exc.fields or {}).items())
        return HttpResponseBadRequest(f"{exc.message} {details}", content_type="text/plain; charset=utf-8")


def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One public table as CSV or xlsx, under the filter given in the query string."""
    stats_filter = _filter_or_400(request)
    if isinstance(stats_filter, HttpResponse):
        return stats_filter
    return _export(request, reports.public_table(key, stats_filter), fmt)


def _staff_region(request: HttpRequest, stats_filter: StatsFilter | None) -> StatsFilter | HttpResponse | None:
    """Staff reports cover the province for centre staff and only its own 市(州) for a city bureau.

    A bureau's filter is pinned to its region whatever the query string says; a bureau not linked
    to one (or any other account) is refused with the reason.
    """
    from dataclasses import replace

    from skillcert.core.bureaus import no_region_message, region_scope

    scope = region_scope(request.user)
    if scope.province:
        return stats_filter
    if scope.region is None:
        return render(request, "core/refused.html", {"message": no_region_message()}, status=403)
    return replace(stats_filter, region_code=scope.region.code) if stats_filter is not None else None


def staff_reports(request: HttpRequest) -> HttpResponse:
    """Per institution and per batch, with the revoked counts the public page leaves out (``view_reports``)."""
    form, stats_filter = _form(request)
    scoped = _staff_region(request, stats_filter)
    if isinstance(scoped, HttpResponse):
        return scoped
    stats_filter = scoped
    _pin_region(form, request)
    tables = []
    if stats_filter is not None:
        tables = [reports.institutions_report(stats_filter), reports.batches_report(stats_filter, BATCHES_SHOWN)]
    return render(
        request,
        "stats/reports.html",
        {"form": form, "tables": tables, "params": _params(stats_filter), "batches_shown": BATCHES_SHOWN},
    )


def _pin_region(form: StatsFilterForm, request: HttpRequest) -> None:
    """A city bureau's report form offers only its own 市(州)."""
    from typing import cast

    from django import forms

    from skillcert.core.bureaus import region_scope

    scope = region_scope(request.user)
    if not scope.province and scope.region is not None:
        cast(forms.ChoiceField, form.fields["region"]).choices = [(scope.region.code, scope.region.name)]


def staff_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One staff table (every row, not only those shown on the page) as CSV or xlsx."""
    stats_filter = _filter_or_400(request)
    if isinstance(stats_filter, HttpResponse):
        return stats_filter
    scoped = _staff_region(request, stats_filter)
    if isinstance(scoped, HttpResponse) or scoped is None:
        return scoped or HttpResponseBadRequest()
    stats_filter = scoped
    build = reports.STAFF_TABLES.get(key)
    return _export(request, build(stats_filter) if build else None, fmt)
