"""Every state change of a competition, each with its own permission (issue 7, ).

- The centre (``approve_competitions``) records hosts and links host accounts.
- The host (``host_competitions``) registers a competition with its events and stages, applies,
  uploads final results (preview) and submits them.
- The centre approves the competition (recording the 一赛一授权 authorisation where the path needs
  one) and approves the final results, confirming each winner's level. A host's own account may
  never approve its competition, whatever groups it also belongs to.
- Certificates are issued only after both approvals and only to final-stage award winners: by the
  host for a recorded-institution host (case 2), by the centre otherwise.

Issuing calls :func:`skillcert.certificates.services.issue_certificates` with ``actor=None`` (the
system): this module has already checked who acts, and the certificate checks still run in full
(the occupation rule; the host institution's record and scope through ``may_issue``; for 一赛一授权
the authorisation, re-read from the database). The change log still names the acting user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.competitions import rules
from skillcert.competitions.choices import (
    CENTRE_NAME,
    CENTRE_PROXY,
    COMPETITION_TRANSITIONS,
    CompetitionClass,
    CompetitionStatus,
    ImportStatus,
    IssuingPath,
    Outcome,
    StageKind,
    TeamKind,
)
from skillcert.competitions.models import (
    Authorisation,
    AwardRule,
    Competition,
    Event,
    HostAccount,
    HostOrganisation,
    ResultImport,
    Stage,
    Winner,
)
from skillcert.competitions.results import FinalistRow, check_file
from skillcert.competitions.selectors import host_of
from skillcert.core import transitions
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor, user_or_none
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.people.protection import read_encrypted_file

OBJECT_TYPE = "competitions.competition"
IMPORT_TYPE = "competitions.result_import"
# What the change log calls each status a results file is moved to (``app.object.verb``).
IMPORT_ACTIONS: dict[str, str] = {
    ImportStatus.SUBMITTED: "competitions.result_import.submit",
    ImportStatus.APPROVED: "competitions.result_import.approve",
    ImportStatus.ISSUED: "competitions.result_import.issue",
}
LOGGED_FIELDS = ["name", "year", "competition_class", "host", "committee_name", "certificate_type", "status"]
FIRST_SITE_SERIAL = 900001  # site serials reserved for competition authorisations (docs/competitions.md)


# ---------------------------------------------------------------------------
# Who acts
# ---------------------------------------------------------------------------
def _has(actor: Actor, capability: str) -> bool:
    user = user_or_none(actor)
    return user is not None and user.has_perm(f"core.{capability}")


def _require_centre(actor: Actor, competition: Competition | None = None) -> None:
    if not _has(actor, "approve_competitions"):
        raise PermissionDenied(_("Only the provincial centre approves competitions and their results."))
    if competition is not None and host_of(actor) == competition.host:
        raise PermissionDenied(_("A host may never approve its own competition."), code="own_competition")


def _require_host(actor: Actor, competition: Competition) -> None:
    if not _has(actor, "host_competitions") or host_of(actor) != competition.host:
        raise PermissionDenied(_("Only the competition's host does this."))


# ---------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------
@transaction.atomic
def register_host(*, name: str, actor: Actor, institution: Any = None) -> HostOrganisation:
    """Record a competition host, optionally as the recorded evaluation institution it is (centre only)."""
    _require_centre(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the host's name."), fields={"name": [_("Required.")]})
    if HostOrganisation.objects.filter(name=name).exists():
        raise InvalidInput(_("A host called %(name)s is already recorded.") % {"name": name})
    host = HostOrganisation.objects.create(name=name, institution=institution)
    record_change(
        action="competitions.host.register",
        object_type="competitions.host",
        object_id=host.public_id,
        after={"name": host.name, "institution": str(institution or "")},
        actor=actor,
    )
    return host


@transaction.atomic
def link_host_account(*, user: Any, host: HostOrganisation, actor: Actor) -> HostAccount:
    """Let a user of the ``competition_host`` role act for ``host`` (centre only)."""
    _require_centre(actor)
    if HostAccount.objects.filter(user=user).exists():
        raise NotAllowed(_("This account already acts for a host."), code="already_linked")
    link = HostAccount.objects.create(user=user, host=host)
    record_change(
        action="competitions.host.link_account",
        object_type="competitions.host",
        object_id=host.public_id,
        after={"user": user.get_username()},
        actor=actor,
    )
    return link


# ---------------------------------------------------------------------------
# Registering a competition
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class EventInput:
    """One event as the host declares it: an occupation (and 工种) or a special ability project code."""

    name: str
    occupation_code: str = ""
    job_type: str = ""
    project_code: str = ""
    team_kind: str = TeamKind.SINGLE
    levels: str = rules.DEFAULT_EVENT_LEVELS


def _event(competition: Competition, data: EventInput) -> Event:
    from skillcert.catalog.models import SpecialAbilityProject
    from skillcert.catalog.rules import certificate_types_for

    name = data.name.strip() or data.occupation_code.strip() or data.project_code.strip()
    if data.team_kind not in TeamKind.values:
        raise InvalidInput(_("Unknown event kind %(kind)s.") % {"kind": data.team_kind})
    event = Event(competition=competition, name=name[:120], team_kind=data.team_kind, job_type=data.job_type.strip())
    if competition.certificate_type == CertificateType.SPECIAL_ABILITY:
        event.project = SpecialAbilityProject.objects.filter(code=data.project_code.strip(), status="published").first()
        if event.project is None:
            raise InvalidInput(
                _("%(code)s is not a registered, active special ability project.") % {"code": data.project_code or "—"}
            )
        event.name = data.name.strip() or event.project.name
        return event
    answer = certificate_types_for(data.occupation_code.strip(), event.job_type)
    if not answer.allows(CertificateType.SKILL_LEVEL):
        raise NotAllowed(answer.refusal(CertificateType.SKILL_LEVEL), code="certificate_type_not_lawful")
    digits = "".join(sorted(set(data.levels.replace(",", "").replace(" ", ""))))
    if not digits or any(d not in "12345" for d in digits):
        raise InvalidInput(_("An event's levels are digits 1 to 5, e.g. 12 for 高级技师 and 技师."))
    event.occupation_code, event.occupation_name, event.level_digits = answer.code, answer.name, digits
    event.name = data.name.strip() or answer.name
    return event


def _check_registration(name: str, year: int, competition_class: str, certificate_type: str, committee: str) -> None:
    if not name.strip():
        raise InvalidInput(_("Give the competition's name."), fields={"name": [_("Required.")]})
    if not committee.strip():
        raise InvalidInput(
            _("Name the organising committee (office); certificates of 一赛一授权 are issued in its name."),
            fields={"committee_name": [_("Required.")]},
        )
    if competition_class not in CompetitionClass.values:
        raise InvalidInput(_("Choose the competition's class."), fields={"competition_class": [_("Required.")]})
    if certificate_type not in (CertificateType.SKILL_LEVEL, CertificateType.SPECIAL_ABILITY):
        raise InvalidInput(
            _("Competition winners get a vocational skill level or a special vocational ability certificate.")
        )
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise InvalidInput(_("The year is not plausible."), fields={"year": [_("Not plausible.")]})


@transaction.atomic
def register_competition(
    *,
    actor: Actor,
    name: str,
    year: int,
    competition_class: str,
    certificate_type: str,
    committee_name: str,
    events: Sequence[EventInput],
    stages: Sequence[str],
) -> Competition:
    """The host registers a competition: events, stages (the last is the final) and the default award rules."""
    host = host_of(actor)
    if not _has(actor, "host_competitions") or host is None:
        raise PermissionDenied(_("Only a competition host's account registers competitions."))
    _check_registration(name, year, competition_class, certificate_type, committee_name)
    stage_names = [s.strip() for s in stages if s.strip()]
    if not events or not stage_names:
        raise InvalidInput(_("A competition needs at least one event and at least one stage (the final)."))
    competition = Competition.objects.create(
        name=name.strip(),
        year=year,
        competition_class=competition_class,
        certificate_type=certificate_type,
        committee_name=committee_name.strip(),
        host=host,
        created_by=user_or_none(actor),
    )
    built = [_event(competition, e) for e in events]
    if len({e.name for e in built}) != len(built):
        raise InvalidInput(_("Two events have the same name."))
    Event.objects.bulk_create(built)
    for position, stage_name in enumerate(stage_names):
        kind = StageKind.FINAL if position == len(stage_names) - 1 else StageKind.PRELIMINARY
        Stage.objects.create(competition=competition, name=stage_name[:60], kind=kind, position=position)
    skill = certificate_type == CertificateType.SKILL_LEVEL
    for team_kind, top, level in rules.DEFAULT_RULES:
        AwardRule.objects.create(
            competition=competition, team_kind=team_kind, top_ranks=top, level=level if skill else None
        )
    record_change(
        action="competitions.competition.register",
        object_type=OBJECT_TYPE,
        object_id=competition.public_id,
        after={**snapshot(competition, LOGGED_FIELDS), "events": [e.name for e in built], "stages": stage_names},
        actor=actor,
    )
    return competition


@transaction.atomic
def set_award_rule(
    *, competition: Competition, actor: Actor, team_kind: str, top_ranks: int, level: int | None
) -> AwardRule:
    """Change one award-to-level rule before the competition is approved (host or centre)."""
    competition = Competition.objects.select_related("host").get(pk=competition.pk)
    if competition.status == CompetitionStatus.APPROVED:
        raise NotAllowed(_("The award rules of an approved competition no longer change."), code="approved")
    if not _has(actor, "approve_competitions"):
        _require_host(actor, competition)
    if top_ranks < 1 or (level is not None and level not in SkillLevel.values):
        raise InvalidInput(_("Ranks start at 1 and levels are 1 to 5."))
    if competition.certificate_type == CertificateType.SPECIAL_ABILITY:
        level = None
    elif level is None:
        raise InvalidInput(_("Give the level the rule awards."))
    rule, _created = AwardRule.objects.update_or_create(
        competition=competition, team_kind=team_kind, defaults={"top_ranks": top_ranks, "level": level}
    )
    record_change(
        action="competitions.competition.set_award_rule",
        object_type=OBJECT_TYPE,
        object_id=competition.public_id,
        after={"team_kind": team_kind, "top_ranks": top_ranks, "level": level},
        actor=actor,
    )
    return rule


# ---------------------------------------------------------------------------
# Applying, approving, rejecting
# ---------------------------------------------------------------------------
def _action_label(action: str) -> str:
    return {"apply": _("applied for"), "approve": _("approved"), "reject": _("rejected")}[action]


def _refused_move(competition: Competition, action: str) -> str:
    return _("A competition that is %(status)s cannot be %(action)s.") % {
        "status": competition.get_status_display(),
        "action": _action_label(action),
    }


WORKFLOW = transitions.Workflow(
    model=Competition,
    object_type=OBJECT_TYPE,
    table=COMPETITION_TRANSITIONS,
    logged=("status", "issuing_path"),
    refused=_refused_move,
)


def _transition(competition: Competition, action: str, actor: Actor, reason: str = "", **fields: Any) -> Competition:
    """Apply, approve or reject in the caller's transaction; the reason is kept on the competition and in the log."""
    changes = {"status_reason": reason, **fields}
    return transitions.apply(WORKFLOW, competition, action, actor=actor, reason=reason, changes=changes)


@transaction.atomic
def apply_competition(*, competition: Competition, actor: Actor) -> Competition:
    """The host applies to the centre for approval."""
    _require_host(actor, competition)
    return _transition(competition, "apply", actor)


def derived_path(competition: Competition) -> str:
    """The issuing path this competition gets from its class, host and certificate type."""
    return rules.issuing_path(
        competition_class=competition.competition_class,
        certificate_type=competition.certificate_type,
        host_is_recorded_institution=competition.host.institution_id is not None,
    )


def check_host_may_issue(competition: Competition, on_date: dt.date) -> None:
    """Case 2 with a recorded host: its record must be live and its scope cover every event at every level."""
    from skillcert.institutions.selectors import may_issue

    institution = competition.host.institution
    assert institution is not None  # only called for a recorded host
    for event in competition.events.all():
        for level in event.levels:
            decision = may_issue(
                institution=institution,
                occupation_code=event.occupation_code,
                level=level,
                on_date=on_date,
                job_type=event.job_type,
            )
            if not decision.allowed:
                raise NotAllowed(decision.message, code=decision.code)


def _grant_authorisation(competition: Competition, actor: Actor, today: dt.date) -> Authorisation:
    highest = Authorisation.objects.aggregate(m=Max("site_serial"))["m"]
    serial = max(FIRST_SITE_SERIAL, int(highest) + 1 if highest else 0)
    if serial > 999999:
        raise NotAllowed(_("All site serials reserved for competition authorisations are used."))
    count = Authorisation.objects.filter(granted_on__year=today.year).count() + 1
    return Authorisation.objects.create(
        competition=competition,
        reference=f"川职鉴竞授〔{today.year}〕{count:03d}号",
        site_serial=f"{serial:06d}",
        granted_on=today,
        granted_by=user_or_none(actor),
    )


@transaction.atomic
def approve_competition(*, competition: Competition, actor: Actor, reason: str = "") -> Competition:
    """The centre approves: the issuing path is derived and stored, 一赛一授权 recorded where it applies."""
    _require_centre(actor, competition)
    competition = Competition.objects.select_related("host__institution").get(pk=competition.pk)
    path = derived_path(competition)
    today = timezone.localdate()
    if path == IssuingPath.HOST_INSTITUTION:
        check_host_may_issue(competition, today)
    competition = _transition(
        competition, "approve", actor, reason.strip(), issuing_path=path, approved_at=timezone.now()
    )
    if path == IssuingPath.AUTHORISATION:
        authorisation = _grant_authorisation(competition, actor, today)
        record_change(
            action="competitions.competition.authorise",
            object_type=OBJECT_TYPE,
            object_id=competition.public_id,
            after={"reference": authorisation.reference, "site_serial": authorisation.site_serial},
            actor=actor,
        )
    return competition


@transaction.atomic
def reject_competition(*, competition: Competition, actor: Actor, reason: str) -> Competition:
    """The centre rejects an application, with the reason the host sees."""
    _require_centre(actor, competition)
    if not reason.strip():
        raise InvalidInput(_("Give a reason; the host sees it."), fields={"reason": [_("Required.")]})
    return _transition(competition, "reject", actor, reason.strip())


# ---------------------------------------------------------------------------
# Final results: upload (preview) → submit → approve → issue
# ---------------------------------------------------------------------------
def _check_upload(competition: Competition, stage: Stage, actor: Actor) -> None:
    _require_host(actor, competition)
    if stage.competition_id != competition.pk:
        raise InvalidInput(_("This stage belongs to another competition."))
    if stage.kind != StageKind.FINAL:
        raise NotAllowed(
            _("%(stage)s is a preliminary stage: only award winners of the final stage get certificates.")
            % {"stage": stage.name},
            code="not_final_stage",
        )
    if competition.status not in (CompetitionStatus.APPLIED, CompetitionStatus.APPROVED):
        raise NotAllowed(
            _("Results are imported once the competition is applied for or approved (it is %(status)s).")
            % {"status": competition.get_status_display()},
            code="competition_not_applied",
        )


@transaction.atomic
def upload_results(*, competition: Competition, stage: Stage, actor: Actor, filename: str, data: bytes) -> ResultImport:
    """Check a final results file and keep its preview; a file with errors keeps nothing but its error report."""
    from skillcert.assessments.services import refuse_oversize, store_encrypted

    competition = Competition.objects.select_related("host").get(pk=competition.pk)  # the caller's copy may be stale
    _check_upload(competition, stage, actor)
    refuse_oversize(len(data))
    sha256 = hashlib.sha256(data).hexdigest()
    report, _rows = check_file(competition, stage.name, filename, data)
    result_import = ResultImport.objects.create(
        competition=competition,
        stage=stage,
        original_name=filename[:255],
        sha256=sha256,
        status=ImportStatus.HAS_ERRORS if report.rows_with_errors else ImportStatus.CHECKED,
        rows_total=report.total,
        rows_with_errors=report.rows_with_errors,
        report=report.lines,
        errors=report.errors,
        uploaded_by=user_or_none(actor),
    )
    if not report.rows_with_errors:
        result_import.stored_path = store_encrypted(cast(Any, result_import), sha256, data)  # keyed by public_id
        result_import.save(update_fields=["stored_path", "updated_at"])
    record_change(
        action="competitions.result_import.upload",
        object_type=IMPORT_TYPE,
        object_id=result_import.public_id,
        after={"competition": competition.public_id, "sha256": sha256, "rows": report.total,
               "errors": report.rows_with_errors},
        actor=actor,
    )  # fmt: skip
    return result_import


def _stored_rows(result_import: ResultImport) -> list[FinalistRow]:
    data = read_encrypted_file(result_import.stored_path)
    report, rows = check_file(result_import.competition, result_import.stage.name, result_import.original_name, data)
    if report.rows_with_errors:
        first = report.errors[0]
        raise InvalidInput(
            _("Row %(row)s: %(message)s") % {"row": first["row"], "message": "; ".join(first["messages"])}
        )
    return rows


def _refuse_duplicates(result_import: ResultImport, winners: list[Winner]) -> None:
    earlier = Winner.objects.filter(
        result_import__competition=result_import.competition,
        result_import__status__in=[ImportStatus.SUBMITTED, ImportStatus.APPROVED, ImportStatus.ISSUED],
    )
    taken = {(w.event_id, w.holder_id): w.result_import for w in earlier.select_related("result_import")}
    for winner in winners:
        other = taken.get((winner.event_id, winner.holder_id))
        if other is not None:
            raise NotAllowed(
                _("Row %(row)s: this finalist's result for %(event)s was already submitted in %(file)s.")
                % {"row": winner.row_no, "event": winner.event.name, "file": other.original_name},
                code="already_submitted",
            )


@transaction.atomic
def submit_results(*, result_import: ResultImport, actor: Actor) -> ResultImport:
    """The host submits a checked file: holders are registered and each finalist's proposal is kept (all or nothing)."""
    from skillcert.people.services import HolderInput, register_holders_bulk

    result_import = (
        ResultImport.objects.select_for_update(of=("self",))
        .select_related("competition", "stage")
        .get(pk=result_import.pk)
    )
    _require_host(actor, result_import.competition)
    if result_import.status != ImportStatus.CHECKED:
        raise NotAllowed(_("Only a checked file without errors can be submitted."), code="import_not_checked")
    rows = _stored_rows(result_import)
    holders = register_holders_bulk(
        [HolderInput(name=r.name, id_type=r.id_type, id_number=r.id_number, gender=r.gender) for r in rows],
        actor=actor,
    )
    winners = [_winner(result_import, row, holder) for row, holder in zip(rows, holders, strict=True)]
    _refuse_duplicates(result_import, winners)
    Winner.objects.bulk_create(winners)
    return _set_import_status(result_import, ImportStatus.SUBMITTED, actor)


def _winner(result_import: ResultImport, row: FinalistRow, holder: Any) -> Winner:
    assert row.event is not None
    return Winner(
        result_import=result_import,
        event=row.event,
        holder=holder,
        holder_name=holder.name,
        masked_id=row.masked_id,
        row_no=row.row_no,
        rank=row.rank,
        award=row.award,
        prior_level=row.prior_level,
        outcome=row.outcome,
        proposed_level=row.level,
        explanation=row.explanation,
    )


def _set_import_status(result_import: ResultImport, status: str, actor: Actor, **extra: Any) -> ResultImport:
    before = {"status": result_import.status}
    result_import.status = status
    for name, value in extra.items():
        setattr(result_import, name, value)
    result_import.save()
    record_change(
        action=IMPORT_ACTIONS[status],
        object_type=IMPORT_TYPE,
        object_id=result_import.public_id,
        before=before,
        after={"status": status, "competition": result_import.competition.public_id},
        actor=actor,
    )
    return result_import


def _confirm_level(winner: Winner, chosen: int | None, event: Event) -> None:
    """Set the confirmed outcome of one finalist; a level for a non-winner or outside the event is refused."""
    if chosen is None:
        winner.confirmed_level = winner.proposed_level
        return
    if winner.outcome == Outcome.NOT_A_WINNER:
        raise NotAllowed(
            _("Row %(row)s is not an award winner of the final: no certificate may be issued.")
            % {"row": winner.row_no},
            code="not_a_winner",
        )
    if chosen == 0:  # the centre decides: no certificate
        winner.outcome, winner.confirmed_level = Outcome.NO_CERTIFICATE, None
        winner.explanation = _("The centre decided: no certificate.")
        return
    if chosen not in event.levels:
        raise InvalidInput(
            _("Row %(row)s: the event %(event)s awards only %(levels)s.")
            % {"row": winner.row_no, "event": event.name, "levels": event.levels_display()}
        )
    if winner.proposed_level != chosen:
        winner.explanation = _("%(rule)s The centre confirmed %(level)s instead.") % {
            "rule": winner.explanation,
            "level": SkillLevel(chosen).label,
        }
    winner.outcome, winner.confirmed_level = Outcome.CERTIFICATE, chosen


@transaction.atomic
def approve_results(
    *, result_import: ResultImport, actor: Actor, levels: dict[str, int | None] | None = None
) -> ResultImport:
    """The centre approves submitted final results, confirming each winner's level.

    ``levels`` maps a winner's public id to a different level (``0``: no certificate);
    unmentioned winners keep the rule's proposal.
    """
    result_import = (
        ResultImport.objects.select_for_update(of=("self",))
        .select_related("competition__host")
        .get(pk=result_import.pk)
    )
    competition = result_import.competition
    _require_centre(actor, competition)
    if competition.status != CompetitionStatus.APPROVED:
        raise NotAllowed(_("Approve the competition before its results."), code="competition_not_approved")
    if result_import.status != ImportStatus.SUBMITTED:
        raise NotAllowed(_("Only submitted results can be approved."), code="import_not_submitted")
    levels = levels or {}
    winners = list(result_import.winners.select_related("event"))
    for winner in winners:
        if winner.outcome == Outcome.CERTIFICATE or winner.public_id in levels:
            _confirm_level(winner, levels.get(winner.public_id), winner.event)
    Winner.objects.bulk_update(winners, ["outcome", "confirmed_level", "explanation"])
    return _set_import_status(
        result_import, ImportStatus.APPROVED, actor, approved_by=actor, approved_at=timezone.now()
    )


def _check_may_issue(result_import: ResultImport, actor: Actor) -> Competition:
    competition = result_import.competition
    if competition.status != CompetitionStatus.APPROVED:
        raise NotAllowed(_("The centre has not approved this competition: nothing is issued."), code="not_approved")
    if result_import.status != ImportStatus.APPROVED:
        raise NotAllowed(
            _("The centre has not approved these final results: nothing is issued."), code="results_not_approved"
        )
    if competition.issuing_path == IssuingPath.HOST_INSTITUTION:
        _require_host(actor, competition)
        check_host_may_issue(competition, timezone.localdate())
    elif not _has(actor, "approve_competitions"):
        raise PermissionDenied(_("For this competition the centre issues the certificates."))
    return competition


def _spec(competition: Competition, winner: Winner, result_import: ResultImport, today: dt.date) -> Any:
    from skillcert.certificates.choices import CertificateSource
    from skillcert.certificates.services import IssueSpec

    common: dict[str, Any] = {
        "holder": winner.holder,
        "issued_on": today,
        "source": CertificateSource.COMPETITION,
        "batch_id": result_import.public_id,
        "extra": {"competition": competition.public_id},
    }
    if competition.issuing_path == IssuingPath.CENTRE:
        return IssueSpec(
            certificate_type=CertificateType.SPECIAL_ABILITY, project=winner.event.project, issuer_name=CENTRE_NAME,
            **common,
        )  # fmt: skip
    skill: dict[str, Any] = {
        "certificate_type": CertificateType.SKILL_LEVEL,
        "occupation_code": winner.event.occupation_code,
        "job_type": winner.event.job_type,
        "level": winner.confirmed_level,
    }
    if competition.issuing_path == IssuingPath.HOST_INSTITUTION:
        return IssueSpec(institution=competition.host.institution, **skill, **common)
    return IssueSpec(
        authorisation=competition.authorisation,
        issuer_name=competition.committee_name,
        issuer_on_behalf=CENTRE_PROXY,
        **skill,
        **common,
    )


@transaction.atomic
def issue_competition_certificates(*, result_import: ResultImport, actor: Actor) -> list[Any]:
    """Issue the certificates of the approved final results' award winners, all or nothing."""
    from skillcert.certificates.services import issue_certificates

    result_import = (
        ResultImport.objects.select_for_update(of=("self",))
        .select_related("competition__host__institution")
        .get(pk=result_import.pk)
    )
    competition = _check_may_issue(result_import, actor)
    winners = list(
        result_import.winners.filter(outcome=Outcome.CERTIFICATE, certificate__isnull=True).select_related(
            "event__project", "holder"
        )
    )
    today = timezone.localdate()
    certificates = issue_certificates(specs=[_spec(competition, w, result_import, today) for w in winners], actor=None)
    for winner, certificate in zip(winners, certificates, strict=True):
        winner.certificate = certificate
    Winner.objects.bulk_update(winners, ["certificate"])
    _set_import_status(result_import, ImportStatus.ISSUED, actor, issued_at=timezone.now())
    return certificates


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "competitions.host.register": gettext_lazy("Competition host registered"),
        "competitions.host.link_account": gettext_lazy("Host account linked"),
        "competitions.competition.register": gettext_lazy("Competition registered"),
        "competitions.competition.set_award_rule": gettext_lazy("Award rule set"),
        "competitions.competition.apply": gettext_lazy("Approval applied for"),
        "competitions.competition.approve": gettext_lazy("Competition approved"),
        "competitions.competition.reject": gettext_lazy("Competition not approved"),
        "competitions.competition.authorise": gettext_lazy("Issuing authorised for this competition (一赛一授权)"),
        "competitions.result_import.upload": gettext_lazy("Results uploaded"),
        "competitions.result_import.submit": gettext_lazy("Results submitted to the centre"),
        "competitions.result_import.approve": gettext_lazy("Results approved"),
        "competitions.result_import.issue": gettext_lazy("Certificates issued from the results"),
    }
)
