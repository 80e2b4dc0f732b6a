"""The certificate-type rule: which certificates are lawful for an occupation, and why.

One function, :func:`certificate_types_for`, used by issuance (refuse with the
reason), the public catalogue page, the API and the claim checker.

- 职业资格证书 only for occupations the 国家职业资格目录（2021年版）covers: its 59
  professional-technical items (准入类 and 水平评价类, e.g. 护士执业资格, 导游资格) and
  its 13 skill items (e.g. 保安员), each under the department the catalogue names.
- 职业技能等级证书 only OUTSIDE that catalogue: occupations of major categories 3–6 of
  the 大典, and the skill-type new occupations 人社部 has published (skill-type means a
  code in categories 3–6; a new occupation without a known code is not classified).
- Neither for major categories 1, 2, 7 and 8 unless the catalogue covers them
  (category-2 occupations outside it are evaluated through professional titles).
- 专项职业能力证书 are per assessment project, not per occupation: a project code
  answers with the project's own state.

A catalogue entry that covers only part of an occupation (nuclear-safety welding
within 焊工) makes 职业资格证书 lawful for that part only; the rest of the
occupation keeps what its major category gives, and the answer names the part.
Facts that no source ties together (a mapping or a department) stay marked
unverified in the answer, so that pages can say so and certificates never print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from skillcert.catalog.choices import (
    CertificateType,
    CoverageExtent,
    NewOccupationStatus,
    ProjectStatus,
    WorkKind,
)
from skillcert.catalog.models import (
    NewOccupation,
    Occupation,
    QualificationCoverage,
    SpecialAbilityProject,
)
from skillcert.catalog.selectors import public_projects
from skillcert.core.errors import NotFound

SKILL_MAJOR_CATEGORIES = frozenset("3456")


@dataclass(frozen=True)
class Reason:
    """One reason in an answer: a stable code for machines and a message in the active language."""

    code: str
    message: str


@dataclass(frozen=True)
class QualificationPart:
    """A qualification-catalogue entry that applies to (part of) the occupation.

    ``name`` is the part covered (or the entry's name when it covers the whole occupation);
    ``department`` is the clean department names joined by "、" (empty if the source states none).
    """

    name: str
    extent: str
    department: str
    department_unverified: bool
    qualification: str = ""
    qualification_name_unverified: bool = False
    professional: bool = False
    access_class: str = ""
    mapping_unverified: bool = False
    unverified_reason: str = ""
    source: str = ""


@dataclass(frozen=True)
class CertificateTypeAnswer:
    """Which certificate types are lawful for an occupation, and why."""

    code: str
    name: str
    major_category: str
    types: tuple[str, ...]
    reasons: tuple[Reason, ...]
    qualification_parts: tuple[QualificationPart, ...] = field(default=())
    is_project: bool = False

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

    @property
    def has_unverified_facts(self) -> bool:
        """True when a department or a mapping in the answer is not backed by a source."""
        return any(
            p.department_unverified or p.mapping_unverified or p.qualification_name_unverified
            for p in self.qualification_parts
        )


def certificate_types_for(code: str, job_type: str = "") -> CertificateTypeAnswer:
    """Answer the rule for an occupation code (大典, new-occupation or 专项 project code) and optional 工种.

    Raises:
        NotFound: no occupation or project has this code.
    """
    occupation = Occupation.objects.filter(code=code).select_related("parent").first()
    if occupation is not None:
        return _answer_for_occupation(occupation, job_type.strip())
    new = _new_occupation(code)
    if new is not None:
        return _answer_for_new_occupation(new)
    project = public_projects().filter(code=code).first()  # a draft is not public: it answers as unknown
    if project is not None:
        return _answer_for_project(project)
    raise NotFound(_("No occupation has the code %(code)s.") % {"code": code}, code="unknown_occupation")


def _new_occupation(code: str) -> NewOccupation | None:
    """A new occupation outside the 2022 book, by its code or by the project code it had before."""
    found = NewOccupation.objects.filter(code=code, occupation__isnull=True).first()
    if found is None and code:
        found = NewOccupation.objects.filter(legacy_code__iexact=code, occupation__isnull=True).first()
    return found


# ---------------------------------------------------------------------------
# Catalogue parts
# ---------------------------------------------------------------------------
def _parts_for(occupation: Occupation) -> list[QualificationPart]:
    coverages = QualificationCoverage.objects.filter(occupation=occupation).select_related("item")
    return [
        QualificationPart(
            name=c.part_name or c.item.display_name,
            extent=c.extent,
            department=c.item.implementing_department,
            department_unverified=c.item.department_unverified,
            qualification=c.item.display_name,
            qualification_name_unverified=c.item.group_name_unverified,
            professional=c.item.is_professional,
            access_class=c.item.access_class,
            mapping_unverified=not c.verified,
            unverified_reason=c.unverified_reason,
            source=c.source,
        )
        for c in coverages.order_by("item__row_no")
    ]


def _class_label(part: QualificationPart) -> str:
    if part.access_class == "准入类":
        return _("准入类, licensing")
    if part.access_class == "水平评价类":
        return _("水平评价类, level evaluation")
    return _("class unverified")


def _department_label(part: QualificationPart) -> str:
    if not part.department:
        return _("department not stated in the source")
    return part.department + (_(" (unverified)") if part.department_unverified else "")


def _describe_one(part: QualificationPart) -> str:
    """E.g. 护士执业资格（国家职业资格目录，准入类），由国家卫生健康委实施."""
    values = {"name": part.name, "class": _class_label(part), "department": _department_label(part)}
    if part.professional:
        text = _("%(name)s (national vocational qualification catalogue, %(class)s), implemented by %(department)s")
    else:
        text = _("%(name)s (skill section, %(class)s), implemented by %(department)s")
    text = text % values
    if part.mapping_unverified:
        text += _(" (mapping to this occupation unverified)")
    return text


def _describe(parts: list[QualificationPart]) -> str:
    """Name each part with its class and implementing department, in the active language."""
    return _("; ").join(_describe_one(p) for p in parts)


# ---------------------------------------------------------------------------
# Occupations of the 大典
# ---------------------------------------------------------------------------
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
        return answer((CertificateType.QUALIFICATION,), _whole_reasons(whole) + _partial_reasons(partial), parts)
    skill_lawful, skill_reasons = _skill_level_reasons(occupation, rest_only=bool(partial))
    skill: tuple[str, ...] = (CertificateType.SKILL_LEVEL,) if skill_lawful else ()
    if not partial:
        return answer(skill, skill_reasons, [])
    matched = [p for p in partial if job_type and (job_type in p.name or p.name in job_type)]
    if matched:
        return answer((CertificateType.QUALIFICATION,), [_job_type_reason(job_type, matched)], matched)
    return answer((CertificateType.QUALIFICATION, *skill), [*_partial_reasons(partial), *skill_reasons], partial)


def _not_an_occupation_message(occupation: Occupation) -> str:
    return _(
        "%(code)s is a category of the classification, not an occupation; certificates name an occupation "
        "(细类, a code like 6-18-02-04)."
    ) % {"code": occupation.code}


def _whole_reasons(whole: list[QualificationPart]) -> list[Reason]:
    reasons = []
    professional = [p for p in whole if p.professional]
    skill = [p for p in whole if not p.professional]
    if professional:
        reasons.append(
            Reason(
                "professional_qualification",
                _("%(parts)s — not a vocational skill level certificate.") % {"parts": _describe(professional)},
            )
        )
    if skill:
        reasons.append(
            Reason(
                "in_qualification_catalogue",
                _(
                    "Listed in the national vocational qualification catalogue (2021): %(names)s. Only a vocational "
                    "qualification certificate issued under the implementing department applies; skill level "
                    "certificates are not issued for catalogue occupations."
                )
                % {"names": _describe(skill)},
            )
        )
    return reasons


def _partial_reasons(partial: list[QualificationPart]) -> list[Reason]:
    reasons = []
    professional = [p for p in partial if p.professional]
    skill = [p for p in partial if not p.professional]
    if professional:
        reasons.append(
            Reason(
                "partly_professional_qualification",
                _(
                    "Part of this occupation needs a professional qualification: %(parts)s — not a vocational "
                    "skill level certificate."
                )
                % {"parts": _describe(professional)},
            )
        )
    if skill:
        reasons.append(
            Reason(
                "partly_in_qualification_catalogue",
                _(
                    "Part of this occupation is in the national vocational qualification catalogue (2021): "
                    "%(names)s. That part needs a vocational qualification certificate; the rest of the occupation "
                    "does not."
                )
                % {"names": _describe(skill)},
            )
        )
    return reasons


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


def _skill_level_reasons(occupation: Occupation, *, rest_only: bool) -> tuple[bool, list[Reason]]:
    """Return whether skill level certificates are lawful outside the catalogue, and why."""
    published = [n for n in occupation.new_occupation_entries.all() if n.status == NewOccupationStatus.PUBLISHED]
    notes = [_new_occupation_note(n) for n in published]
    if occupation.major_code in SKILL_MAJOR_CATEGORIES:
        reason = Reason(
            "outside_catalogue_category_3_6",
            _(
                "Outside the qualification catalogue and in major category %(major)s of the occupational "
                "classification (2022): a vocational skill level certificate may be issued by an evaluation "
                "institution whose record covers this occupation and level."
            )
            % {"major": occupation.major_code},
        )
        return True, [reason, *notes]
    return False, [_category_reason(occupation.major_code, rest_only=rest_only), *notes]


def _category_reason(major: str, *, rest_only: bool = False) -> Reason:
    messages = {
        "1": _("Major category 1 (leaders of organisations and enterprises) is not a skill occupation."),
        "2": _(
            "Major category 2 (professional and technical personnel) is evaluated through professional titles "
            "and professional qualifications, not through skill certificates."
        ),
        "7": _("Major category 7 (military personnel) is outside skill evaluation."),
        "8": _("Major category 8 (personnel not classifiable) is outside skill evaluation."),
    }
    if rest_only:
        tail = _(
            "For the rest of the occupation neither a vocational qualification nor a skill level certificate applies."
        )
    else:
        tail = _(
            "It is not covered by the national vocational qualification catalogue (2021): neither a vocational "
            "qualification certificate nor a skill level certificate applies."
        )
    return Reason(f"category_{major}_not_skill", messages.get(major, "") + " " + tail)


def _new_occupation_note(new: NewOccupation) -> Reason:
    return Reason(
        "published_new_occupation",
        _("Published as a new occupation by the Ministry of Human Resources and Social Security (%(batch)s, %(doc)s).")
        % {"batch": new.batch_name, "doc": new.document_no},
    )


# ---------------------------------------------------------------------------
# New occupations outside the 2022 book, and 专项 projects
# ---------------------------------------------------------------------------
def _answer_for_new_occupation(new: NewOccupation) -> CertificateTypeAnswer:
    major = new.code[:1] if new.code[:1].isdigit() else ""

    def answer(types: tuple[str, ...], reason: Reason) -> CertificateTypeAnswer:
        return CertificateTypeAnswer(new.code, new.name, major, types, (reason,))

    values = {"batch": new.batch_name, "doc": new.document_no, "code": new.code, "major": major}
    if new.status != NewOccupationStatus.PUBLISHED:
        return answer(
            (),
            Reason(
                "new_occupation_not_published",
                _("Proposed as a new occupation and still in public comment (%(doc)s): no certificate applies yet.")
                % values,
            ),
        )
    if new.work_kind == WorkKind.TECHNICAL:
        return answer(
            (),
            Reason(
                "new_occupation_technical",
                _(
                    "A new professional and technical occupation (%(batch)s, %(doc)s; code %(code)s in major "
                    "category %(major)s): evaluated through professional titles, not skill certificates."
                )
                % values,
            ),
        )
    if new.work_kind == WorkKind.SKILL:
        return answer(
            (CertificateType.SKILL_LEVEL,),
            Reason(
                "new_skill_occupation",
                _(
                    "A skill-type new occupation published by the Ministry of Human Resources and Social Security "
                    "(%(batch)s, %(doc)s; code %(code)s in major category %(major)s): a vocational skill level "
                    "certificate may be issued by a recorded evaluation institution."
                )
                % values,
            ),
        )
    return answer(
        (),
        Reason(
            "new_occupation_unclassified",
            _(
                "Published as a new occupation (%(batch)s, %(doc)s), but no source here gives its classification "
                "code, so whether it is a skill occupation (major categories 3–6) is not established: no certificate "
                "can be confirmed until its code is recorded."
            )
            % values,
        ),
    )


def _answer_for_project(project: SpecialAbilityProject) -> CertificateTypeAnswer:
    if project.status == ProjectStatus.RETIRED:
        reason = Reason(
            "special_ability_project_retired",
            _("The special vocational ability assessment project %(code)s is retired: no new certificates.")
            % {"code": project.code},
        )
        return CertificateTypeAnswer(project.code, project.name, "", (), (reason,), is_project=True)
    reason = Reason(
        "special_ability_project",
        _(
            "A special vocational ability assessment project (%(code)s): a special vocational ability certificate "
            "is issued by the provincial or city HR department for passing its assessment specification."
        )
        % {"code": project.code},
    )
    return CertificateTypeAnswer(
        project.code, project.name, "", (CertificateType.SPECIAL_ABILITY,), (reason,), is_project=True
    )
