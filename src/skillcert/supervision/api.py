"""Claim checker API: ``POST /api/v1/claims/check`` (public, rate-limited, size-limited input)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from skillcert.api.schemas import ErrorOut
from skillcert.core.ratelimit import check_rate
from skillcert.supervision import claims
from skillcert.supervision.views import CLAIM_RATE

router = Router(tags=["supervision"])


class ClaimCheckIn(Schema):
    text: str = Field(
        ...,
        min_length=1,
        max_length=claims.MAX_TEXT_CHARS,
        description="广告、课程介绍或证书文字 (at most 10,000 characters)",
    )


class FindingOut(Schema):
    rule: str
    title: str
    start: int = Field(..., description="offset of the claim in the text (characters)")
    end: int
    excerpt: str
    message: str
    notice_words: str = Field(..., description="the words of the notice behind the rule (Chinese, quoted)")
    complaint_category: str
    institution_id: str
    certificate_number: str


class ClaimCheckOut(Schema):
    count: int
    findings: list[FindingOut]
    unchecked_numbers: list[str] = Field(
        ..., description="certificate numbers past the first five of the text, not looked up"
    )
    unchecked_message: str = Field(..., description="why those numbers were not checked (empty when none)")


@router.post(
    "/check",
    response={200: ClaimCheckOut, 422: ErrorOut, 429: ErrorOut},
    url_name="claims_check",
    summary="Check an advertisement or certificate text for suspicious claims",
)
def check(request: HttpRequest, body: ClaimCheckIn) -> ClaimCheckOut:
    """Each finding names its rule, where it is in the text, why, and the notice's words.

    Rate-limited per client (429 with ``Retry-After``); each certificate number looked up (at
    most five per text) counts as one public certificate query of the client. A number's
    status is never told here. Messages follow ``Accept-Language``.
    """
    check_rate(request, "claim-check", CLAIM_RATE)
    lookups = claims.numbers_to_check(body.text)
    if lookups:
        check_rate(request, "certificate-query", cost=lookups)
    result = claims.check_text(body.text)
    findings = [
        FindingOut(
            rule=f.code,
            title=str(f.rule.title),
            start=f.start,
            end=f.end,
            excerpt=f.excerpt,
            message=f.message,
            notice_words=f.rule.notice_words,
            complaint_category=f.rule.category,
            institution_id=f.institution_id,
            certificate_number=f.certificate_number,
        )
        for f in result.findings
    ]
    return ClaimCheckOut(
        count=len(findings),
        findings=findings,
        unchecked_numbers=result.unchecked_numbers,
        unchecked_message=result.unchecked_message,
    )
