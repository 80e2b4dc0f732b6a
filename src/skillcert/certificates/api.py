"""Certificate API: the public two-factor query."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from skillcert.api.schemas import ErrorOut
from skillcert.certificates import querylimits, selectors
from skillcert.certificates.choices import CertificateStatus, StatusReason
from skillcert.certificates.models import Certificate
from skillcert.core.errors import InvalidInput
from skillcert.core.ratelimit import check_rate

router = Router(tags=["certificates"])


class QueryIn(Schema):
    name: str = Field(..., min_length=1, max_length=30, description="姓名 as printed on the certificate")
    id_number: str = Field("", max_length=32, description="证件号码; with the name, or leave empty and give the number")
    certificate_number: str = Field("", max_length=32, description="证书编号; optional with an ID number")
    kind: Literal["skill", "special"] = Field(
        "skill", description="skill: 职业技能等级/职业资格; special: 专项职业能力"
    )


class StatusOut(Schema):
    """The certificate's status as the public sees it: the reason is a category, never the staff's own words."""

    status: str = Field(..., description="valid, suspended or revoked")
    changed_at: dt.datetime | None = Field(..., description="when the status last changed (none if never)")
    reason: str = Field(
        ...,
        description="why it was suspended or revoked, as a category code: "
        + ", ".join(StatusReason.values)
        + "; empty while valid",
    )
    reason_label: str = Field(
        ..., description="the category in the request's language (e.g. 考核违规); empty while valid"
    )


def status_out(c: Certificate) -> StatusOut:
    """The public status: the reason category and its label (the staff's own text stays in the back office)."""
    category = c.status_reason_category if c.status != CertificateStatus.VALID else ""
    label = str(StatusReason(category).label) if category in StatusReason.values else ""
    return StatusOut(status=c.status, changed_at=c.status_changed_at, reason=category, reason_label=label)


class CertificateOut(Schema):
    certificate_type: str
    number: str
    name: str
    romanised_name: str
    id_number_masked: str
    occupation_code: str
    occupation_name: str
    job_type: str
    project_code: str
    project_name: str
    level: int | None
    issuer: str
    issuer_on_behalf: str
    issued_on: dt.date
    status: StatusOut


class QueryOut(Schema):
    count: int
    certificates: list[CertificateOut]


def certificate_out(c: Certificate) -> CertificateOut:
    """What the public may see of a certificate: the ID number only masked."""
    return CertificateOut(
        certificate_type=c.certificate_type,
        number=c.number,
        name=c.holder_name,
        romanised_name=c.holder_romanised_name,
        id_number_masked=c.holder.id_number_masked,
        occupation_code=c.occupation_code,
        occupation_name=c.occupation_name,
        job_type=c.job_type,
        project_code=c.project.code if c.project else "",
        project_name=c.project.name if c.project else "",
        level=c.level,
        issuer=c.issuer_name,
        issuer_on_behalf=c.issuer_on_behalf,
        issued_on=c.issued_on,
        status=status_out(c),
    )


@router.post(
    "/query",
    response={200: QueryOut, 422: ErrorOut, 429: ErrorOut},
    url_name="certificates_query",
    summary="Two-factor certificate query",
)
def query(request: HttpRequest, body: QueryIn) -> QueryOut:
    """Name + ID number (certificate number optional), or certificate number + name.

    Both factors must match; an empty answer never says which factor was wrong.
    Rate-limited per client (429 with ``Retry-After``); after repeated queries that found nothing,
    429 ``too_many_failed_queries`` until the window ends (the query page asks for a check instead).
    """
    check_rate(request, "certificate-query")
    querylimits.refuse_api_query(request)
    types = selectors.SKILL_QUERY_TYPES if body.kind == "skill" else selectors.SPECIAL_QUERY_TYPES
    if body.id_number.strip():
        found = selectors.query_by_name_and_id(
            name=body.name, id_number=body.id_number, certificate_number=body.certificate_number, types=types
        )
    elif body.certificate_number.strip():
        found = selectors.query_by_number_and_name(
            certificate_number=body.certificate_number, name=body.name, types=types
        )
    else:
        raise InvalidInput(
            _("Give the ID number, or the certificate number."),
            fields={"id_number": [_("Required without a certificate number.")]},
        )
    querylimits.record_outcome(request, found=bool(found))
    return QueryOut(count=len(found), certificates=[certificate_out(c) for c in found])
