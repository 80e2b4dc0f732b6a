"""Every state change of a certificate: issue (one or a batch), suspend, reinstate, revoke, reissue.

Suspending and revoking record two reasons: the staff's own words (back office and change
log only) and a public category (:class:`~skillcert.certificates.choices.StatusReason`),
which is all that query results, the QR page, the PDF stamp and the API show.

Issuing checks, in this order: who is acting, the certificate-type rule of the
catalogue, the institution's record and scope (``institutions.selectors.may_issue``)
or the special-ability project, then numbers the certificates inside the same
transaction, saves them, writes the change log and hands them to the trust
pipeline (credential, status list, transparency log) — all or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CertificateType
from skillcert.catalog.departments import department_for
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.catalog.rules import CertificateTypeAnswer, certificate_types_for
from skillcert.catalog.selectors import occupation_named
from skillcert.catalog.services import check_project_issuable, logs_issuing_refusals
from skillcert.certificates import authorities, events, numbering, trust
from skillcert.certificates.choices import (
    TRANSITIONS,
    CertificateSource,
    CertificateStatus,
    EvaluationStandard,
    StatusReason,
)
from skillcert.certificates.models import Certificate
from skillcert.core import transitions
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor
from skillcert.core.bureaus import check_own_region, logs_region_refusals
from skillcert.core.changelog import record_change, record_changes, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed, NotFound, PermissionDenied

OBJECT_TYPE = "certificates.certificate"
F = TypeVar("F", bound=Callable[..., Any])
PROVINCE_DEPARTMENT = "四川省人力资源和社会保障厅"
PROVINCIAL_CENTRE = "四川省职业技能鉴定指导中心"
LOGGED_FIELDS = [
    "number",
    "certificate_type",
    "holder_name",
    "occupation_code",
    "level",
    "issuer_name",
    "status",
    "standard_kind",
    "standard_code",
]


@dataclass(frozen=True)
class IssueSpec:
    """What to issue. ``holder`` is a ``people.Holder``; the issuer is derived, never typed."""

    certificate_type: str
    holder: Any
    issued_on: dt.date
    source: str
    occupation_code: str = ""
    job_type: str = ""
    level: int | None = None
    institution: Any = None
    project: SpecialAbilityProject | None = None
    region: Region | None = None  # for 专项: the issuing city; None = the province
    standard_kind: str = ""  # EvaluationStandard; "" = the type's own (see evaluation_standard)
    standard_code: str = ""  # the standard's or specification's code ("" = the occupation's or project's)
    batch_id: str = ""
    issuer_name: str = ""  # only for issuers without a record (a competition committee, a department)
    issuer_on_behalf: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # 一赛一授权: a competitions.Authorisation, set only by the competitions service after the centre's
    # approval; it replaces the institution for a skill level certificate (see _check_skill_level).
    authorisation: Any = None


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
def check_actor_may_issue(actor: Actor, spec: IssueSpec) -> None:
    """Refuse unless ``actor`` may issue this certificate (``None`` = the system, e.g. a centre-approved job)."""
    if actor is None:
        return
    if spec.certificate_type == CertificateType.SKILL_LEVEL:
        from skillcert.institutions.selectors import institution_for_user

        if actor.has_perm("core.operate_institution") and institution_for_user(actor) == spec.institution:
            return
        if spec.authorisation is not None and actor.has_perm("core.approve_competitions"):
            return  # 一赛一授权: the centre issues (and corrects) under the competition's authorisation
        raise PermissionDenied(_("Only the evaluation institution itself issues its skill level certificates."))
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        if not actor.has_perm("core.issue_special_ability_certificates"):
            raise PermissionDenied(
                _("Only the provincial or a city HR department issues special ability certificates.")
            )
        # A city bureau issues only in its own name; the province (region None) is the centre's.
        check_own_region(actor, spec.region, what="issue_special_ability")
        return
    if actor.has_perm("core.issue_qualification_certificates"):
        return
    raise PermissionDenied(_("Only the provincial centre records vocational qualification certificates."))


def rule_answer(spec: IssueSpec) -> CertificateTypeAnswer | None:
    """The certificate-type rule for the spec's occupation (None for special ability certificates)."""
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        return None
    if not spec.occupation_code:
        raise InvalidInput(_("Choose the occupation."), fields={"occupation_code": [_("Required.")]})
    answer = certificate_types_for(spec.occupation_code, spec.job_type)
    _check_job_type(spec)
    return answer


def _check_job_type(spec: IssueSpec) -> None:
    """Refuse a 工种 that is the name of another occupation (a certificate for 焊工 with 工种 中式烹调师)."""
    other = occupation_named(spec.job_type, other_than=spec.occupation_code)
    if other is None:
        return
    message = _(
        "The job type %(job_type)s is the occupation %(code)s %(name)s, not a job type of %(occupation)s. "
        "Nothing was issued."
    ) % {"job_type": spec.job_type.strip(), "code": other.code, "name": other.name, "occupation": spec.occupation_code}
    raise InvalidInput(message, code="job_type_of_another_occupation", fields={"job_type": [message]})


def evaluation_standard(spec: IssueSpec) -> tuple[str, str]:
    """(kind, code) of the standard the certificate is evaluated against; refuse one its type cannot use.

    专项: always the project's 专项考核规范. 职业资格证书: the 国家职业技能标准 of the occupation.
    职业技能等级证书: the 国家职业技能标准 (code: the occupation's unless given) or, where the
    institution evaluates against its own 行业企业评价规范, that specification with its code.
    """
    kind, code = spec.standard_kind or "", spec.standard_code.strip()
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        if kind not in ("", EvaluationStandard.SPECIAL):
            raise InvalidInput(_("A special ability certificate is evaluated against its project's specification."))
        return EvaluationStandard.SPECIAL, spec.project.code if spec.project is not None else code
    allowed = [EvaluationStandard.NATIONAL]
    if spec.certificate_type == CertificateType.SKILL_LEVEL:
        allowed.append(EvaluationStandard.INDUSTRY)
    kind = kind or EvaluationStandard.NATIONAL
    if kind not in allowed:
        message = _("This certificate cannot be evaluated against that kind of standard.")
        raise InvalidInput(message, fields={"standard_kind": [message]})
    if kind == EvaluationStandard.INDUSTRY and not code:
        message = _("Give the code of the industry or enterprise evaluation specification.")
        raise InvalidInput(message, fields={"standard_code": [message]})
    if len(code) > 32:
        message = _("The code of the standard is at most 32 characters.")
        raise InvalidInput(message, fields={"standard_code": [message]})
    return str(kind), code or spec.occupation_code


def check_issuable(spec: IssueSpec, answer: CertificateTypeAnswer | None) -> None:
    """Refuse with the rule's reason when the certificate may not be issued."""
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        _check_special_ability(spec)
        evaluation_standard(spec)
        return
    assert answer is not None
    if not answer.allows(spec.certificate_type):
        raise NotAllowed(answer.refusal(spec.certificate_type), code="certificate_type_not_lawful")
    if spec.certificate_type == CertificateType.QUALIFICATION:
        _check_skill_qualification(answer)
    if spec.certificate_type == CertificateType.SKILL_LEVEL:
        _check_skill_level(spec)
    elif spec.level is not None and spec.level not in range(1, 6):
        raise InvalidInput(_("The level must be between 1 and 5."), fields={"level": [_("1 to 5.")]})
    evaluation_standard(spec)


def _check_skill_qualification(answer: CertificateTypeAnswer) -> None:
    """The registry records only the catalogue's skill qualifications (初级 to 高级技师, under 人社 evaluation).

    Professional-technical qualifications (护士执业资格, 导游资格 …) are lawful for their occupations but
    are awarded by their own departments' national examinations, not by this registry.
    """
    if not any(not part.professional for part in answer.qualification_parts):
        raise NotAllowed(
            _(
                "%(code)s %(name)s is covered by a professional-technical qualification of the national catalogue; "
                "its certificate is awarded by the implementing department, not recorded in this registry."
            )
            % {"code": answer.code, "name": answer.name},
            code="professional_qualification_elsewhere",
        )


def _check_skill_level(spec: IssueSpec) -> None:
    from skillcert.institutions.selectors import may_issue

    if spec.institution is None and spec.authorisation is None:
        raise InvalidInput(_("A skill level certificate needs the evaluation institution that issues it."))
    if spec.level is None or spec.level not in range(1, 6):
        raise InvalidInput(_("The level must be between 1 and 5."), fields={"level": [_("1 to 5.")]})
    if spec.institution is None:  # 一赛一授权: the competition's authorisation, re-read, must cover it
        decision = authorities.authorisation_decision(
            authorisation=spec.authorisation,
            occupation_code=spec.occupation_code,
            job_type=spec.job_type,
            level=spec.level,
            on_date=spec.issued_on,
        )
        if not decision.allowed:
            raise NotAllowed(decision.message, code=decision.code)
        return
    decision = may_issue(
        institution=spec.institution,
        occupation_code=spec.occupation_code,
        level=spec.level,
        on_date=spec.issued_on,
        job_type=spec.job_type,
    )
    if not decision.allowed:
        raise NotAllowed(decision.message, code=decision.code)


def _check_special_ability(spec: IssueSpec) -> None:
    """Only a published project is certified: a draft or retired one is refused (and the attempt logged)."""
    if spec.project is None:
        raise InvalidInput(_("A special ability certificate needs its registered assessment project."))
    check_project_issuable(spec.project)


# ---------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------
def _issuer(spec: IssueSpec, answer: CertificateTypeAnswer | None) -> str:
    if spec.issuer_name:
        return spec.issuer_name
    if spec.certificate_type == CertificateType.SKILL_LEVEL:
        return str(spec.institution.name)
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        return special_ability_issuer(spec.region)
    assert answer is not None
    skill_parts = [p for p in answer.qualification_parts if not p.professional]
    if not skill_parts or any(p.department_unverified or not p.department for p in skill_parts):
        # An unverified department is never printed: the certificate names the centre that recorded it.
        return PROVINCIAL_CENTRE
    return "、".join(sorted({p.department for p in skill_parts}))


def special_ability_issuer(region: Region | None) -> str:
    """The department a 专项职业能力证书 names: the province's (``None``) or the 市(州)'s, from the clean table."""
    try:
        return department_for(region)
    except ImproperlyConfigured as exc:
        raise NotAllowed(
            _("No issuing department is recorded for %(region)s; nothing was issued.") % {"region": region},
            code="no_issuing_department",
        ) from exc


def _prefix(spec: IssueSpec) -> str:
    year = spec.issued_on.year
    if spec.certificate_type == CertificateType.SKILL_LEVEL and spec.institution is None:
        assert spec.level is not None and spec.authorisation is not None  # checked by _check_skill_level
        return numbering.skill_level_prefix(  # provincial authorisation: S, 0000, the site serial the centre gave
            letter="S",
            institution_code="0000",
            site_serial=spec.authorisation.site_serial,
            year=year,
            level=spec.level,
        )
    if spec.certificate_type == CertificateType.SKILL_LEVEL:
        institution = spec.institution
        assert spec.level is not None
        return numbering.skill_level_prefix(
            letter=institution.number_letter,
            institution_code=institution.institution_code,
            site_serial=institution.site_serial,
            year=year,
            level=spec.level,
        )
    if spec.certificate_type == CertificateType.SPECIAL_ABILITY:
        region_code4 = spec.region.code4 if spec.region is not None else numbering.PROVINCE_REGION_CODE4
        return numbering.special_ability_prefix(region_code4=region_code4, year=year)
    return numbering.qualification_prefix(year=year, level=spec.level)


def _build(spec: IssueSpec, answer: CertificateTypeAnswer | None, number: str) -> Certificate:
    holder = spec.holder
    region = spec.region or (spec.institution.region if spec.institution is not None else None)
    standard_kind, standard_code = evaluation_standard(spec)
    return Certificate(
        certificate_type=spec.certificate_type,
        number=number,
        holder=holder,
        holder_name=holder.name,
        holder_romanised_name=holder.romanised_name,
        occupation_code=answer.code if answer else "",
        occupation_name=answer.name if answer else "",
        job_type=spec.job_type,
        level=spec.level,
        project=spec.project,
        institution=spec.institution,
        issuer_name=_issuer(spec, answer),
        issuer_on_behalf=spec.issuer_on_behalf,
        region=region,
        issued_on=spec.issued_on,
        source=spec.source,
        batch_id=spec.batch_id,
        standard_kind=standard_kind,
        standard_code=standard_code,
    )


def _check_key(spec: IssueSpec) -> tuple[Any, ...]:
    """What the issuing checks depend on (everything but the holder)."""
    return (
        spec.certificate_type,
        spec.occupation_code,
        spec.job_type,
        spec.level,
        spec.issued_on,
        getattr(spec.institution, "pk", None),
        getattr(spec.project, "pk", None),
        getattr(spec.region, "pk", None),
        getattr(spec.authorisation, "pk", None),
        spec.standard_kind,
        spec.standard_code,
    )


def logs_refused_attempts(
    action: str, object_type: str, asked: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> Callable[[F], F]:
    """Wrap a service (outside its transaction) so that bad input it refuses leaves a change-log entry.

    Bad input changes nothing, yet the centre must be able to see who tried to issue what the rule
    forbids (an occupation code that does not exist, a 工种 outside its occupation, a type the
    catalogue does not allow). ``asked`` turns the service's keyword arguments into what was asked
    (``object_id`` and the fields to keep), never a person. A refusal that already wrote its own
    entry (another region, a project not published: ``DomainError.recorded``) is left to it.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                what = None if exc.recorded else asked(kwargs)
                if what is not None:
                    object_id = str(what.pop("object_id"))
                    after = {"refused": exc.code, **what}
                    record_change(
                        action=action,
                        object_type=object_type,
                        object_id=object_id,
                        after=after,
                        reason="refused",
                        actor=kwargs.get("actor"),
                    )
                raise

        return wrapper  # type: ignore[return-value]

    return decorate


def _asked_to_issue(kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The first spec of a refused issue (a batch repeats it) and how many certificates were asked for."""
    specs = list(kwargs.get("specs") or [])
    if not specs:
        return None
    first = specs[0]
    project = getattr(first.project, "code", "")
    return {
        "object_id": first.occupation_code or project,
        "certificate_type": first.certificate_type,
        "occupation_code": first.occupation_code,
        "job_type": first.job_type,
        "project": project,
        "count": len(specs),
    }


def issue_certificate(*, spec: IssueSpec, actor: Actor = None) -> Certificate:
    """Issue one certificate (by hand, or one competition award)."""
    return issue_certificates(specs=[spec], actor=actor)[0]


@logs_refused_attempts("certificates.certificate.refuse_issue", OBJECT_TYPE, _asked_to_issue)
@logs_issuing_refusals
@logs_region_refusals
@transaction.atomic
def issue_certificates(*, specs: Sequence[IssueSpec], actor: Actor = None) -> list[Certificate]:
    """Issue many certificates at once, all or nothing; used by batches and single issues alike.

    Every spec is checked exactly as a single issue would be; the checks run once
    per distinct (type, occupation, 工种, level, date, issuer) because batches repeat it.
    """
    answers: dict[tuple[Any, ...], CertificateTypeAnswer | None] = {}
    by_prefix: dict[str, list[tuple[IssueSpec, CertificateTypeAnswer | None]]] = {}
    for spec in specs:
        key = _check_key(spec)
        if key not in answers:  # every check below depends only on the key; batches repeat it
            check_actor_may_issue(actor, spec)
            answers[key] = rule_answer(spec)
            check_issuable(spec, answers[key])
        by_prefix.setdefault(_prefix(spec), []).append((spec, answers[key]))
    certificates: list[Certificate] = []
    for prefix, group in by_prefix.items():
        first = numbering.reserve_serials(prefix, len(group))
        for offset, (spec, answer) in enumerate(group):
            number = numbering.format_number(spec.certificate_type, prefix, first + offset)
            certificates.append(_build(spec, answer, number))
    Certificate.objects.bulk_create(certificates, batch_size=1000)  # sets pks (RETURNING on SQLite and PostgreSQL)
    _log_issued(certificates, actor)
    trust.after_issue(certificates, actor)
    events.issued(certificates)  # followers (the talent statistics' tallies, ADR 0008), same transaction
    return certificates


def _log_issued(certificates: Sequence[Certificate], actor: Actor) -> None:
    record_changes(
        action="certificates.certificate.issue",
        object_type=OBJECT_TYPE,
        changes=[(c.public_id, snapshot(c, LOGGED_FIELDS)) for c in certificates],
        actor=actor,
    )


def register_legacy_certificates(*, certificates: Sequence[Certificate], actor: Actor = None) -> list[Certificate]:
    """Store already-issued certificates with their original numbers (legacy import; checked by the caller)."""
    for certificate in certificates:  # the standard of their type, as the migration gave existing rows
        if not certificate.standard_kind:
            special = certificate.certificate_type == CertificateType.SPECIAL_ABILITY
            certificate.standard_kind = EvaluationStandard.SPECIAL if special else EvaluationStandard.NATIONAL
            project = certificate.project if special and certificate.project_id else None
            certificate.standard_code = project.code if project is not None else certificate.occupation_code
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    _log_issued(certificates, actor)
    trust.after_issue(certificates, actor)
    events.issued(certificates)
    return list(certificates)


# ---------------------------------------------------------------------------
# Status changes
# ---------------------------------------------------------------------------
def check_actor_may_change(actor: Actor, certificate: Certificate) -> None:
    """Institutions correct and revoke their own certificates; the centre may act on any."""
    if actor is None or actor.has_perm("core.handle_complaints") or actor.has_perm("core.manage_institutions"):
        return
    if certificate.certificate_type == CertificateType.SPECIAL_ABILITY and actor.has_perm(
        "core.issue_special_ability_certificates"
    ):
        check_own_region(actor, certificate.region, what="change_special_ability")  # a bureau: its own only
        return
    if certificate.institution_id is not None and actor.has_perm("core.operate_institution"):
        from skillcert.institutions.selectors import institution_for_user

        if institution_for_user(actor) == certificate.institution:
            return
    raise PermissionDenied(_("Your account may not change this certificate."))


def check_reason_category(to: str, category: str) -> str:
    """The public reason category a move to ``to`` records ("" for reinstatement); refuse a wrong one.

    Why two reasons: staff explain in their own words what happened to a person, which must not
    be published; the public sees only one of the :class:`StatusReason` categories. "Under
    review" suspends but never revokes: a revocation says what was found.
    """
    if to == CertificateStatus.VALID:
        return ""
    if category not in StatusReason.values:
        message = _("Choose the reason shown to the public from the list.")
        raise InvalidInput(message, fields={"category": [message]})
    if to == CertificateStatus.REVOKED and category == StatusReason.UNDER_REVIEW:
        message = _('"Under review" is a reason to suspend, not to revoke: choose what the review found.')
        raise InvalidInput(message, fields={"category": [message]})
    return str(category)


STATUS_LOGGED = ["status", "status_reason_category", "status_reason"]


def _refused_move(certificate: Certificate, action: str) -> str:
    return _("A %(current)s certificate cannot become %(target)s.") % {
        "current": certificate.get_status_display(),
        "target": CertificateStatus(TRANSITIONS[action].target).label,
    }


STATUS_WORKFLOW = transitions.Workflow(
    model=Certificate,
    object_type=OBJECT_TYPE,
    table=TRANSITIONS,
    logged=tuple(STATUS_LOGGED),
    refused=_refused_move,
    save_fields=("status", "status_reason", "status_reason_category", "status_changed_at", "updated_at"),
)


def _action_to(certificate: Certificate, to: str) -> str:
    """The table's action leading to ``to`` (each status is reached by one action); refused when none does."""
    for action, step in TRANSITIONS.items():
        if step.target == to:
            return action
    raise NotAllowed(
        _("A %(current)s certificate cannot become %(target)s.")
        % {"current": certificate.get_status_display(), "target": CertificateStatus(to).label},
        code="transition_not_allowed",
    )


@logs_region_refusals
@transaction.atomic
def change_status(
    *, certificate: Certificate, to: str, reason: str, category: str = "", actor: Actor = None
) -> Certificate:
    """Suspend, reinstate or revoke, with the staff's reason and the public category; refused outside the table.

    ``reason`` is the staff's own text (back office and change log only); ``category`` a
    :class:`StatusReason` value, required to suspend or revoke, which is all the public sees.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            _("Give the reason in your own words; only staff see it."), fields={"reason": [_("Required.")]}
        )
    category = check_reason_category(to, category)
    seen: list[str] = []

    def guard(row: Certificate) -> None:
        check_actor_may_change(actor, row)
        seen.append(row.status)

    certificate = transitions.apply(
        STATUS_WORKFLOW,
        certificate,
        _action_to(certificate, to),
        actor=actor,
        reason=reason,
        changes={"status_reason": reason, "status_reason_category": category, "status_changed_at": timezone.now()},
        guard=guard,
    )
    previous = seen[0]
    trust.after_status_change(certificate, previous, actor)
    events.status_changed(certificate, previous)
    return certificate


def suspend_certificate(*, certificate: Certificate, category: str, reason: str, actor: Actor = None) -> Certificate:
    """Suspend a valid certificate (e.g. while a complaint is investigated: category ``under_review``)."""
    return change_status(
        certificate=certificate, to=CertificateStatus.SUSPENDED, category=category, reason=reason, actor=actor
    )


def reinstate_certificate(*, certificate: Certificate, reason: str, actor: Actor = None) -> Certificate:
    """Make a suspended certificate valid again (the public category is cleared)."""
    return change_status(certificate=certificate, to=CertificateStatus.VALID, reason=reason, actor=actor)


def revoke_certificate(*, certificate: Certificate, category: str, reason: str, actor: Actor = None) -> Certificate:
    """Revoke for good; the certificate stays visible as revoked with the date and the public category."""
    return change_status(
        certificate=certificate, to=CertificateStatus.REVOKED, category=category, reason=reason, actor=actor
    )


def _competition_authorisation(certificate: Certificate) -> Any:
    """The 一赛一授权 a committee-issued skill level certificate was issued under (None for all others)."""
    if certificate.institution_id is not None or certificate.certificate_type != CertificateType.SKILL_LEVEL:
        return None
    return authorities.authorisation_behind(certificate)


@transaction.atomic
def reissue_certificate(
    *, certificate: Certificate, reason: str, actor: Actor = None, holder: Any = None, job_type: str | None = None
) -> Certificate:
    """Correct a certificate by issuing a new one and revoking the old as "superseded by <new number>"."""
    if certificate.status == CertificateStatus.REVOKED:
        raise NotAllowed(_("A revoked certificate cannot be reissued."), code="transition_not_allowed")
    spec = IssueSpec(
        certificate_type=certificate.certificate_type,
        holder=holder or certificate.holder,
        issued_on=timezone.localdate(),
        source=CertificateSource.REISSUE,
        occupation_code=certificate.occupation_code,
        job_type=certificate.job_type if job_type is None else job_type,
        level=certificate.level,
        institution=certificate.institution,
        project=certificate.project,
        region=certificate.region,
        batch_id=certificate.batch_id,
        issuer_name=certificate.issuer_name if certificate.institution_id is None else "",
        issuer_on_behalf=certificate.issuer_on_behalf,
        authorisation=_competition_authorisation(certificate),
        standard_kind=certificate.standard_kind,
        standard_code=certificate.standard_code,
    )
    new = issue_certificate(spec=spec, actor=actor)
    revoke_certificate(
        certificate=certificate,
        category=StatusReason.ISSUED_IN_ERROR,
        reason=_("Superseded by %(number)s: %(reason)s") % {"number": new.number, "reason": reason},
        actor=actor,
    )
    Certificate.objects.filter(pk=certificate.pk).update(superseded_by=new)
    return new


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "certificates.certificate.issue": gettext_lazy("Certificate issued"),
        "certificates.certificate.suspend": gettext_lazy("Certificate suspended"),
        "certificates.certificate.reinstate": gettext_lazy("Certificate reinstated"),
        "certificates.certificate.revoke": gettext_lazy("Certificate revoked"),
        "certificates.certificate.refuse_issue": gettext_lazy("Refused: issuing"),
    }
)
