"""Every state change of an institution's record, scope, operators and API tokens.

Each service is one use case in one transaction: it checks who acts and
whether the change is allowed, validates, saves and writes the change log
(object ``institutions.institution:<public id>``, so one history shows the
record, its lifecycle, scope, operators and tokens). Nobody else assigns
``status``. ``actor=None`` means the system (CLI, demo, scheduled expiry).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.catalog.models import Region
from skillcert.catalog.rules import certificate_types_for
from skillcert.core import transitions
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor, user_or_none
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed, NotFound, PermissionDenied
from skillcert.core.jcs import jcs_sha256
from skillcert.institutions.choices import (
    LIVE_STATUSES,
    TRANSITIONS,
    InstitutionKind,
    InstitutionStatus,
    NumberLetter,
    Transition,
)
from skillcert.institutions.creditcode import validate_credit_code
from skillcert.institutions.models import Institution, InstitutionApiToken, InstitutionOperator, ScopeRow
from skillcert.institutions.selectors import OBJECT_TYPE, can_manage, institution_for_user

RECORD_FIELDS = ["name", "credit_code", "kind", "number_letter_override", "region", "address"]
CONTACT_FIELDS = ["address", "contact_person", "contact_phone", "contact_email"]
STATUS_FIELDS = ["status", "status_reason", "record_number", "institution_code", "site_serial"]
VALIDITY_FIELDS = ["record_valid_from", "record_valid_until"]
SCOPE_FIELDS = ["occupation_code", "occupation_name", "job_type", "level_digits", "valid_from", "valid_until"]
TOKEN_PREFIX = "sci_"  # noqa: S105 (the visible start of every token, not a secret)
TOKEN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8  # "sci_" + 8 hex digits, the part shown in lists
_PHONE_RE = re.compile(r"^[0-9+()\- ]{5,40}$")


# ---------------------------------------------------------------------------
# Checks shared by the services
# ---------------------------------------------------------------------------
def _require_manager(actor: Actor) -> None:
    if actor is not None and not can_manage(actor):
        raise PermissionDenied(_("Only the provincial centre records, suspends and revokes evaluation institutions."))


def _require_own_or_manager(actor: Actor, institution: Institution) -> None:
    if actor is None or can_manage(actor):
        return
    if actor.has_perm("core.operate_institution") and institution_for_user(actor) == institution:
        return
    raise PermissionDenied(_("You may only change your own institution."))


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        message = _("Give the reason for this change; it is kept in the institution's history.")
        raise InvalidInput(message, code="reason_required", fields={"reason": [message]})
    return reason


def _invalid(field: str, message: str, code: str = "invalid_input") -> InvalidInput:
    return InvalidInput(message, code=code, fields={field: [message]})


def _log(institution: Institution, action: str, before: Any, after: Any, reason: str, actor: Actor) -> None:
    """Every record change goes to the internal change log and, as hashes only, to the public log."""
    record_change(
        action=action,
        object_type=OBJECT_TYPE,
        object_id=institution.public_id,
        before=before,
        after=after,
        reason=reason,
        actor=actor,
    )
    _publish(institution, after)


def _publish(institution: Institution, after: Any) -> None:
    """The public log gets the record's state as a hash only (nothing personal, nothing to read back)."""
    from skillcert.transparency.services import append_event

    record = json.loads(json.dumps(after, ensure_ascii=False, default=str))  # JSON values only, then JCS
    append_event(
        kind="institution.changed",
        subject_type="institution",
        subject_id=institution.public_id,
        payload={"record_sha256": jcs_sha256(record), "status": institution.status},
    )


# ---------------------------------------------------------------------------
# The record
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordDetails:
    """What an application for a record states (the institution's identity and contacts)."""

    name: str
    credit_code: str
    kind: str
    region: Region
    address: str
    contact_person: str
    contact_phone: str
    contact_email: str = ""
    number_letter: str = ""  # only for technical schools that number as Y


def _clean_details(details: RecordDetails, *, exclude_pk: int | None = None) -> dict[str, Any]:
    name = details.name.strip()
    if not name:
        raise _invalid("name", _("Enter the institution's name as registered."))
    if details.kind not in InstitutionKind.values:
        raise _invalid("kind", _("Choose the kind of institution."))
    if details.number_letter and details.number_letter not in NumberLetter.values:
        raise _invalid("number_letter", _("The number letter is Y or S."))
    if details.number_letter and details.kind != InstitutionKind.TECHNICAL_SCHOOL:
        raise _invalid("number_letter", _("Only a technical school's record may state its own number letter."))
    code = validate_credit_code(details.credit_code)
    clash = Institution.objects.filter(credit_code=code, status__in=LIVE_STATUSES)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise _invalid(
            "credit_code",
            _("%(name)s already holds a record or an application with this credit code.") % {"name": clash[0].name},
            "duplicate_credit_code",
        )
    return {
        "name": name,
        "credit_code": code,
        "kind": details.kind,
        "number_letter_override": details.number_letter,
        "region": details.region,
        **_clean_contacts(details.address, details.contact_person, details.contact_phone, details.contact_email),
    }


def _clean_contacts(address: str, person: str, phone: str, email: str) -> dict[str, str]:
    values = {"address": address.strip(), "contact_person": person.strip(), "contact_phone": phone.strip()}
    for field, message in (
        ("address", _("Enter the address.")),
        ("contact_person", _("Enter the contact person.")),
        ("contact_phone", _("Enter the contact phone number.")),
    ):
        if not values[field]:
            raise _invalid(field, message)
    if not _PHONE_RE.match(values["contact_phone"]):
        raise _invalid("contact_phone", _("A phone number has digits, spaces, +, - and brackets only."))
    email = email.strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise _invalid("contact_email", _("Enter a valid e-mail address."))
    return {**values, "contact_email": email}


@transaction.atomic
def apply_institution(*, details: RecordDetails, reason: str = "", actor: Actor = None) -> Institution:
    """Enter an application for a record (status ``applied``); the centre approves it later."""
    _require_manager(actor)
    institution = Institution.objects.create(status=InstitutionStatus.APPLIED, **_clean_details(details))
    _log(
        institution,
        "institutions.institution.apply",
        None,
        snapshot(institution, RECORD_FIELDS + CONTACT_FIELDS),
        reason,
        actor,
    )
    return institution


@transaction.atomic
def correct_record(
    *, institution: Institution, details: RecordDetails, reason: str, actor: Actor = None
) -> Institution:
    """Correct the registered identity (name, credit code, kind, region) and contacts; centre only."""
    _require_manager(actor)
    reason = _require_reason(reason)
    institution = _locked(institution)
    if institution.status == InstitutionStatus.REVOKED:
        raise NotAllowed(_("A revoked record is kept as it was; it cannot be corrected."), code="record_revoked")
    fields = RECORD_FIELDS + CONTACT_FIELDS
    before = snapshot(institution, fields)
    for name, value in _clean_details(details, exclude_pk=institution.pk).items():
        setattr(institution, name, value)
    institution.save()
    _log(institution, "institutions.institution.correct", before, snapshot(institution, fields), reason, actor)
    return institution


@transaction.atomic
def update_contacts(
    *,
    institution: Institution,
    address: str,
    contact_person: str,
    contact_phone: str,
    contact_email: str,
    actor: Actor = None,
) -> Institution:
    """Change address and contacts: the institution's own operators or the centre."""
    _require_own_or_manager(actor, institution)
    institution = _locked(institution)
    before = snapshot(institution, CONTACT_FIELDS)
    for name, value in _clean_contacts(address, contact_person, contact_phone, contact_email).items():
        setattr(institution, name, value)
    institution.save()
    _log(
        institution,
        "institutions.institution.change_contacts",
        before,
        snapshot(institution, CONTACT_FIELDS),
        "",
        actor,
    )
    return institution


def _locked(institution: Institution) -> Institution:
    """Re-read the row under a lock so two staff cannot change it at once."""
    return Institution.objects.select_for_update().select_related("region").get(pk=institution.pk)


# ---------------------------------------------------------------------------
# The lifecycle
# ---------------------------------------------------------------------------
def _refused_move(institution: Institution, action: str) -> str:
    return _("%(action)s is not possible for a record that is %(status)s.") % {
        "action": Transition(action).label,
        "status": institution.get_status_display(),
    }


LIFECYCLE = transitions.Workflow(
    model=Institution,
    object_type=OBJECT_TYPE,
    table=TRANSITIONS,
    logged=tuple(STATUS_FIELDS + VALIDITY_FIELDS),
    refused=_refused_move,
    related=("region",),
)


def _transition(institution: Institution, action: str, reason: str, actor: Actor, **changes: Any) -> Institution:
    """Check and apply one lifecycle action inside the caller's transaction; publish the record's new hash."""
    reason = _require_reason(reason)
    changes.update(status_reason=reason, status_changed_at=timezone.now())
    institution = transitions.apply(LIFECYCLE, institution, action, actor=actor, reason=reason, changes=changes)
    _publish(institution, snapshot(institution, STATUS_FIELDS + VALIDITY_FIELDS))
    return institution


def _check_valid_until(valid_until: dt.date | None, today: dt.date) -> None:
    if valid_until is not None and valid_until < today:
        raise _invalid(
            "record_valid_until",
            _("The record cannot end before it starts (%(date)s).") % {"date": today},
            "invalid_validity",
        )


def _next_site_serial() -> str:
    highest = Institution.objects.exclude(site_serial="").aggregate(m=Max("site_serial"))["m"]
    return f"{int(highest or '0') + 1:06d}"


def _next_record_number(year: int) -> str:
    prefix = f"SCPJ-{year}-"
    taken = Institution.objects.filter(record_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def approve_institution(
    *,
    institution: Institution,
    reason: str,
    record_valid_until: dt.date | None,
    record_number: str = "",
    institution_code: str = "0000",
    site_serial: str = "",
    on_date: dt.date | None = None,
    actor: Actor = None,
) -> Institution:
    """Approve an application: the record takes effect ``on_date`` (today) and the institution may issue."""
    _require_manager(actor)
    today = on_date or timezone.localdate()
    _check_valid_until(record_valid_until, today)
    if not re.fullmatch(r"[0-9]{4}", institution_code):
        raise _invalid("institution_code", _("The institution code has 4 digits (0000 when first recorded)."))
    if site_serial and not re.fullmatch(r"[0-9]{6}", site_serial):
        raise _invalid("site_serial", _("The site serial has 6 digits."))
    site_serial = site_serial or _next_site_serial()
    if Institution.objects.filter(site_serial=site_serial).exclude(pk=institution.pk).exists():
        raise _invalid("site_serial", _("Another institution already uses the site serial %(s)s.") % {"s": site_serial})
    record_number = record_number.strip() or _next_record_number(today.year)
    if Institution.objects.filter(record_number=record_number).exclude(pk=institution.pk).exists():
        raise _invalid("record_number", _("The record number %(n)s is already used.") % {"n": record_number})
    return _transition(
        institution,
        Transition.APPROVE,
        reason,
        actor,
        record_number=record_number,
        institution_code=institution_code,
        site_serial=site_serial,
        record_valid_from=today,
        record_valid_until=record_valid_until,
    )


@transaction.atomic
def suspend_institution(*, institution: Institution, reason: str, actor: Actor = None) -> Institution:
    """Suspend an active record: issuing stops at once (a sanction or the institution's request)."""
    _require_manager(actor)
    return _transition(institution, Transition.SUSPEND, reason, actor)


@transaction.atomic
def reinstate_institution(*, institution: Institution, reason: str, actor: Actor = None) -> Institution:
    """Lift a suspension."""
    _require_manager(actor)
    return _transition(institution, Transition.REINSTATE, reason, actor)


@transaction.atomic
def revoke_institution(*, institution: Institution, reason: str, actor: Actor = None) -> Institution:
    """Revoke the record for good (or refuse an application); the record stays visible as revoked."""
    _require_manager(actor)
    return _transition(institution, Transition.REVOKE, reason, actor)


@transaction.atomic
def renew_record(
    *, institution: Institution, record_valid_until: dt.date | None, reason: str, actor: Actor = None
) -> Institution:
    """Extend an active or expired record to a new end date."""
    _require_manager(actor)
    _check_valid_until(record_valid_until, timezone.localdate())
    return _transition(institution, Transition.RENEW, reason, actor, record_valid_until=record_valid_until)


@transaction.atomic
def expire_institution_records(*, on_date: dt.date, actor: Actor = None) -> list[Institution]:
    """Mark every active or suspended record whose validity ended before ``on_date`` as expired."""
    _require_manager(actor)
    sources, _target = TRANSITIONS[Transition.EXPIRE]
    due = Institution.objects.filter(status__in=sources, record_valid_until__lt=on_date).order_by("pk")
    reason = _("The record's validity ended.")
    return [_transition(institution, Transition.EXPIRE, reason, actor) for institution in due]


# ---------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------
def clean_levels(levels: Iterable[int | str]) -> str:
    """Return the levels as ascending digits (``"345"``) or raise :class:`InvalidInput`."""
    chosen: set[int] = set()
    for level in levels:
        try:
            number = int(level)
        except (TypeError, ValueError):
            number = 0
        if number not in SkillLevel.values:
            raise _invalid(
                "levels", _("Levels are 1 to 5; %(value)s is not a level.") % {"value": level}, "invalid_level"
            )
        chosen.add(number)
    if not chosen:
        raise _invalid("levels", _("Choose at least one level."), "invalid_level")
    return "".join(str(n) for n in sorted(chosen))


def _rule_for_scope(occupation_code: str, job_type: str) -> tuple[str, str]:
    """The occupation's code and name, if the certificate-type rule allows skill level certificates for it."""
    code = occupation_code.strip()
    if not code:
        raise _invalid("occupation_code", _("Enter the occupation code."))
    try:
        answer = certificate_types_for(code, job_type)
    except NotFound as exc:
        raise _invalid("occupation_code", str(exc.message), "unknown_occupation") from exc
    if not answer.allows(CertificateType.SKILL_LEVEL):
        raise _invalid("occupation_code", answer.refusal(CertificateType.SKILL_LEVEL), "occupation_not_skill_level")
    return answer.code, answer.name


@transaction.atomic
def set_scope_row(
    *,
    institution: Institution,
    occupation_code: str,
    levels: Iterable[int | str],
    valid_from: dt.date,
    valid_until: dt.date | None,
    job_type: str = "",
    reason: str = "",
    actor: Actor = None,
) -> ScopeRow:
    """Add a scope row, or change the live row for the same occupation and 工种; centre only."""
    _require_manager(actor)
    institution = _locked(institution)
    if institution.status == InstitutionStatus.REVOKED:
        raise NotAllowed(_("The record is revoked; its scope is no longer changed."), code="record_revoked")
    job_type = job_type.strip()
    code, name = _rule_for_scope(occupation_code, job_type)
    digits = clean_levels(levels)
    if valid_until is not None and valid_until < valid_from:
        raise _invalid("valid_until", _("The validity cannot end before it starts."), "invalid_validity")
    row = ScopeRow.objects.filter(
        institution=institution, occupation_code=code, job_type=job_type, withdrawn_on__isnull=True
    ).first()
    before = snapshot(row, SCOPE_FIELDS) if row else None
    row = row or ScopeRow(institution=institution, occupation_code=code, job_type=job_type)
    row.occupation_name, row.level_digits, row.valid_from, row.valid_until = name, digits, valid_from, valid_until
    row.save()
    _log(
        institution,
        "institutions.scope.set",
        before,
        {"row": row.public_id, **snapshot(row, SCOPE_FIELDS)},
        reason,
        actor,
    )
    return row


@transaction.atomic
def withdraw_scope_row(*, row: ScopeRow, reason: str, on_date: dt.date | None = None, actor: Actor = None) -> ScopeRow:
    """Take an occupation out of the scope from ``on_date`` (today); the row is kept, marked withdrawn."""
    _require_manager(actor)
    reason = _require_reason(reason)
    row = ScopeRow.objects.select_for_update().select_related("institution").get(pk=row.pk)
    if row.withdrawn_on is not None:
        raise NotAllowed(_("This scope row was already withdrawn."), code="already_withdrawn")
    row.withdrawn_on = on_date or timezone.localdate()
    row.withdrawn_reason = reason
    row.save()
    after = {"row": row.public_id, **snapshot(row, [*SCOPE_FIELDS, "withdrawn_on"])}
    _log(row.institution, "institutions.scope.withdraw", snapshot(row, SCOPE_FIELDS), after, reason, actor)
    return row


# ---------------------------------------------------------------------------
# Operators
# ---------------------------------------------------------------------------
@transaction.atomic
def link_operator(*, user: Any, institution: Institution, actor: Actor = None) -> InstitutionOperator:
    """Make ``user`` an operator of ``institution`` (moving it from any other one); centre only."""
    _require_manager(actor)
    if not user.has_perm("core.operate_institution"):
        raise _invalid("username", _("This account does not have the institution operator role."))
    link = InstitutionOperator.objects.filter(user=user).select_related("institution").first()
    before = {"operator": user.get_username(), "institution": str(link.institution)} if link else None
    if link is None:
        link = InstitutionOperator.objects.create(user=user, institution=institution)
    else:
        link.institution = institution
        link.save()
    _log(institution, "institutions.operator.link", before, {"operator": user.get_username()}, "", actor)
    return link


# ---------------------------------------------------------------------------
# API tokens (NetBox style: visible prefix, keyed digest, shown once)
# ---------------------------------------------------------------------------
def token_digest(token: str) -> str:
    """HMAC-SHA256 of the token under a key derived from the server secret."""
    key = hashlib.sha256(b"skillcert.institutions.api-token:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def create_api_token(*, institution: Institution, label: str, actor: Actor = None) -> tuple[InstitutionApiToken, str]:
    """Create a token for the institution's own system; returns the row and the token, shown this once."""
    _require_own_or_manager(actor, institution)
    label = label.strip()
    if not label:
        raise _invalid("label", _("Name the system that will use this token."))
    prefix = TOKEN_PREFIX + secrets.token_hex(4)
    token = f"{prefix}_{secrets.token_hex(24)}"
    row = InstitutionApiToken.objects.create(
        institution=institution,
        label=label[:80],
        prefix=prefix,
        digest=token_digest(token),
        created_by=user_or_none(actor),
    )
    _log(institution, "institutions.token.create", None, {"token": prefix, "label": row.label}, "", actor)
    return row, token


@transaction.atomic
def revoke_api_token(*, token: InstitutionApiToken, actor: Actor = None) -> InstitutionApiToken:
    """Revoke a token at once; it is kept, marked revoked."""
    _require_own_or_manager(actor, token.institution)
    token = InstitutionApiToken.objects.select_for_update().select_related("institution").get(pk=token.pk)
    if token.revoked_at is not None:
        raise NotAllowed(_("This token was already revoked."), code="already_revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = user_or_none(actor)
    token.save()
    _log(token.institution, "institutions.token.revoke", None, {"token": token.prefix, "label": token.label}, "", actor)
    return token


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "institutions.institution.apply": gettext_lazy("Record applied for"),
        "institutions.institution.approve": gettext_lazy("Record approved"),
        "institutions.institution.change_contacts": gettext_lazy("Contacts changed"),
        "institutions.institution.correct": gettext_lazy("Record details corrected"),
        "institutions.institution.expire": gettext_lazy("Record expired"),
        "institutions.institution.reinstate": gettext_lazy("Record reinstated"),
        "institutions.institution.renew": gettext_lazy("Record renewed"),
        "institutions.institution.revoke": gettext_lazy("Record revoked"),
        "institutions.institution.suspend": gettext_lazy("Record suspended"),
        "institutions.scope.set": gettext_lazy("Evaluation scope set"),
        "institutions.scope.withdraw": gettext_lazy("Evaluation scope withdrawn"),
        "institutions.operator.link": gettext_lazy("Operator account linked"),
        "institutions.token.create": gettext_lazy("API token created"),
        "institutions.token.revoke": gettext_lazy("API token revoked"),
    }
)
