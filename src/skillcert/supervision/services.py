"""Every state change of supervision: complaints and their stages, inspections, sanctions.

Each service is one use case in one transaction: it checks the actor's capability
(``handle_complaints`` for case staff, ``record_inspection_outcomes`` for labour
inspection; ``actor=None`` is the system, e.g. the demo), checks the stage
transition against :data:`choices.TRANSITIONS`, saves and writes the change log.
Change-log snapshots carry stages, categories and outcomes, never contact details.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core import transitions
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor, user_or_none
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.supervision import codes, evidence
from skillcert.supervision.choices import TRANSITIONS, Category, FilerKind, Outcome, Rating, SanctionKind, Stage
from skillcert.supervision.models import Complaint, ComplaintNote, EvidenceFile, Inspection, Sanction
from skillcert.supervision.workdays import due_date

COMPLAINT = "supervision.complaint"
INSPECTION = "supervision.inspection"
SANCTION = "supervision.sanction"
LOGGED = ["category", "stage", "stage_due_on", "outcome"]
MAX_TEXT = 10_000


def _user(actor: Actor) -> Any:
    return user_or_none(actor)


def _require(actor: Actor, capability: str, message: str) -> None:
    if actor is not None and not actor.has_perm(f"core.{capability}"):
        raise PermissionDenied(message)


def _require_case_staff(actor: Actor) -> None:
    _require(actor, "handle_complaints", _("Only the centre's case staff handle complaints."))


def _text(value: str, field: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(message, fields={field: [message]})
    if len(value) > MAX_TEXT:
        too_long = _("At most %(n)s characters.") % {"n": MAX_TEXT}
        raise InvalidInput(too_long, fields={field: [too_long]})
    return value


# ---------------------------------------------------------------------------
# Filing and following a complaint (anyone)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Contact:
    """A complainant's contact details (personal data: encrypted at once, shown only to case staff)."""

    name: str = ""
    phone: str = ""
    email: str = ""

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.phone.strip() or self.email.strip())


def _encrypt_contact(contact: Contact | None) -> str:
    if contact is None or contact.is_empty():
        return ""
    from skillcert.people.protection import encrypt

    data = {
        "name": contact.name.strip()[:60],
        "phone": contact.phone.strip()[:40],
        "email": contact.email.strip()[:120],
    }
    return encrypt(json.dumps(data, ensure_ascii=False))


def decrypt_contact(complaint: Complaint) -> Contact | None:
    """The complainant's contact details (callers check ``handle_complaints`` first)."""
    if not complaint.contact_encrypted:
        return None
    from skillcert.people.protection import decrypt

    return Contact(**json.loads(decrypt(complaint.contact_encrypted)))


def _store_evidence(complaint: Complaint, uploads: Sequence[evidence.Upload], types: list[str]) -> None:
    for upload, mime in zip(uploads, types, strict=True):
        path, sha256 = evidence.store(complaint.public_id, upload.data)
        EvidenceFile.objects.create(
            complaint=complaint,
            original_name=upload.name[:255],
            content_type=mime,
            size=len(upload.data),
            sha256=sha256,
            stored_path=path,
        )


def _enter(complaint: Complaint, stage: str) -> None:
    today = timezone.localdate()
    complaint.stage = stage
    complaint.stage_changed_at = timezone.now()
    complaint.stage_due_on = due_date(stage, today)


@transaction.atomic
def file_complaint(
    *,
    category: str,
    description: str,
    claim_text: str = "",
    institution: Any = None,
    institution_named: str = "",
    certificate_number: str = "",
    contact: Contact | None = None,
    uploads: Sequence[evidence.Upload] = (),
) -> tuple[Complaint, str]:
    """File a complaint; returns it and its tracking code (shown once, stored only hashed)."""
    if category not in Category.values:
        message = _("Choose what the complaint is about.")
        raise InvalidInput(message, fields={"category": [message]})
    description = _text(description, "description", _("Describe what happened."))
    types = evidence.check_uploads(list(uploads))
    code = codes.new_code()
    complaint = Complaint(
        category=category,
        description=description,
        claim_text=_text(claim_text, "claim_text", "", required=False),
        institution=institution,
        institution_named=institution_named.strip()[:200],
        certificate_number=certificate_number.strip().upper()[:32],
        anonymous=contact is None or contact.is_empty(),
        contact_encrypted=_encrypt_contact(contact),
        tracking_digest=codes.digest(code),
    )
    _enter(complaint, Stage.RECEIVED)
    complaint.save()
    _store_evidence(complaint, uploads, types)
    record_change(
        action="supervision.complaint.file",
        object_type=COMPLAINT,
        object_id=complaint.public_id,
        after={**snapshot(complaint, LOGGED), "evidence_files": len(uploads), "anonymous": complaint.anonymous},
        actor=None,
    )
    return complaint, code


@transaction.atomic
def add_information(*, complaint: Complaint, text: str, uploads: Sequence[evidence.Upload] = ()) -> ComplaintNote:
    """The complainant adds information or evidence to an open case (from the tracking page)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise NotAllowed(_("This case is closed; information can no longer be added."), code="case_closed")
    text = _text(text, "text", _("Write the information you want to add."))
    types = evidence.check_uploads(list(uploads), already=complaint.evidence.count())
    note = ComplaintNote.objects.create(complaint=complaint, kind=FilerKind.FILER, text=text)
    _store_evidence(complaint, uploads, types)
    record_change(
        action="supervision.complaint.add_information",
        object_type=COMPLAINT,
        object_id=complaint.public_id,
        after={"evidence_files": len(uploads)},
        actor=None,
    )
    return note


# ---------------------------------------------------------------------------
# Case workflow (case staff; labour inspection for its outcome)
# ---------------------------------------------------------------------------
def _refused_move(complaint: Complaint, action: str) -> str:
    return _("A case that is %(stage)s cannot be moved this way (%(action)s).") % {
        "stage": complaint.get_stage_display(),
        "action": ACTION_LABELS.get(action, action),
    }


def _entered(complaint: Complaint, target: str) -> None:
    """Entering a stage sets its deadline; a closed case has none and records when it closed."""
    _enter(complaint, target)
    if target in (Stage.CONCLUDED, Stage.REJECTED):
        complaint.stage_due_on = None
        complaint.concluded_at = timezone.now()


CASE_WORKFLOW = transitions.Workflow(
    model=Complaint,
    object_type=COMPLAINT,
    table=TRANSITIONS,
    logged=tuple(LOGGED),
    refused=_refused_move,
    field="stage",
    on_enter=_entered,
)


def _move(complaint: Complaint, action: str, actor: Actor, reason: str = "", **changes: Any) -> Complaint:
    """Check the move, apply it with ``changes``, log it (in the caller's transaction); the reason is a case note."""
    complaint = transitions.apply(CASE_WORKFLOW, complaint, action, actor=actor, reason=reason, changes=changes)
    if reason:
        kind = FilerKind.INSPECTOR if action == "record_inspection_outcome" else FilerKind.STAFF
        ComplaintNote.objects.create(complaint=complaint, kind=kind, author=_user(actor), text=reason)
    return complaint


ACTION_LABELS: dict[str, Any] = {
    "accept": gettext_lazy("accept"),
    "reject": gettext_lazy("not accept"),
    "investigate": gettext_lazy("start the investigation"),
    "refer": gettext_lazy("refer to labour inspection"),
    "record_inspection_outcome": gettext_lazy("record the labour inspection outcome"),
    "conclude": gettext_lazy("conclude"),
}


@transaction.atomic
def accept_complaint(*, complaint: Complaint, note: str = "", actor: Actor = None) -> Complaint:
    """Accept a received complaint for handling."""
    _require_case_staff(actor)
    return _move(complaint, "accept", actor, _text(note, "note", "", required=False))


@transaction.atomic
def reject_complaint(*, complaint: Complaint, reason: str, actor: Actor = None) -> Complaint:
    """Do not accept a received complaint; the reason is shown to the complainant."""
    _require_case_staff(actor)
    reason = _text(reason, "reason", _("Give the reason; the complainant sees it."))
    return _move(complaint, "reject", actor, reason, rejection_reason=reason)


@transaction.atomic
def start_investigation(*, complaint: Complaint, note: str = "", actor: Actor = None) -> Complaint:
    """Start investigating an accepted complaint."""
    _require_case_staff(actor)
    return _move(complaint, "investigate", actor, _text(note, "note", "", required=False))


@transaction.atomic
def refer_to_labour_inspection(*, complaint: Complaint, note: str, actor: Actor = None) -> Complaint:
    """Refer a case under investigation to labour inspection (劳动保障监察)."""
    _require_case_staff(actor)
    note = _text(note, "note", _("Say what labour inspection is asked to look at."))
    return _move(complaint, "refer", actor, note, referral_note=note)


@transaction.atomic
def record_inspection_outcome(*, complaint: Complaint, outcome: str, actor: Actor = None) -> Complaint:
    """Labour inspection records its outcome; the case returns to the centre's investigation."""
    _require(
        actor,
        "record_inspection_outcomes",
        _("Only labour inspection records the outcome of a referral."),
    )
    outcome = _text(outcome, "outcome", _("Write the outcome of the labour inspection."))
    return _move(complaint, "record_inspection_outcome", actor, outcome, inspection_outcome=outcome)


@transaction.atomic
def conclude_complaint(*, complaint: Complaint, outcome: str, public_summary: str, actor: Actor = None) -> Complaint:
    """Conclude a case as substantiated or not, with a summary the complainant and the public may read."""
    _require_case_staff(actor)
    if outcome not in Outcome.values:
        message = _("Choose whether the complaint was substantiated.")
        raise InvalidInput(message, fields={"outcome": [message]})
    summary = _text(public_summary, "public_summary", _("Write the public summary of the outcome."))
    return _move(complaint, "conclude", actor, summary, outcome=outcome, public_summary=summary)


@transaction.atomic
def add_staff_note(*, complaint: Complaint, text: str, actor: Actor = None) -> ComplaintNote:
    """An internal note of case staff (not shown to the complainant)."""
    _require_case_staff(actor)
    text = _text(text, "text", _("Write the note."))
    return ComplaintNote.objects.create(complaint=complaint, kind=FilerKind.STAFF, author=_user(actor), text=text)


# ---------------------------------------------------------------------------
# Quality inspections
# ---------------------------------------------------------------------------
@transaction.atomic
def record_inspection(
    *,
    institution: Any,
    inspected_on: dt.date,
    scope: str,
    findings: str,
    rating: str,
    follow_up_due: dt.date | None = None,
    actor: Actor = None,
) -> Inspection:
    """Record a quality inspection (质量调研检查) of an institution."""
    _require(actor, "handle_complaints", _("Only the centre's staff record quality inspections."))
    if rating not in Rating.values:
        message = _("Choose the rating.")
        raise InvalidInput(message, fields={"rating": [message]})
    if inspected_on > timezone.localdate():
        message = _("The inspection date cannot lie in the future.")
        raise InvalidInput(message, fields={"inspected_on": [message]})
    if follow_up_due is not None and follow_up_due < inspected_on:
        message = _("The follow-up cannot be due before the inspection.")
        raise InvalidInput(message, fields={"follow_up_due": [message]})
    inspection = Inspection.objects.create(
        institution=institution,
        inspected_on=inspected_on,
        scope=_text(scope, "scope", _("Say what was inspected.")),
        findings=_text(findings, "findings", _("Write the findings.")),
        rating=rating,
        follow_up_due=follow_up_due,
        recorded_by=_user(actor),
    )
    record_change(
        action="supervision.inspection.record",
        object_type=INSPECTION,
        object_id=inspection.public_id,
        after={
            **snapshot(inspection, ["inspected_on", "rating", "follow_up_due"]),
            "institution": institution.public_id,
        },
        actor=actor,
    )
    return inspection


# ---------------------------------------------------------------------------
# Sanctions
# ---------------------------------------------------------------------------
SANCTION_BASIS_STAGES = frozenset({Stage.INVESTIGATING, Stage.CONCLUDED})


def _check_basis(institution: Any, complaint: Complaint | None, inspection: Inspection | None) -> None:
    if complaint is None and inspection is None:
        raise InvalidInput(_("A sanction rests on a complaint or a quality inspection."), code="no_basis")
    if complaint is not None:
        if complaint.stage not in SANCTION_BASIS_STAGES or complaint.outcome == Outcome.NOT_SUBSTANTIATED:
            raise NotAllowed(
                _(
                    "A sanction may rest only on a complaint under investigation (an interim measure) or "
                    "concluded as substantiated; this one is %(stage)s."
                )
                % {"stage": complaint.get_stage_display()},
                code="complaint_not_substantiated",
            )
        if complaint.institution_id not in (None, institution.pk):
            raise NotAllowed(_("The complaint concerns another institution."), code="other_institution")
    if inspection is not None and inspection.institution_id != institution.pk:
        raise NotAllowed(_("The inspection concerns another institution."), code="other_institution")


def _revoke_certificates(institution: Any, numbers: Sequence[str], reason: str, actor: Actor) -> int:
    """Revoke each listed certificate of ``institution`` with the reason (all or nothing: the caller's transaction)."""
    from skillcert.certificates.choices import StatusReason
    from skillcert.certificates.models import Certificate
    from skillcert.certificates.services import revoke_certificate

    wanted = sorted({n.strip().upper() for n in numbers if n.strip()})
    if not wanted:
        message = _("List the numbers of the certificates found illegal, one per line.")
        raise InvalidInput(message, fields={"certificate_numbers": [message]})
    found = {c.number: c for c in Certificate.objects.filter(number__in=wanted, institution=institution)}
    missing = [n for n in wanted if n not in found]
    if missing:
        message = _("These numbers are not certificates of %(name)s: %(numbers)s") % {
            "name": institution.name,
            "numbers": ", ".join(missing[:20]),
        }
        raise InvalidInput(message, fields={"certificate_numbers": [message]})
    for number in wanted:
        revoke_certificate(
            certificate=found[number],
            category=StatusReason.MISCONDUCT,  # all the public sees; the reason below stays with staff
            reason=_("Revoked by the provincial centre as illegally issued: %(reason)s") % {"reason": reason},
            actor=actor,
        )
    return len(wanted)


def _apply_to_record(institution: Any, kind: str, reason: str, actor: Actor) -> None:
    from skillcert.institutions import services as institution_services

    if kind == SanctionKind.SUSPENSION:
        institution_services.suspend_institution(institution=institution, reason=reason, actor=actor)
    elif kind == SanctionKind.RECORD_REVOCATION:
        institution_services.revoke_institution(institution=institution, reason=reason, actor=actor)


@transaction.atomic
def impose_sanction(
    *,
    institution: Any,
    kind: str,
    reason: str,
    complaint: Complaint | None = None,
    inspection: Inspection | None = None,
    due_on: dt.date | None = None,
    certificate_numbers: Sequence[str] = (),
    actor: Actor = None,
) -> Sanction:
    """Impose a sanction; suspension and revocation go through the institutions lifecycle (issuing stops at once),
    certificate revocation revokes each listed certificate with the reason. All or nothing."""
    _require(actor, "handle_complaints", _("Only the centre's case staff impose sanctions."))
    if kind not in SanctionKind.values:
        message = _("Choose the sanction.")
        raise InvalidInput(message, fields={"kind": [message]})
    reason = _text(reason, "reason", _("Give the reason; it is published on the institution's page."))
    if complaint is not None:  # read afresh: the caller's object may predate a stage change
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _check_basis(institution, complaint, inspection)
    today = timezone.localdate()
    if kind == SanctionKind.RECTIFICATION and (due_on is None or due_on <= today):
        message = _("A rectification order needs a due date after today.")
        raise InvalidInput(message, fields={"due_on": [message]})
    revoked = 0
    if kind == SanctionKind.CERTIFICATE_REVOCATION:
        revoked = _revoke_certificates(institution, certificate_numbers, reason, actor)
    else:
        _apply_to_record(institution, kind, reason, actor)
    sanction = Sanction.objects.create(
        institution=institution,
        kind=kind,
        complaint=complaint,
        inspection=inspection,
        reason=reason,
        imposed_on=today,
        due_on=due_on if kind == SanctionKind.RECTIFICATION else None,
        certificates_revoked=revoked,
        imposed_by=_user(actor),
    )
    record_change(
        action="supervision.sanction.impose",
        object_type=SANCTION,
        object_id=sanction.public_id,
        after={
            **snapshot(sanction, ["kind", "imposed_on", "due_on", "certificates_revoked"]),
            "institution": institution.public_id,
            "complaint": complaint.public_id if complaint else "",
            "inspection": inspection.public_id if inspection else "",
        },
        reason=reason,
        actor=actor,
    )
    return sanction


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "supervision.complaint.file": gettext_lazy("Filed"),
        "supervision.complaint.add_information": gettext_lazy("Complainant added information"),
        "supervision.complaint.accept": gettext_lazy("Accepted"),
        "supervision.complaint.reject": gettext_lazy("Not accepted"),
        "supervision.complaint.investigate": gettext_lazy("Investigation started"),
        "supervision.complaint.refer": gettext_lazy("Referred to labour inspection"),
        "supervision.complaint.record_inspection_outcome": gettext_lazy("Labour inspection outcome recorded"),
        "supervision.complaint.conclude": gettext_lazy("Concluded"),
        "supervision.inspection.record": gettext_lazy("Quality inspection recorded"),
        "supervision.sanction.impose": gettext_lazy("Sanction imposed"),
    }
)
