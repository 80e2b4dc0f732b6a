"""``POST /api/v1/verify``: the verification report of a credential or bundle, against this registry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from skillcert.core.errors import DomainError, InvalidInput
from skillcert.core.ratelimit import check_rate
from skillcert.verification.sources import LiveSource
from skillcert.verification.verifier import MAX_INPUT_BYTES, verify

router = Router(tags=["verification"])
VERIFY_RATE = "60/m"


class TooLarge(DomainError):
    status_code = 413
    code = "too_large"


class CheckOut(Schema):
    check: str
    status: str
    code: str
    label: str
    reason: str
    labels: dict[str, str]
    reasons: dict[str, str]


class ReportOut(Schema):
    verdict: str
    valid: bool
    summary: str
    summaries: dict[str, str]
    source: str
    facts: dict[str, str]
    status_as_of: str | None = Field(
        description="ISO 8601: when the status was read — now for this registry's live lists, else the lists' "
        "signed date; null when the status could not be read"
    )
    status_stale: bool = Field(description="the status lists are older than their ttl: the status check is unknown")
    checks: list[CheckOut]


BODY = {
    "requestBody": {
        "required": True,
        "description": "A credential or a verification bundle, as JSON (at most 1 MiB).",
        # Any JSON: what is not a credential or bundle is a report with a failed check, not a 422.
        "content": {"application/json": {"schema": {}}},
    }
}


@router.post("", response=ReportOut, url_name="verify", openapi_extra=BODY)
def verify_credential(request: HttpRequest) -> Any:
    """Every check on its own (ok / failed / unknown) with reasons in Chinese and English; valid only if all ok.

    Malformed JSON, unknown contexts, a wrong cryptosuite and the like are failed checks in a
    200 answer; an empty body is refused (422) and a body above 1 MiB is refused unread (413).
    """
    check_rate(request, "verify-api", VERIFY_RATE)
    too_large = TooLarge(
        _("The body is larger than %(limit)s KiB; it was not read.") % {"limit": MAX_INPUT_BYTES // 1024}
    )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_INPUT_BYTES:
        raise too_large
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise too_large from exc
    if not body.strip():
        raise InvalidInput(
            _("Send a credential or a bundle as the JSON body."), fields={"body": [_("This field is required.")]}
        )
    return verify(body, LiveSource()).as_dict()
