"""The verification report: separate checks, each ok / failed / unknown, with a code and a bilingual reason.

A reason is kept as a lazy translation plus its parameters, so one report can be
rendered in Chinese and in English (the page in the visitor's language, the API
and the CLI in both or in the one asked for) without checking twice.
"""

from __future__ import annotations

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


@dataclass
class Report:
    """Every check of one credential and the overall verdict (valid only when all are ok)."""

    checks: list[Check]
    credential: dict[str, Any] | None = None
    source: str = "none"
    facts: dict[str, str] = field(default_factory=dict)

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
    def verdict_text(self) -> str:
        return str(VERDICT_LABELS[self.verdict])

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def as_dict(self) -> dict[str, Any]:
        verdicts = {}
        for language in LANGUAGES:
            with translation.override(language):
                verdicts[language] = str(VERDICT_LABELS[self.verdict])
        return {
            "verdict": self.verdict,
            "valid": self.is_valid,
            "summary": self.verdict_text,
            "summaries": verdicts,
            "source": self.source,
            "facts": self.facts,
            "checks": [check.as_dict() for check in self.checks],
        }
