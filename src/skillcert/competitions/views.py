"""Public competition pages: the list of approved competitions and one competition (back office: ``backoffice.py``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from skillcert.competitions import rules, selectors, services
from skillcert.competitions.choices import IssuingPath
from skillcert.competitions.models import Competition
from skillcert.core.errors import NotFound


# ---------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------
def public_list(request: HttpRequest) -> HttpResponse:
    """Approved competitions: class, host, issuing path, certificates issued."""
    return render(request, "competitions/public_list.html", {"competitions": selectors.public_competitions()[:500]})


def public_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One approved competition, without personal data."""
    try:
        competition = selectors.get_public(public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    counts = selectors.issued_by_event(competition)
    events = [(event, counts.get(event.pk, 0)) for event in competition.events.select_related("project")]
    context = {"competition": competition, "events": events, **path_context(competition)}
    return render(request, "competitions/public_detail.html", context)


def path_context(competition: Competition) -> dict[str, Any]:
    """The issuing path, its label and case number, and the authorisation (public and back-office pages)."""
    path = competition.issuing_path or services.derived_path(competition)
    return {
        "path": path,
        "path_label": IssuingPath(path).label,
        "case": rules.case_number(path, competition.competition_class),
        "authorisation": getattr(competition, "authorisation", None),
    }
