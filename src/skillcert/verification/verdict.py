"""One plain answer from a verification report, for people scanning a QR code or pasting a credential.

The report keeps every check separately (for the API, the CLI and the "技术详情" section);
a person first needs one word: 有效, 已撤销（日期）, 已暂停, 无法确认 or 内容被篡改. This
module derives that word from the report (and, on the registry's own pages, the
certificate's record) in one place, so every page gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.verification.report import FAILED, OK, Report

VALID = "valid"
REVOKED = "revoked"
SUSPENDED = "suspended"
UNCONFIRMED = "unconfirmed"
TAMPERED = "tampered"

WORDS: dict[str, Promise] = {
    VALID: pgettext_lazy("verdict", "Valid"),
    REVOKED: pgettext_lazy("verdict", "Revoked"),
    SUSPENDED: pgettext_lazy("verdict", "Suspended"),
    UNCONFIRMED: pgettext_lazy("verdict", "Cannot be confirmed"),
    TAMPERED: pgettext_lazy("verdict", "Content altered"),
}
EXPLANATIONS: dict[str, Promise] = {
    VALID: _("Issued by the issuer named below and neither revoked nor suspended. Compare it with the paper."),
    REVOKED: _("The issuer has revoked this certificate. It no longer proves the skill level."),
    SUSPENDED: _("The issuer has suspended this certificate for now. Do not rely on it until it is reinstated."),
    UNCONFIRMED: _(
        "Not every check could be made, so this certificate cannot be confirmed. "
        "This is not a sign of forgery by itself; check again online or ask the issuer."
    ),
    TAMPERED: _(
        "The content does not match what the issuer signed: it was altered after issue. "
        "Do not rely on any of its data; ask the holder and the issuer."
    ),
}
# Checks whose failure means the data itself cannot be believed: who signed it and what it says.
TAMPER_CHECKS = ("signature", "issuer_key")
TAMPER_LOG_CODES = ("different_credential",)


@dataclass(frozen=True)
class Verdict:
    """The one answer: its kind (a CSS and test hook), the word, its date when revoked, a sentence."""

    kind: str
    date: dt.date | None = None

    @property
    def word(self) -> str:
        return str(WORDS[self.kind])

    @property
    def explanation(self) -> str:
        return str(EXPLANATIONS[self.kind])

    @property
    def trusted(self) -> bool:
        """Whether the data may be shown as facts (never when the content was altered)."""
        return self.kind != TAMPERED

    @property
    def good(self) -> bool:
        return self.kind == VALID


def _tampered(report: Report) -> bool:
    for check in report.checks:
        if check.name in TAMPER_CHECKS and check.status == FAILED:
            return True
        if check.name == "log" and check.code in TAMPER_LOG_CODES:
            return True
    return False


def _status_code(report: Report) -> str | None:
    return next((check.code for check in report.checks if check.name == "status"), None)


def verdict_of(report: Report | None, certificate: Any = None) -> Verdict:
    """The verdict, worst first: altered content, revoked, suspended, anything unchecked or failed, else valid.

    ``certificate`` is the registry's record when the page has one (the QR page, the code
    page): its status and status date stand even for an imported record without a credential.
    """
    record_status = getattr(certificate, "status", None)
    changed = getattr(certificate, "status_changed_at", None)
    changed_on = timezone.localtime(changed).date() if isinstance(changed, dt.datetime) else None
    if report is not None and _tampered(report):
        return Verdict(TAMPERED)
    status_code = _status_code(report) if report is not None else None
    if record_status == REVOKED or status_code == "revoked":
        return Verdict(REVOKED, changed_on if record_status == REVOKED else None)
    if record_status == SUSPENDED or status_code == "suspended":
        return Verdict(SUSPENDED, changed_on if record_status == SUSPENDED else None)
    if report is None:
        return Verdict(VALID if record_status == VALID else UNCONFIRMED)
    if {check.status for check in report.checks} != {OK}:
        return Verdict(UNCONFIRMED)
    return Verdict(VALID)


def paper_of_certificate(certificate: Any) -> dict[str, str]:
    """What the paper must show, from the registry's record (the ID number masked)."""
    if certificate.project_id:
        occupation = certificate.project.name
    else:
        occupation = certificate.occupation_name + (f"（{certificate.job_type}）" if certificate.job_type else "")
    issuer = certificate.issuer_name + (f" / {certificate.issuer_on_behalf}" if certificate.issuer_on_behalf else "")
    name = " ".join(part for part in (certificate.holder_name, certificate.holder_romanised_name) if part)
    return {
        "name": name,
        "number": certificate.number,
        "occupation": occupation,
        "level": str(certificate.get_level_display()) if certificate.level else "",
        "issuer": issuer,
        "issued_on": certificate.issued_on.strftime("%Y-%m-%d"),
        "id_masked": certificate.holder.id_number_masked,
    }


def paper_of_facts(facts: dict[str, str]) -> dict[str, str]:
    """What the paper must show, from the credential's own claims (only shown when its signature holds)."""
    keys = {"name": "name", "number": "number", "occupation": "achievement", "level": "level", "issuer": "issuer"}
    paper = {mine: facts[theirs] for mine, theirs in keys.items() if facts.get(theirs)}
    if paper and facts.get("awarded"):
        paper["issued_on"] = facts["awarded"]
    return paper


def verdict_context(report: Report | None, certificate: Any = None) -> dict[str, Any]:
    """Template context for ``verification/_report.html``: the verdict and, when trusted, the paper's facts."""
    verdict = verdict_of(report, certificate)
    if not verdict.trusted:
        paper: dict[str, str] = {}
    elif certificate is not None:
        paper = paper_of_certificate(certificate)
    else:
        paper = paper_of_facts(report.facts if report is not None else {})
    return {"verdict": verdict, "paper": paper, "report": report}
