"""The certificate-type rule: which certificates are lawful for an occupation.

One function, :func:`certificate_types_for`, used by issuance (refuse with the
reason), the public catalogue page, the API and the claim checker.

- 职业资格证书 only for occupations in the 国家职业资格目录（2021年版）, issued by
  the department the catalogue names.
- 职业技能等级证书 for occupations outside that catalogue in major categories 3–6
  of the 大典, and for the skill-type new occupations 人社部 has published.
- Neither for major categories 1, 2, 7 and 8 (managers, professional-technical
  staff, soldiers, unclassifiable) unless the catalogue says otherwise.

A catalogue entry that covers only part of an occupation (nuclear-safety welding
within 焊工) makes 职业资格证书 lawful for that part only; the rest of the
occupation keeps 职业技能等级证书, and the answer names the part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from skillcert.catalog.choices import CertificateType, CoverageExtent, NewOccupationStatus, WorkKind
from skillcert.catalog.models import NewOccupation, Occupation, QualificationCoverage
from skillcert.core.errors import NotFound

SKILL_MAJOR_CATEGORIES = frozenset("3456")


@dataclass(frozen=True)
class Reason:
    """One reason in an answer: a stable code for machines and a message in the active language."""

    code: str
    message: str


@dataclass(frozen=True)
class QualificationPart:
    """A qualification-catalogue entry that applies to (part of) the occupation."""

    name: str
    extent: str
    department: str
    department_unverified: bool


@dataclass(frozen=True)
class CertificateTypeAnswer:
    """Which certificate types are lawful for an occupation, and why."""

    code: str
    name: str
    major_category: str
    types: tuple[str, ...]
    reasons: tuple[Reason, ...]
    qualification_parts: tuple[QualificationPart, ...] = field(default=())

    def allows(self, certificate_type: str) -> bool:
        """True when ``certificate_type`` is lawful for this occupation (and job type, if one was given)."""
        return certificate_type in self.types

    def refusal(self, certificate_type: str) -> str:
        """Return the reasons joined into one message, for refusing ``certificate_type``."""
        label = CertificateType(certificate_type).label
        return _("%(type)s may not be issued for %(code)s %(name)s: %(reasons)s") % {
            "type": label,
            "code": self.code,
            "name": self.name,
            "reasons": " ".join(r.message for r in self.reasons),
        }


def certificate_types_for(code: str, job_type: str = "") -> CertificateTypeAnswer:
    """Answer the rule for an occupation code (大典 or new-occupation code) and optional 工种.

    Raises:
        NotFound: no occupation has this code.
    """
    occupation = Occupation.objects.filter(code=code).select_related("parent").first()
    if occupation is not None:
        return _answer_for_occupation(occupation, job_type.strip())
    new = NewOccupation.objects.filter(code=code, occupation__isnull=True).first()
    if new is not None:
        return _answer_for_new_occupation(new)
    raise NotFound(_("No occupation has the code %(code)s.") % {"code": code}, code="unknown_occupation")


def _describe(parts: list[QualificationPart]) -> str:
    """Name each part with its implementing department, in the active language."""
    described = []
    for part in parts:
        if not part.department:
            department = _("department not stated in the source")
        else:
            department = part.department + (_(" (unverified)") if part.department_unverified else "")
        described.append(
            _("%(name)s (implementing department: %(department)s)") % {"name": part.name, "department": department}
        )
    return _("; ").join(described)


def _parts_for(occupation: Occupation) -> list[QualificationPart]:
    coverages = QualificationCoverage.objects.filter(occupation=occupation).select_related("item")
    return [
        QualificationPart(
            name=c.part_name or c.item.display_name,
            extent=c.extent,
            department=c.item.implementing_department,
            department_unverified=c.item.department_unverified,
        )
        for c in coverages.order_by("item__row_no")
    ]


def _answer_for_occupation(occupation: Occupation, job_type: str) -> CertificateTypeAnswer:
    def answer(types: tuple[str, ...], reasons: list[Reason], parts: list[QualificationPart]) -> CertificateTypeAnswer:
        return CertificateTypeAnswer(
            occupation.code, occupation.name, occupation.major_code, types, tuple(reasons), tuple(parts)
        )

    if not occupation.is_occupation:
        return answer((), [Reason("not_an_occupation", _not_an_occupation_message(occupation))], [])
    parts = _parts_for(occupation)
    whole = [p for p in parts if p.extent == CoverageExtent.WHOLE]
    partial = [p for p in parts if p.extent == CoverageExtent.PART]
    if whole:
        return answer((CertificateType.QUALIFICATION,), [_in_catalogue_reason(whole)], whole)
    skill_lawful, skill_reasons = _skill_level_reasons(occupation)
    skill: tuple[str, ...] = (CertificateType.SKILL_LEVEL,) if skill_lawful else ()
    if not partial:
        return answer(skill, skill_reasons, [])
    matched = [p for p in partial if job_type and (job_type in p.name or p.name in job_type)]
    if matched:
        return answer((CertificateType.QUALIFICATION,), [_job_type_reason(job_type, matched)], matched)
    return answer((CertificateType.QUALIFICATION, *skill), [_partial_reason(partial), *skill_reasons], partial)


def _not_an_occupation_message(occupation: Occupation) -> str:
    return _(
        "%(code)s is a category of the classification, not an occupation; certificates name an occupation "
        "(细类, a code like 6-18-02-04)."
    ) % {"code": occupation.code}


def _in_catalogue_reason(whole: list[QualificationPart]) -> Reason:
    names = _describe(whole)
    return Reason(
        "in_qualification_catalogue",
        _(
            "Listed in the national vocational qualification catalogue (2021): %(names)s. Only a vocational "
            "qualification certificate issued under the implementing department applies; skill level "
            "certificates are not issued for catalogue occupations."
        )
        % {"names": names},
    )


def _partial_reason(partial: list[QualificationPart]) -> Reason:
    names = _describe(partial)
    return Reason(
        "partly_in_qualification_catalogue",
        _(
            "Part of this occupation is in the national vocational qualification catalogue (2021): %(names)s. "
            "That part needs a vocational qualification certificate; the rest of the occupation does not."
        )
        % {"names": names},
    )


def _job_type_reason(job_type: str, matched: list[QualificationPart]) -> Reason:
    names = _describe(matched)
    return Reason(
        "job_type_in_qualification_catalogue",
        _(
            "The job type %(job_type)s falls under the national vocational qualification catalogue (2021): "
            "%(names)s. Only a vocational qualification certificate applies to it."
        )
        % {"job_type": job_type, "names": names},
    )


def _skill_level_reasons(occupation: Occupation) -> tuple[bool, list[Reason]]:
    """Return whether skill level certificates are lawful (ignoring the catalogue) and why."""
    published = [n for n in occupation.new_occupation_entries.all() if n.status == NewOccupationStatus.PUBLISHED]
    if occupation.major_code in SKILL_MAJOR_CATEGORIES:
        reasons = [
            Reason(
                "outside_catalogue_category_3_6",
                _(
                    "Outside the qualification catalogue and in major category %(major)s of the occupational "
                    "classification (2022): a vocational skill level certificate may be issued by an evaluation "
                    "institution whose record covers this occupation and level."
                )
                % {"major": occupation.major_code},
            )
        ]
        reasons += [_new_occupation_note(n) for n in published]
        return True, reasons
    reasons = [_category_reason(occupation.major_code)]
    reasons += [_new_occupation_note(n) for n in published]
    return False, reasons


def _category_reason(major: str) -> Reason:
    messages = {
        "1": _("Major category 1 (leaders of organisations and enterprises) is not a skill occupation."),
        "2": _(
            "Major category 2 (professional and technical personnel) is evaluated through professional titles "
            "and professional qualifications, not through skill certificates."
        ),
        "7": _("Major category 7 (military personnel) is outside skill evaluation."),
        "8": _("Major category 8 (personnel not classifiable) is outside skill evaluation."),
    }
    return Reason(
        f"category_{major}_not_skill",
        messages.get(major, "")
        + " "
        + _("Neither a vocational qualification certificate nor a skill level certificate applies."),
    )


def _new_occupation_note(new: NewOccupation) -> Reason:
    return Reason(
        "published_new_occupation",
        _("Published as a new occupation by the Ministry of Human Resources and Social Security (%(batch)s, %(doc)s).")
        % {"batch": new.batch_name, "doc": new.document_no},
    )


def _answer_for_new_occupation(new: NewOccupation) -> CertificateTypeAnswer:
    inferred = _(" (classified from its name; the source gives no code)") if new.work_kind_inferred else ""
    if new.status != NewOccupationStatus.PUBLISHED:
        reason = Reason(
            "new_occupation_not_published",
            _("Proposed as a new occupation and still in public comment (%(doc)s): no certificate applies yet.")
            % {"doc": new.document_no},
        )
        return CertificateTypeAnswer(new.code, new.name, "", (), (reason,))
    if new.work_kind == WorkKind.TECHNICAL:
        reason = Reason(
            "new_occupation_technical",
            _(
                "A new professional and technical occupation (%(batch)s, %(doc)s)%(inferred)s: evaluated through "
                "professional titles, not skill certificates."
            )
            % {"batch": new.batch_name, "doc": new.document_no, "inferred": inferred},
        )
        return CertificateTypeAnswer(new.code, new.name, "", (), (reason,))
    reason = Reason(
        "new_skill_occupation",
        _(
            "A skill-type new occupation published by the Ministry of Human Resources and Social Security "
            "(%(batch)s, %(doc)s)%(inferred)s: a vocational skill level certificate may be issued by a recorded "
            "evaluation institution."
        )
        % {"batch": new.batch_name, "doc": new.document_no, "inferred": inferred},
    )
    return CertificateTypeAnswer(new.code, new.name, "", (CertificateType.SKILL_LEVEL,), (reason,))
