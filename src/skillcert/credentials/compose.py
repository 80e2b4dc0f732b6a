"""Composing credentials: a certificate as an Open Badges 3.0 ``OpenBadgeCredential``.

Composition is pure: plain facts in, a JSON-LD document out, nothing read from
the database. Credential text is fixed data, not interface text: Chinese and
English wording is written out here rather than translated at run time, so the
signed document never depends on the language of the request that issued it.
Open Badges 3.0 names are plain strings (its schema has no language maps), so
names carry Chinese, and descriptions carry both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings

from skillcert.credentials.did import issuer_did, xsd_datetime
from skillcert.credentials.loader import CREDENTIALS_V2, OB_V3P0

REGISTRY_NAME = "四川省职业技能鉴定指导中心"
REGISTRY_NAME_EN = "Sichuan Vocational Skill Testing and Guidance Centre"
OCCUPATION_FRAMEWORK = "中华人民共和国职业分类大典（2022年版）"
PROJECT_FRAMEWORK = "专项职业能力考核项目"
LEVEL_DESCRIPTION_ID = "urn:skillcert:skill-levels"
# What the certificate was evaluated against: the alignment's framework name (Chinese, as printed) and English.
STANDARD_NAMES: dict[str, tuple[str, str]] = {
    "national_standard": ("国家职业技能标准", "National occupational skill standard"),
    "industry_specification": ("行业企业评价规范", "Industry or enterprise evaluation specification"),
    "special_specification": ("专项考核规范", "Special ability assessment specification"),
}

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "qualification": ("职业资格证书", "Vocational Qualification Certificate"),
    "skill_level": ("职业技能等级证书", "Vocational Skill Level Certificate"),
    "special_ability": ("专项职业能力证书", "Special Vocational Ability Certificate"),
}
# Open Badges achievementType: qualifications are certifications by an authority; the others certificates.
ACHIEVEMENT_TYPES = {"qualification": "Certification", "skill_level": "Certificate", "special_ability": "Certificate"}
LEVEL_NAMES: dict[int, tuple[str, str]] = {
    5: ("初级（五级）", "Level 5 (Elementary)"),
    4: ("中级（四级）", "Level 4 (Intermediate)"),
    3: ("高级（三级）", "Level 3 (Advanced)"),
    2: ("技师（二级）", "Level 2 (Technician)"),
    1: ("高级技师（一级）", "Level 1 (Senior Technician)"),
}


@dataclass(frozen=True)
class CertificateFacts:
    """Everything a certificate's credential says, as the certificates app recorded it.

    Nothing derived from the ID number is among them: a hash of a number with so little
    entropy (region, birth date, three digits, a check character) is reversed offline in
    well under a second, salt or not. A verifier who needs to tie the holder to their ID card
    asks the registry instead (the verification-code page's rate-limited "核对证件号码").
    ``status_entries`` holds ``(purpose, list_url, index)`` from
    ``services.allocate_status_entries``.
    """

    credential_id: str
    certificate_type: str
    certificate_number: str
    holder_name: str
    holder_romanised_name: str
    occupation_code: str
    occupation_name: str
    job_type: str
    level: int | None
    project_code: str
    project_name: str
    issuer_name: str
    issuer_on_behalf: str
    issued_on: date
    valid_from: datetime
    status_entries: Sequence[tuple[str, str, int]] = field(default_factory=tuple)
    issuer_url: str = ""
    standard_kind: str = ""  # certificates.choices.EvaluationStandard value; "" for certificates without one
    standard_code: str = ""


def level_uri(level: int) -> str:
    """The identifier of a level in the levels rubric (``result.achievedLevel``)."""
    return f"{LEVEL_DESCRIPTION_ID}:{level}"


def _public(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def _subject_of(facts: CertificateFacts) -> tuple[str, str, str]:
    """(code, name, catalogue URL) of what the certificate is for: the occupation or the project."""
    if facts.certificate_type == "special_ability":
        return facts.project_code, facts.project_name, _public(f"/catalog/projects/{quote(facts.project_code)}/")
    url = _public(f"/catalog/{quote(facts.occupation_code)}/")
    return (
        facts.occupation_code,
        facts.occupation_name,
        url + (f"?job_type={quote(facts.job_type)}" if facts.job_type else ""),
    )


def _achievement_name(facts: CertificateFacts) -> str:
    _code, name, _url = _subject_of(facts)
    parts = [name, f"（{facts.job_type}）" if facts.job_type else ""]
    if facts.level:
        parts.append(" " + LEVEL_NAMES[facts.level][0])
    return "".join(parts)


def _alignment(facts: CertificateFacts) -> dict[str, Any]:
    code, name, url = _subject_of(facts)
    framework = PROJECT_FRAMEWORK if facts.certificate_type == "special_ability" else OCCUPATION_FRAMEWORK
    return {
        "type": ["Alignment"],
        "targetCode": code,
        "targetName": name,
        "targetFramework": framework,
        "targetUrl": url,
        "targetType": "ext:Occupation" if framework == OCCUPATION_FRAMEWORK else "ext:AssessmentProject",
    }


def _standard_alignment(facts: CertificateFacts) -> dict[str, Any] | None:
    """The standard the certificate was evaluated against, as a second alignment of the achievement.

    ``targetUrl`` is where the standard is described: the occupation's page for a national standard,
    the project's specification page for a 专项考核规范, the issuing institution's page for its own
    行业企业评价规范.
    """
    if facts.standard_kind not in STANDARD_NAMES:
        return None
    zh, en = STANDARD_NAMES[facts.standard_kind]
    _code, _name, url = _subject_of(facts)
    if facts.standard_kind == "industry_specification" and facts.issuer_url:
        url = facts.issuer_url
    alignment: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": f"{zh}（{facts.standard_code}）" if facts.standard_code else zh,
        "targetDescription": f"评价依据：{zh}。 Evaluated against: {en}.",
        "targetFramework": zh,
        "targetUrl": url.split("?")[0],
        "targetType": "ext:EvaluationStandard",
    }
    if facts.standard_code:
        alignment["targetCode"] = facts.standard_code
    return alignment


def _levels_rubric() -> dict[str, Any]:
    """The five levels as the rubric that ``result.achievedLevel`` points into."""
    return {
        "id": LEVEL_DESCRIPTION_ID,
        "type": ["ResultDescription"],
        "name": "职业技能等级 Skill level",
        "resultType": "RubricCriterionLevel",
        "rubricCriterionLevel": [
            {"id": level_uri(level), "type": ["RubricCriterionLevel"], "name": f"{zh} {en}", "level": str(level)}
            for level, (zh, en) in sorted(LEVEL_NAMES.items(), reverse=True)
        ],
    }


def _achievement(facts: CertificateFacts) -> dict[str, Any]:
    code, _name, url = _subject_of(facts)
    zh_type, en_type = TYPE_NAMES[facts.certificate_type]
    achievement: dict[str, Any] = {
        "id": f"{url}#{facts.certificate_type}" + (f"-level-{facts.level}" if facts.level else ""),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[facts.certificate_type],
        "name": _achievement_name(facts),
        "description": f"{zh_type}：{_achievement_name(facts)}。{en_type}: {code}"
        + (f", {LEVEL_NAMES[facts.level][1]}" if facts.level else "")
        + ".",
        "criteria": {"narrative": _criteria(facts)},
        "humanCode": code,
        "inLanguage": "zh-Hans",
        "alignment": [_alignment(facts)],
    }
    standard = _standard_alignment(facts)
    if standard is not None:
        achievement["alignment"].append(standard)
    if facts.job_type:
        achievement["specialization"] = facts.job_type
    if facts.level:
        achievement["resultDescription"] = [_levels_rubric()]
    return achievement


def _criteria(facts: CertificateFacts) -> str:
    if facts.certificate_type == "special_ability":
        return "通过专项职业能力考核规范规定的考核。 Passed the assessment set by the project's specification."
    if facts.certificate_type == "qualification":
        return "取得国家职业资格目录所列职业资格。 Holds a qualification listed in the national catalogue."
    return (
        "通过按国家职业技能标准或评价规范组织的职业技能等级认定。"
        " Passed a skill level assessment under the national occupational skill standard"
        " or an evaluation specification."
    )


def _identifiers(facts: CertificateFacts) -> list[dict[str, Any]]:
    """The holder as Open Badges identity objects: the name and the romanised name, never the ID number."""
    identifiers = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": facts.holder_name},
    ]
    if facts.holder_romanised_name:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "ext:romanisedName",
                "hashed": False,
                "identityHash": facts.holder_romanised_name,
            }
        )
    return identifiers


def _source(facts: CertificateFacts) -> dict[str, Any]:
    """The body that assessed and issued the certificate under its own name (the institution, …)."""
    source: dict[str, Any] = {
        "id": facts.issuer_url or f"urn:skillcert:issuer:{quote(facts.issuer_name, safe='')}",
        "type": ["Profile"],
        "name": facts.issuer_name,
    }
    if facts.issuer_on_behalf:
        source["description"] = f"证书加盖 {facts.issuer_on_behalf} 印章。 Sealed by {facts.issuer_on_behalf}."
    return source


def _subject(facts: CertificateFacts) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": _identifiers(facts),
        "licenseNumber": facts.certificate_number,
        "achievement": _achievement(facts),
        "source": _source(facts),
    }
    if facts.level:
        subject["result"] = [
            {"type": ["Result"], "resultDescription": LEVEL_DESCRIPTION_ID, "achievedLevel": level_uri(facts.level)}
        ]
    return subject


def status_entry(purpose: str, list_url: str, index: int) -> dict[str, Any]:
    """One ``BitstringStatusListEntry``; it carries an ``id`` (``<list>#<index>``), see ``schema.py``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def issuer_profile() -> dict[str, Any]:
    """The issuer: this registry, identified by its did:web."""
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": REGISTRY_NAME,
        "description": REGISTRY_NAME_EN,
        "url": settings.PUBLIC_URL,
    }


def compose_certificate_credential(facts: CertificateFacts) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` of one certificate."""
    zh_type, en_type = TYPE_NAMES[facts.certificate_type]
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OB_V3P0],
        "id": facts.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{zh_type} {en_type}",
        "description": f"{zh_type}，证书编号 {facts.certificate_number}。 {en_type} No. {facts.certificate_number}.",
        "issuer": issuer_profile(),
        "validFrom": xsd_datetime(facts.valid_from),
        "awardedDate": f"{facts.issued_on.isoformat()}T00:00:00+08:00",
        "credentialSubject": _subject(facts),
    }
    if facts.status_entries:
        credential["credentialStatus"] = [status_entry(*entry) for entry in facts.status_entries]
    return credential


def compose_status_list_credential(
    *, url: str, purpose: str, encoded_list: str, valid_from: datetime, ttl_ms: int
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` published at ``url``."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
            "ttl": ttl_ms,
        },
    }
