"""Legacy import: existing certificates with their original numbers, millions at a time.

The file is read twice, streaming: the first pass checks every row (number
format, duplicates in the file and in the registry, name, ID number, level,
date) and stops with an error report if any row is wrong; the second pass
stores everything in one transaction, 5,000 rows at a time, through the same
holder and certificate services as every other path. Nothing is stored unless
every row is right.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.choices import LEVEL_WORDS, CertificateType
from skillcert.certificates.choices import CertificateSource
from skillcert.certificates.models import Certificate
from skillcert.certificates.numbering import check_number_format
from skillcert.core.actors import Actor
from skillcert.core.errors import InvalidInput
from skillcert.core.jobs import Progress, job_handler
from skillcert.core.models import Job

CHUNK = 5000
TYPES = {
    "职业技能等级证书": CertificateType.SKILL_LEVEL,
    "职业资格证书": CertificateType.QUALIFICATION,
    "专项职业能力证书": CertificateType.SPECIAL_ABILITY,
    **{value: value for value in CertificateType.values},
}
HEADERS = [
    "证书类型",
    "证书编号",
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "职业编码",
    "职业名称",
    "工种",
    "等级",
    "考核项目编码",
    "发证机构",
    "发证日期",
]


@dataclass
class LegacyRow:
    row_no: int
    certificate_type: str
    number: str
    name: str
    id_type: str
    id_number: str
    gender: str
    occupation_code: str
    occupation_name: str
    job_type: str
    level: int | None
    project_code: str
    issuer: str
    issued_on: dt.date


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [h for h in HEADERS if h not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(_("The legacy file lacks the columns: %(columns)s.") % {"columns": "、".join(missing)})
        for row_no, row in enumerate(reader, start=2):
            yield row_no, {k: (v or "").strip() for k, v in row.items() if k}


def parse_row(row_no: int, raw: dict[str, str]) -> LegacyRow:
    """Check one row as a stored certificate must be; raises InvalidInput naming the row."""
    from skillcert.people.choices import GENDER_WORDS
    from skillcert.people.idnumbers import id_type_from_label, normalise_id_number, validate_id_number
    from skillcert.people.names import validate_person_name

    try:
        certificate_type = TYPES[raw["证书类型"]]
    except KeyError:
        raise InvalidInput(_("Row %(row)s: unknown certificate type.") % {"row": row_no}) from None
    try:
        number = raw["证书编号"].upper()
        check_number_format(certificate_type, number)
        id_type = id_type_from_label(raw["证件类型"])
        id_number = normalise_id_number(id_type, raw["证件号码"])
        validate_id_number(id_type, id_number)
        name = validate_person_name(raw["姓名"])
        level = LEVEL_WORDS.get(raw["等级"]) if raw["等级"] else None
        if certificate_type == CertificateType.SKILL_LEVEL and level is None:
            raise InvalidInput(_("a skill level certificate needs its level (1–5)"))
        issued_on = dt.date.fromisoformat(raw["发证日期"])
        if not raw["发证机构"]:
            raise InvalidInput(_("the issuer is missing"))
    except (InvalidInput, ValueError) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else _("the issue date must be YYYY-MM-DD")
        raise InvalidInput(_("Row %(row)s: %(message)s") % {"row": row_no, "message": message}) from None
    return LegacyRow(
        row_no, certificate_type, number, name, id_type, id_number, GENDER_WORDS.get(raw["性别"].lower(), ""),
        raw["职业编码"], raw["职业名称"], raw["工种"], level, raw["考核项目编码"], raw["发证机构"], issued_on,
    )  # fmt: skip


def check_file(path: Path) -> int:
    """First pass: every row right, no number twice in the file or already in the registry. Returns the row count."""
    seen: set[bytes] = set()
    count = 0
    pending: list[tuple[int, str]] = []
    for row_no, raw in _rows(path):
        row = parse_row(row_no, raw)
        digest = hashlib.blake2b(row.number.encode(), digest_size=8).digest()
        if digest in seen:
            raise InvalidInput(
                _("Row %(row)s: the number %(number)s appears twice in the file.")
                % {"row": row_no, "number": row.number}
            )
        seen.add(digest)
        pending.append((row_no, row.number))
        if len(pending) >= CHUNK:
            _refuse_existing(pending)
            pending = []
        count += 1
    _refuse_existing(pending)
    if count == 0:
        raise InvalidInput(_("The file has a header but no rows."))
    return count


def _refuse_existing(pending: list[tuple[int, str]]) -> None:
    numbers = {number: row_no for row_no, number in pending}
    existing = Certificate.objects.filter(number__in=numbers).values_list("number", flat=True).first()
    if existing:
        raise InvalidInput(
            _("Row %(row)s: the number %(number)s is already in the registry.")
            % {"row": numbers[existing], "number": existing}
        )


def _store_chunk(rows: list[LegacyRow], job_id: str, actor: Actor) -> None:
    from skillcert.catalog.models import SpecialAbilityProject
    from skillcert.certificates.services import register_legacy_certificates
    from skillcert.people.services import HolderInput, register_holders_bulk

    holders = register_holders_bulk(
        [HolderInput(name=r.name, id_type=r.id_type, id_number=r.id_number, gender=r.gender) for r in rows],
        actor=actor,
    )
    projects = {
        p.code: p
        for p in SpecialAbilityProject.objects.filter(code__in={r.project_code for r in rows if r.project_code})
    }
    certificates = [
        Certificate(
            certificate_type=r.certificate_type,
            number=r.number,
            holder=holder,
            holder_name=r.name,
            holder_romanised_name=holder.romanised_name,
            occupation_code=r.occupation_code,
            occupation_name=r.occupation_name,
            job_type=r.job_type,
            level=r.level,
            project=projects.get(r.project_code),
            issuer_name=r.issuer,
            issued_on=r.issued_on,
            source=CertificateSource.LEGACY,
            batch_id=job_id,
        )
        for r, holder in zip(rows, holders, strict=True)
    ]
    missing_project = next(
        (
            r
            for r, c in zip(rows, certificates, strict=True)
            if c.certificate_type == "special_ability" and c.project is None
        ),
        None,
    )
    if missing_project is not None:
        raise InvalidInput(
            _("Row %(row)s: unknown assessment project %(code)s.")
            % {"row": missing_project.row_no, "code": missing_project.project_code}
        )
    register_legacy_certificates(certificates=certificates, actor=actor)


@job_handler("certificates.legacy_import")
def legacy_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Check the whole file, then store it in one transaction."""
    path = Path(job.params["path"])
    total = check_file(path)
    progress.total(total)
    done = 0
    with transaction.atomic():
        chunk: list[LegacyRow] = []
        for row_no, raw in _rows(path):
            chunk.append(parse_row(row_no, raw))
            if len(chunk) >= CHUNK:
                _store_chunk(chunk, job.public_id, job.owner)
                done += len(chunk)
                chunk = []
                progress.advance(done, force=True)
        if chunk:
            _store_chunk(chunk, job.public_id, job.owner)
            done += len(chunk)
    return {"imported": done}
