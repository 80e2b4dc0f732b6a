"""Institutions API: the public directory, and token-authenticated reads for institutions' own systems.

- ``GET /api/v1/institutions`` (filters ``q``, ``region``, ``occupation``, ``level``, ``status``; paginated)
- ``GET /api/v1/institutions/{public_id}``
- ``GET /api/v1/institutions/self`` and ``GET /api/v1/institutions/self/may-issue`` with
  ``Authorization: Bearer sci_…`` (``self`` can never be a public id: its letters are outside the id alphabet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from skillcert.core.params import Level, Offset, StrictInt
from skillcert.institutions import selectors
from skillcert.institutions.auth import InstitutionToken
from skillcert.institutions.models import Institution, ScopeRow

router = Router(tags=["institutions"])


class InstitutionSummaryOut(Schema):
    public_id: str
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    status: str
    status_label: str


class ScopeRowOut(Schema):
    occupation_code: str
    occupation_name: str
    job_type: str
    levels: list[int] = Field(description="1 高级技师 … 5 初级")
    valid_from: dt.date
    valid_until: dt.date | None


class InstitutionOut(InstitutionSummaryOut):
    credit_code: str
    address: str
    contact_person: str
    contact_phone: str
    contact_email: str
    record_number: str
    record_valid_from: dt.date | None
    record_valid_until: dt.date | None
    status_reason: str = Field(description="the reason given for the last status change")
    status_changed_at: dt.datetime | None
    scope: list[ScopeRowOut]


class OwnInstitutionOut(InstitutionOut):
    number_letter: str
    institution_code: str
    site_serial: str


class InstitutionPageOut(Schema):
    count: int
    items: list[InstitutionSummaryOut]


class DirectoryParams(Schema):
    q: str = Field("", max_length=60, description="part of the institution's name")
    region: str = Field("", max_length=16, description="市(州) code (510100) or name (成都市)")
    occupation: str = Field("", max_length=60, description="occupation code prefix or part of a name")
    level: Level | None = None
    status: str = Field("", max_length=16, description="active, suspended, revoked or expired")
    offset: Offset = 0
    limit: StrictInt = Field(20, ge=1, le=100)


class MayIssueParams(Schema):
    occupation_code: str = Field(..., min_length=1, max_length=16)
    level: Level
    job_type: str = Field("", max_length=60)
    on_date: dt.date | None = Field(None, description="defaults to today")


class DecisionOut(Schema):
    allowed: bool
    code: str
    message: str


def summary(institution: Institution) -> InstitutionSummaryOut:
    return InstitutionSummaryOut(**_summary_fields(institution))


def _summary_fields(institution: Institution) -> dict[str, Any]:
    return {
        "public_id": institution.public_id,
        "name": institution.name,
        "kind": institution.kind,
        "kind_label": str(institution.get_kind_display()),
        "region_code": institution.region.code,
        "region_name": institution.region.name,
        "status": institution.status,
        "status_label": str(institution.get_status_display()),
    }


def _row(row: ScopeRow) -> ScopeRowOut:
    return ScopeRowOut(
        occupation_code=row.occupation_code,
        occupation_name=row.occupation_name,
        job_type=row.job_type,
        levels=row.level_list,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )


def _detail_fields(institution: Institution) -> dict[str, Any]:
    names = ["credit_code", "address", "contact_person", "contact_phone", "contact_email", "record_number"]
    names += ["record_valid_from", "record_valid_until", "status_reason", "status_changed_at"]
    return {
        **_summary_fields(institution),
        **{name: getattr(institution, name) for name in names},
        "scope": [_row(r) for r in selectors.live_scope_rows(institution)],
    }


@router.get("", response=InstitutionPageOut, url_name="institutions_list")
def list_institutions(request: HttpRequest, params: Query[DirectoryParams]) -> InstitutionPageOut:
    """Search recorded evaluation institutions (suspended, revoked and expired ones are listed with their status)."""
    query = selectors.DirectoryQuery(params.q, params.region, params.occupation, params.level, params.status)
    found = selectors.search_directory(query)
    window = found[params.offset : params.offset + params.limit]
    return InstitutionPageOut(count=found.count(), items=[summary(i) for i in window])


@router.get("/self", response=OwnInstitutionOut, auth=InstitutionToken(), url_name="institutions_self")
def own_institution(request: HttpRequest) -> OwnInstitutionOut:
    """The token's own institution, with the codes it uses in certificate numbers."""
    institution: Institution = request.auth  # type: ignore[attr-defined]
    return OwnInstitutionOut(
        **_detail_fields(institution),
        number_letter=institution.number_letter,
        institution_code=institution.institution_code,
        site_serial=institution.site_serial,
    )


@router.get("/self/may-issue", response=DecisionOut, auth=InstitutionToken(), url_name="institutions_self_may_issue")
def own_may_issue(request: HttpRequest, params: Query[MayIssueParams]) -> DecisionOut:
    """Ask whether the token's institution may issue this occupation and level on a date (default today)."""
    decision = selectors.may_issue(
        institution=request.auth,  # type: ignore[attr-defined]
        occupation_code=params.occupation_code,
        level=params.level,
        on_date=params.on_date or timezone.localdate(),
        job_type=params.job_type,
    )
    return DecisionOut(allowed=decision.allowed, code=decision.code, message=decision.message)


@router.get("/{public_id}", response=InstitutionOut, url_name="institutions_detail")
def get_institution(request: HttpRequest, public_id: str) -> InstitutionOut:
    """One recorded institution with contacts and its scope rows."""
    return InstitutionOut(**_detail_fields(selectors.get_public(public_id)))
