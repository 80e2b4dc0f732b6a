"""The verification report: separate checks, each ok / failed / unknown, with a code and a bilingual reason.

A reason is kept as a lazy translation plus its parameters, so one report can be
rendered in Chinese and in English (the page in the visitor's language, the API
and the CLI in both or in the one asked for) without checking twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OK = "ok"
FAILED = "failed"
UNKNOWN = "unknown"
LANGUAGES = ("zh-hans", "en")

CHECK_LABELS: dict[str, Promise] = {
    "well_formed": _("Well-formed credential"),
    "signature": _("Signature"),
    "issuer_key": _("Issuer and key valid at issue time"),
    "status": _("Status (revocation and suspension)"),
    "log": _("Included in the transparency log"),
    "dates": _("Validity dates"),
}
CHECK_ORDER = tuple(CHECK_LABELS)


@dataclass(frozen=True)
class Reason:
    """A translatable message and its parameters, rendered in any language on demand."""

    template: Promise | str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        if language is None:
            return self._render()
        with translation.override(language):
            return self._render()

    def _render(self) -> str:
        message = str(self.template)
        return message % self.params if self.params else message

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Check:
    """One line of the report. ``status`` is ok, failed or unknown; ``code`` is machine-readable."""

    name: str
    status: str
    code: str
    reason: Reason

    @property
    def ok(self) -> bool | None:
        """True, False, or None when it could not be checked (templates show green / red / grey)."""
        return {OK: True, FAILED: False}.get(self.status)

    @property
    def label(self) -> str:
        return str(CHECK_LABELS[self.name])

    @property
    def detail(self) -> str:
        return self.reason.text()

    def as_dict(self) -> dict[str, Any]:
        labels = {}
        reasons = {}
        for language in LANGUAGES:
            with translation.override(language):
                labels[language] = str(CHECK_LABELS[self.name])
                reasons[language] = self.reason.text()
        return {
            "check": self.name,
            "status": self.status,
            "code": self.code,
            "label": str(CHECK_LABELS[self.name]),
            "reason": self.reason.text(),
            "labels": labels,
            "reasons": reasons,
        }


def ok(name: str, code: str, template: Promise | str, **params: Any) -> Check:
    return Check(name, OK, code, Reason(template, params))


def failed(name: str, code: str, template: Promise | str, **params: Any) -> Check:
    return Check(name, FAILED, code, Reason(template, params))


def unknown(name: str, code: str, template: Promise | str, **params: Any) -> Check:
    return Check(name, UNKNOWN, code, Reason(template, params))


VALID = "valid"
INVALID = "invalid"
UNCONFIRMED = "unknown"

VERDICT_LABELS: dict[str, Promise] = {
    VALID: _("Valid: every check passed."),
    INVALID: _("Not valid: at least one check failed."),
    UNCONFIRMED: _("Not confirmed: some checks could not be made. Unknown is not valid."),
}
STALE_VERDICT = _(
    "Not confirmed: the status is as of %(as_of)s and may have changed since; check online. Unknown is not valid."
)


def iso_moment(moment: dt.datetime) -> str:
    """ISO 8601 in UTC to the second (``2026-07-01T02:00:00Z``), as in the credentials."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Report:
    """Every check of one credential and the overall verdict (valid only when all are ok)."""

    checks: list[Check]
    credential: dict[str, Any] | None = None
    source: str = "none"
    facts: dict[str, str] = field(default_factory=dict)
    status_as_of: dt.datetime | None = None  # when the status was read: now (live) or the lists' signed date
    status_stale: bool = False  # a copy too old to stand for now (the status check is then unknown)

    @property
    def verdict(self) -> str:
        statuses = {check.status for check in self.checks}
        if statuses == {OK}:
            return VALID
        return INVALID if FAILED in statuses else UNCONFIRMED

    @property
    def is_valid(self) -> bool:
        return self.verdict == VALID

    @property
    def verdict_reason(self) -> Reason:
        """The summary line; when only an old copy of the status stands in the way, it says as of when."""
        status = next((check for check in self.checks if check.name == "status"), None)
        if self.verdict == UNCONFIRMED and status is not None and status.code == "status_stale":
            return Reason(STALE_VERDICT, status.reason.params)
        return Reason(VERDICT_LABELS[self.verdict])

    @property
    def verdict_text(self) -> str:
        return self.verdict_reason.text()

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def as_dict(self) -> dict[str, Any]:
        verdict = self.verdict_reason
        return {
            "verdict": self.verdict,
            "valid": self.is_valid,
            "summary": verdict.text(),
            "summaries": {language: verdict.text(language) for language in LANGUAGES},
            "source": self.source,
            "facts": self.facts,
            "status_as_of": iso_moment(self.status_as_of) if self.status_as_of else None,
            "status_stale": self.status_stale,
            "checks": [check.as_dict() for check in self.checks],
        }
