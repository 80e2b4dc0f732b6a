"""Competitions API, public and read-only: ``GET /api/v1/competitions`` and ``GET /api/v1/competitions/{public_id}``.

Only approved competitions; no personal data (counts of certificates, never winners).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from skillcert.competitions import rules, selectors
from skillcert.competitions.models import Competition

router = Router(tags=["competitions"])


class CompetitionSummaryOut(Schema):
    public_id: str
    name: str
    year: int
    competition_class: str
    class_label: str
    host: str
    host_institution: str | None
    certificate_type: str
    issuing_path: str
    issuing_path_label: str
    case: int
    certificates_issued: int


class EventOut(Schema):
    name: str
    occupation_code: str
    occupation_name: str
    job_type: str
    project_code: str
    team_kind: str
    levels: list[int]
    certificates_issued: int


class CompetitionOut(CompetitionSummaryOut):
    committee_name: str
    authorisation: str | None
    events: list[EventOut]


def _summary(c: Competition) -> dict[str, Any]:
    return {
        "public_id": c.public_id,
        "name": c.name,
        "year": c.year,
        "competition_class": c.competition_class,
        "class_label": str(c.get_competition_class_display()),
        "host": c.host.name,
        "host_institution": c.host.institution.public_id if c.host.institution else None,
        "certificate_type": c.certificate_type,
        "issuing_path": c.issuing_path,
        "issuing_path_label": str(c.get_issuing_path_display()),
        "case": rules.case_number(c.issuing_path, c.competition_class),
        "certificates_issued": getattr(c, "issued", 0),
    }


@router.get("", response=list[CompetitionSummaryOut], url_name="competitions_list")
def list_competitions(request: HttpRequest) -> list[CompetitionSummaryOut]:
    """Approved competitions, newest first (at most 500)."""
    return [CompetitionSummaryOut(**_summary(c)) for c in selectors.public_competitions()[:500]]


@router.get("/{public_id}", response=CompetitionOut, url_name="competitions_detail")
def get_competition(request: HttpRequest, public_id: str) -> CompetitionOut:
    """One approved competition with its events and the certificates issued per event."""
    competition = selectors.get_public(public_id)
    counts = selectors.issued_by_event(competition)
    events = [
        EventOut(
            name=e.name,
            occupation_code=e.occupation_code,
            occupation_name=e.occupation_name,
            job_type=e.job_type,
            project_code=e.project.code if e.project else "",
            team_kind=e.team_kind,
            levels=e.levels,
            certificates_issued=counts.get(e.pk, 0),
        )
        for e in competition.events.select_related("project")
    ]
    authorisation = getattr(competition, "authorisation", None)
    return CompetitionOut(
        **_summary(competition),
        committee_name=competition.committee_name,
        authorisation=authorisation.reference if authorisation else None,
        events=events,
    )
