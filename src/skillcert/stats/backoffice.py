"""Staff reports (``view_reports``): per institution and per batch, the province or one 市(州).

A city bureau's reports are pinned to its own 市(州) by ``core.bureaus.region_scope`` (the rows are
aggregates, not one model's rows, so the region filter is the restriction here).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from skillcert.stats import reports
from skillcert.stats.forms import StatsFilterForm
from skillcert.stats.selectors import StatsFilter
from skillcert.stats.views import filter_form, filter_or_400, filter_params, table_response

BATCHES_SHOWN = 100


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
    form, stats_filter = filter_form(request)
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
        {"form": form, "tables": tables, "params": filter_params(stats_filter), "batches_shown": BATCHES_SHOWN},
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
    stats_filter = filter_or_400(request)
    if isinstance(stats_filter, HttpResponse):
        return stats_filter
    scoped = _staff_region(request, stats_filter)
    if isinstance(scoped, HttpResponse) or scoped is None:
        return scoped or HttpResponseBadRequest()
    stats_filter = scoped
    build = reports.STAFF_TABLES.get(key)
    return table_response(request, build(stats_filter) if build else None, fmt)
