"""Certificate states, their allowed transitions, and where a certificate came from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.transitions import Move, move


class CertificateStatus(models.TextChoices):
    """A certificate is never deleted: it is valid, suspended or revoked, with a reason and a date."""

    VALID = "valid", _("valid")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


# action → (statuses it may start from, status it leads to); everything else is refused.
TRANSITIONS: dict[str, Move] = {
    "suspend": move({CertificateStatus.VALID}, CertificateStatus.SUSPENDED),
    "reinstate": move({CertificateStatus.SUSPENDED}, CertificateStatus.VALID),
    "revoke": move({CertificateStatus.VALID, CertificateStatus.SUSPENDED}, CertificateStatus.REVOKED),
}


class CertificateSource(models.TextChoices):
    """How the certificate entered the registry."""

    ASSESSMENT = "assessment", _("assessment batch")
    MANUAL = "manual", _("issued by hand")
    COMPETITION = "competition", _("competition award")
    LEGACY = "legacy", _("legacy import")
    REISSUE = "reissue", _("reissue (correction)")


class StatusReason(models.TextChoices):
    """Why a certificate was revoked or suspended, as the public sees it.

    Staff also write the full reason in their own words (``Certificate.status_reason``): that text
    names what happened to a person ("the candidate sent a substitute to the practical exam") and
    stays in the back office. Public pages, the PDF stamp, the API and the credential status show
    only this category.
    """

    MISCONDUCT = "misconduct", _("irregularity in the assessment")
    FALSE_MATERIALS = "false_materials", _("obtained with false materials")
    ISSUED_IN_ERROR = "issued_in_error", _("issued in error or with wrong details")
    HOLDER_REQUEST = "holder_request", _("at the holder's request")
    INSTITUTION_WITHDRAWN = "institution_withdrawn", _("the institution's right to issue was withdrawn")
    UNDER_REVIEW = "under_review", _("under review")
    OTHER = "other", _("other reasons")


class EvaluationStandard(models.TextChoices):
    """What a certificate (and its batch) was evaluated against; the code names the standard or specification.

    A 职业技能等级证书 follows the 国家职业技能标准 of its occupation, or, where there is none, an
    行业企业评价规范 (with its code); a 专项职业能力证书 follows its project's 专项考核规范; a
    职业资格证书 the 国家职业技能标准.
    """

    NATIONAL = "national_standard", _("National occupational skill standard")
    INDUSTRY = "industry_specification", _("Industry or enterprise evaluation specification")
    SPECIAL = "special_specification", _("Special ability assessment specification")


# The standard's name as printed and signed (fixed data, not interface text: a credential never depends on the
# language of the request that issued it).
STANDARD_NAMES_ZH: dict[str, str] = {
    EvaluationStandard.NATIONAL: "国家职业技能标准",
    EvaluationStandard.INDUSTRY: "行业企业评价规范",
    EvaluationStandard.SPECIAL: "专项考核规范",
}
