"""Reads of the institution registry that other apps, the pages and the API use.

:func:`may_issue` is the one answer to "may institution X issue occupation O at
level L on date D?"; every issuing path calls it. Back-office rows are narrowed by
``Institution.objects.restrict(user, action)`` (``institutions/models.py``), so an
institution operator never reads another institution's rows, whatever id it guesses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.catalog.models import Region
from skillcert.catalog.rules import certificate_types_for
from skillcert.catalog.selectors import looks_like_code
from skillcert.core.changelog import history
from skillcert.core.errors import InvalidInput, NotFound
from skillcert.core.models import ChangeLogEntry
from skillcert.core.querysets import VIEW
from skillcert.institutions.choices import InstitutionStatus
from skillcert.institutions.models import Institution, InstitutionApiToken, ScopeRow, institution_of

OBJECT_TYPE = "institutions.institution"


# ---------------------------------------------------------------------------
# May this institution issue?
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueDecision:
    """The answer of :func:`may_issue`: a stable ``code`` for machines and a ``message`` in the active language."""

    allowed: bool
    code: str
    message: str


def may_issue(
    *, institution: Institution, occupation_code: str, level: int, on_date: dt.date, job_type: str = ""
) -> IssueDecision:
    """Decide whether ``institution`` may issue a 职业技能等级证书 for this occupation, 工种 and level on ``on_date``.

    Codes: ``allowed``, ``not_active``, ``record_expired``, ``invalid_level``,
    ``unknown_occupation``, ``occupation_not_skill_level``, ``outside_scope``,
    ``level_not_covered``, ``scope_not_yet_valid``, ``scope_expired``.
    """
    job_type = job_type.strip()
    # Read the record afresh: the caller's object may predate a suspension made a moment ago.
    institution = Institution.objects.get(pk=institution.pk)
    for check in (_check_record, _check_level):
        refusal = check(institution, level, on_date)
        if refusal:
            return refusal
    refusal = _check_rule(occupation_code, job_type)
    if refusal:
        return refusal
    return _check_scope(institution, occupation_code, job_type, level, on_date)


def _no(code: str, message: str) -> IssueDecision:
    return IssueDecision(False, code, message)


def _check_record(institution: Institution, level: int, on_date: dt.date) -> IssueDecision | None:
    if institution.status != InstitutionStatus.ACTIVE:
        return _no(
            "not_active",
            _("The record of %(name)s is %(status)s: it may not issue skill level certificates.")
            % {"name": institution.name, "status": institution.get_status_display()},
        )
    if institution.record_valid_from and on_date < institution.record_valid_from:
        return _no(
            "not_active",
            _("The record of %(name)s took effect on %(date)s, after %(day)s.")
            % {"name": institution.name, "date": institution.record_valid_from, "day": on_date},
        )
    if institution.record_valid_until and on_date > institution.record_valid_until:
        return _no(
            "record_expired",
            _("The record of %(name)s expired on %(date)s.")
            % {"name": institution.name, "date": institution.record_valid_until},
        )
    return None


def _check_level(institution: Institution, level: int, on_date: dt.date) -> IssueDecision | None:
    if level not in SkillLevel.values:
        return _no("invalid_level", _("The level must be between 1 and 5."))
    return None


def _check_rule(occupation_code: str, job_type: str) -> IssueDecision | None:
    try:
        answer = certificate_types_for(occupation_code, job_type)
    except NotFound as exc:
        return _no("unknown_occupation", str(exc.message))
    if not answer.allows(CertificateType.SKILL_LEVEL):
        return _no("occupation_not_skill_level", answer.refusal(CertificateType.SKILL_LEVEL))
    return None


def _check_scope(
    institution: Institution, occupation_code: str, job_type: str, level: int, on_date: dt.date
) -> IssueDecision:
    rows = [r for r in live_scope_rows(institution) if r.occupation_code == occupation_code]
    matching = [r for r in rows if r.job_type in ("", job_type)]
    if not matching:
        return _no("outside_scope", _outside_scope_message(institution, occupation_code, job_type, rows))
    with_level = [r for r in matching if level in r.levels]
    if not with_level:
        covered = sorted(set().union(*(r.levels for r in matching)))
        return _no(
            "level_not_covered",
            _("The record of %(name)s covers %(occupation)s only at %(levels)s, not at %(level)s.")
            % {
                "name": institution.name,
                "occupation": matching[0].occupation_name,
                "levels": _(", ").join(str(SkillLevel(n).label) for n in covered),
                "level": SkillLevel(level).label,
            },
        )
    if any(r.valid_on(on_date) for r in with_level):
        return IssueDecision(True, "allowed", _("Inside the institution's recorded scope."))
    if all(on_date < r.valid_from for r in with_level):
        return _no(
            "scope_not_yet_valid",
            _("The scope row for %(occupation)s takes effect on %(date)s.")
            % {"occupation": with_level[0].occupation_name, "date": min(r.valid_from for r in with_level)},
        )
    return _no(
        "scope_expired",
        _("The scope row for %(occupation)s ended on %(date)s.")
        % {"occupation": with_level[0].occupation_name, "date": max(r.valid_until or on_date for r in with_level)},
    )


def _outside_scope_message(institution: Institution, code: str, job_type: str, rows: list[ScopeRow]) -> str:
    if rows:  # the occupation is recorded, but only for other 工种
        return _("The record of %(name)s covers %(code)s only for the job types %(job_types)s.") % {
            "name": institution.name,
            "code": code,
            "job_types": _(", ").join(r.job_type for r in rows),
        }
    return _("The occupation %(code)s is outside the recorded scope of %(name)s.") % {
        "code": code,
        "name": institution.name,
    }


# ---------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------
def institution_for_user(user: Any) -> Institution | None:
    """The one institution an operator account is linked to, or ``None``."""
    return institution_of(user)


def can_manage(user: Any) -> bool:
    """Centre staff: record, suspend, revoke, edit scope."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("core.manage_institutions"))


def can_review(user: Any) -> bool:
    """Centre staff (every institution) and city bureaus (their own 市(州)'s): read back-office records."""
    return can_manage(user) or bool(
        getattr(user, "is_authenticated", False) and user.has_perm("core.review_regional_institutions")
    )


def get_for_user(user: Any, public_id: str, action: str = VIEW) -> Institution:
    """One institution the user may ``view`` or ``change``, or :class:`NotFound` (never "exists but forbidden")."""
    institution = (
        Institution.objects.restrict(user, action).select_related("region").filter(public_id=public_id).first()
    )
    if institution is None:
        raise NotFound(_("No evaluation institution with this id is open to you."))
    return institution


# ---------------------------------------------------------------------------
# Scope, history, tokens
# ---------------------------------------------------------------------------
def live_scope_rows(institution: Institution) -> list[ScopeRow]:
    """The rows not withdrawn, in occupation order."""
    return list(institution.scope_rows.filter(withdrawn_on__isnull=True).order_by("occupation_code", "job_type"))


def all_scope_rows(institution: Institution) -> QuerySet[ScopeRow]:
    """Every row, withdrawn ones included (back office)."""
    return institution.scope_rows.order_by("withdrawn_on", "occupation_code", "job_type")


def institution_history(institution: Institution) -> QuerySet[ChangeLogEntry]:
    """The change log of one institution (record, lifecycle, scope, operators, tokens), newest first."""
    return history(OBJECT_TYPE, institution.public_id)


def tokens_for(institution: Institution) -> QuerySet[InstitutionApiToken]:
    """The institution's API tokens, newest first."""
    return institution.api_tokens.select_related("created_by", "revoked_by").order_by("-created_at")


# ---------------------------------------------------------------------------
# The public directory
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DirectoryQuery:
    """Filters of the public directory and ``GET /api/v1/institutions``; empty values do not filter."""

    q: str = ""
    region: str = ""
    occupation: str = ""
    level: int | None = None
    status: str = ""


def find_region(value: str) -> Region:
    """A 市(州) by its six-digit code or its name; :class:`InvalidInput` when there is none."""
    value = value.strip()
    region = Region.objects.filter(Q(code=value) | Q(name=value)).first()
    if region is None:
        message = _("No city or prefecture of Sichuan is called %(value)s.") % {"value": value}
        raise InvalidInput(message, code="unknown_region", fields={"region": [message]})
    return region


def search_directory(query: DirectoryQuery, *, include_applications: bool = False) -> QuerySet[Institution]:
    """Institutions matching every given filter, by region and name; applications only for the back office."""
    found = Institution.objects.select_related("region")
    if not include_applications:
        found = found.exclude(status=InstitutionStatus.APPLIED)
    if query.q.strip():
        found = found.filter(name__icontains=query.q.strip())
    if query.region.strip():
        found = found.filter(region=find_region(query.region))
    if query.status:
        if query.status not in InstitutionStatus.values or query.status == InstitutionStatus.APPLIED:
            message = _("Unknown status %(value)s.") % {"value": query.status}
            raise InvalidInput(message, code="unknown_status", fields={"status": [message]})
        found = found.filter(status=query.status)
    rows = _scope_filter(query)
    if rows is not None:
        found = found.filter(Exists(rows.filter(institution=OuterRef("pk"))))
    return found.order_by("region__code", "name", "pk")


def _scope_filter(query: DirectoryQuery) -> QuerySet[ScopeRow] | None:
    occupation = query.occupation.strip()
    if not occupation and query.level is None:
        return None
    rows = ScopeRow.objects.filter(withdrawn_on__isnull=True)
    if occupation:
        if looks_like_code(occupation):
            rows = rows.filter(occupation_code__istartswith=occupation)
        else:
            rows = rows.filter(Q(occupation_name__icontains=occupation) | Q(job_type__icontains=occupation))
    if query.level is not None:
        if query.level not in SkillLevel.values:
            message = _("The level must be between 1 and 5.")
            raise InvalidInput(message, code="invalid_level", fields={"level": [message]})
        rows = rows.filter(level_digits__contains=str(query.level))
    return rows


def get_public(public_id: str) -> Institution:
    """One institution for the public pages and API (suspended and revoked ones included)."""
    institution = (
        Institution.objects.exclude(status=InstitutionStatus.APPLIED)
        .select_related("region")
        .filter(public_id=public_id)
        .first()
    )
    if institution is None:
        raise NotFound(_("No recorded evaluation institution has the id %(id)s.") % {"id": public_id})
    return institution


def token_of(institution: Institution, public_id: str) -> InstitutionApiToken:
    """One token of ``institution`` by its public id, or :class:`NotFound`."""
    token = institution.api_tokens.select_related("institution").filter(public_id=public_id).first()
    if token is None:
        raise NotFound(_("No such API token."))
    return token


def scope_occupations(institution: Institution) -> list[tuple[str, str]]:
    """The distinct occupations (code, name) in the institution's live scope, in code order (for choosers)."""
    seen: dict[str, str] = {}
    for row in live_scope_rows(institution):
        seen.setdefault(row.occupation_code, row.occupation_name)
    return list(seen.items())
