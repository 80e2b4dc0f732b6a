"""Catalogue API: ``/api/v1/catalog/occupations``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from skillcert.catalog import selectors
from skillcert.catalog.rules import CertificateTypeAnswer, certificate_types_for
from skillcert.core.params import Offset

router = Router(tags=["catalog"])


class ReasonOut(Schema):
    code: str
    message: str


class QualificationPartOut(Schema):
    name: str
    extent: str
    department: str
    department_unverified: bool


class OccupationSummaryOut(Schema):
    code: str
    name: str
    level: int = Field(description="1 大类, 2 中类, 3 小类, 4 细类 (occupation)")
    major_category: str
    is_new_occupation: bool


class OccupationOut(Schema):
    code: str
    name: str
    major_category: str
    level: int
    certificate_types: list[str]
    reasons: list[ReasonOut]
    qualification_parts: list[QualificationPartOut]


class OccupationPageOut(Schema):
    count: int
    items: list[OccupationSummaryOut]


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=60, description="code prefix, GBM code or part of a name")
    occupations_only: bool = False
    offset: Offset = 0
    limit: int = Field(50, ge=1, le=100)


class DetailParams(Schema):
    job_type: str = Field("", max_length=60, description="工种 or direction, optional")


def _out(answer: CertificateTypeAnswer, level: int) -> OccupationOut:
    return OccupationOut(
        code=answer.code,
        name=answer.name,
        major_category=answer.major_category,
        level=level,
        certificate_types=list(answer.types),
        reasons=[ReasonOut(code=r.code, message=r.message) for r in answer.reasons],
        qualification_parts=[QualificationPartOut(**p.__dict__) for p in answer.qualification_parts],
    )


@router.get("/occupations", response=OccupationPageOut, url_name="catalog_occupations")
def list_occupations(request: HttpRequest, params: Query[SearchParams]) -> OccupationPageOut:
    """Search occupations by code prefix, GBM code or part of a name."""
    hits = selectors.search_occupations(params.q, occupations_only=params.occupations_only)
    window = hits[params.offset : params.offset + params.limit]
    return OccupationPageOut(count=len(hits), items=[OccupationSummaryOut(**h.__dict__) for h in window])


@router.get("/occupations/{code}", response=OccupationOut, url_name="catalog_occupation")
def get_occupation(request: HttpRequest, code: str, params: Query[DetailParams]) -> OccupationOut:
    """One occupation with the certificate types lawful for it and the reasons."""
    answer = certificate_types_for(code, params.job_type)
    entry = selectors.get_occupation(code)
    return _out(answer, entry.level if entry else 4)
