"""Catalogue API: ``/api/v1/catalog/occupations``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from skillcert.catalog import selectors
from skillcert.catalog.rules import CertificateTypeAnswer, certificate_types_for
from skillcert.core.params import Offset, StrictInt

router = Router(tags=["catalog"])


class ReasonOut(Schema):
    code: str
    message: str


class QualificationPartOut(Schema):
    name: str = Field(description="the part of the occupation covered, or the catalogue entry when it covers the whole")
    extent: str = Field(description="whole or part")
    department: str = Field(description="implementing departments, clean names joined by 、")
    department_unverified: bool = Field(description="no source read for the project names the department")
    qualification: str = Field("", description="the catalogue entry, e.g. 护士执业资格 or 医生资格（医师）")
    qualification_name_unverified: bool = Field(False, description="the source could not confirm the group name")
    professional: bool = Field(False, description="true for the 59 professional-technical items, false for skill items")
    access_class: str = Field("", description="准入类, 水平评价类, or empty where not verified")
    mapping_unverified: bool = Field(False, description="no source ties this entry to this occupation")
    unverified_reason: str = Field("", description="why the mapping is unverified (Chinese)")
    source: str = Field("", description="the source of the mapping")


class AliasMatchOut(Schema):
    name: str = Field(description="the other name the query matched, e.g. 育婴员")
    kind: str = Field(description="former_name (曾用名), job_type (工种) or alias (又称)")
    kind_label: str = Field(description="the kind in the request language")
    source: str = Field(description="the document that ties the name to the occupation")
    source_year: int | None = Field(None, description="the year of that document, where it gives one")
    source_url: str = Field("", description="where the document was read")
    verified: bool = Field(description="false where no source states the link in so many words")
    unverified_reason: str = Field("", description="why the link is unverified (Chinese)")


MATCH_DESCRIPTION = (
    "how the result matched, best first (results come in this order, then by code): code (exact code or GBM "
    "code), name (exact name), name_prefix, alias (a former name, 工种 or other name), substring, other "
    "(under the code prefix typed)"
)


class OccupationSummaryOut(Schema):
    code: str
    name: str
    level: int = Field(description="1 大类, 2 中类, 3 小类, 4 细类 (occupation)")
    major_category: str
    is_new_occupation: bool
    match: str = Field(description=MATCH_DESCRIPTION)
    matched_alias: AliasMatchOut | None = Field(None, description="the other name found, when match is alias")


REASON_CODES = """Reason codes (stable; messages follow the request language):
`professional_qualification` — the occupation is covered by a professional-technical qualification of the
国家职业资格目录（2021年版）(name, 准入类/水平评价类, department): only that 职业资格证书, never a 职业技能等级证书;
`in_qualification_catalogue` — the same for a skill item of the catalogue (e.g. 保安员);
`partly_professional_qualification` / `partly_in_qualification_catalogue` — the catalogue covers a named part;
`job_type_in_qualification_catalogue` — the 工种 asked for is that part;
`outside_catalogue_category_3_6` — outside the catalogue in major categories 3–6: 职业技能等级证书;
`category_1_not_skill`, `category_2_not_skill`, `category_7_not_skill`, `category_8_not_skill` — no skill certificate;
`published_new_occupation` — a note on an occupation published as new by 人社部;
`new_skill_occupation`, `new_occupation_technical` — a new occupation classed by its official code's major category;
`new_occupation_unclassified` — a published new occupation whose code no source gives: nothing can be confirmed;
`new_occupation_not_published` — still in public comment;
`special_ability_project`, `special_ability_project_retired` — the code is a 专项职业能力 assessment project;
`not_an_occupation` — a category code, not an occupation."""


class OccupationOut(Schema):
    code: str
    name: str
    major_category: str
    level: int
    certificate_types: list[str] = Field(description="qualification, skill_level and/or special_ability")
    reasons: list[ReasonOut] = Field(description=REASON_CODES)
    qualification_parts: list[QualificationPartOut]


class OccupationPageOut(Schema):
    count: int
    items: list[OccupationSummaryOut]


class SearchParams(Schema):
    q: str = Field(
        ..., min_length=1, max_length=60, description="code prefix, GBM code, part of a name, or a former name or 工种"
    )
    occupations_only: bool = False
    offset: Offset = 0
    limit: StrictInt = Field(50, ge=1, le=100)


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
    """Search occupations by code, name, part of a name, or a former name or 工种: exact matches first."""
    hits = selectors.search_occupations(params.q, occupations_only=params.occupations_only)
    window = hits[params.offset : params.offset + params.limit]
    return OccupationPageOut(
        count=_count(hits, window, params.offset, params.limit), items=[_summary(h) for h in window]
    )


def _count(hits: selectors.OccupationResults, window: list[selectors.OccupationHit], offset: int, limit: int) -> int:
    """The number of results; a window that is not full already tells it, without a second query.

    Most searches find fewer results than one page holds: counting them again in SQL cost as much
    as finding them (the union is compiled and run twice).
    """
    if len(window) < limit and (window or offset == 0):
        return offset + len(window)
    return hits.count()


def _summary(hit: selectors.OccupationHit) -> OccupationSummaryOut:
    alias = hit.matched_alias
    return OccupationSummaryOut(
        **{name: value for name, value in hit.__dict__.items() if name != "matched_alias"},
        matched_alias=AliasMatchOut(**alias.__dict__) if alias else None,
    )


@router.get("/occupations/{code}", response=OccupationOut, url_name="catalog_occupation", description=REASON_CODES)
def get_occupation(request: HttpRequest, code: str, params: Query[DetailParams]) -> OccupationOut:
    """One occupation (or 专项 project) with the certificate types lawful for it and the reasons."""
    answer = certificate_types_for(code, params.job_type)
    entry = selectors.get_occupation(code)
    return _out(answer, entry.level if entry else 4)
