"""Loading the shipped reference files into the database, idempotently.

The files in ``data/`` are copies of the published reference data (sources in
``docs/data-sources.md``) plus the project's curated ``qualification_coverage.csv``.
Running the loader twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import models, transaction

from skillcert.catalog.choices import NewOccupationKind, NewOccupationStatus, WorkKind
from skillcert.catalog.models import (
    NewOccupation,
    Occupation,
    Province,
    QualificationCoverage,
    QualificationItem,
    Region,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
# New occupations named like this are 专业技术 (major category 2) occupations, as in batches 1–5.
TECHNICAL_SUFFIXES = ("工程技术人员",)


def rows(filename: str) -> Iterator[dict[str, str]]:
    """Yield the rows of a shipped CSV file as dicts with stripped values."""
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items()}


def _sync(model: type[models.Model], key: str, records: list[dict[str, Any]]) -> int:
    """Create missing rows and update changed ones, matched on ``key``; return rows touched."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}  # type: ignore[attr-defined]
    to_create, to_update = [], []
    fields = [name for name in records[0] if name != key] if records else []
    for record in records:
        obj = existing.get(record[key])
        if obj is None:
            to_create.append(model(**record))
        elif any(getattr(obj, name) != record[name] for name in fields):
            for name in fields:
                setattr(obj, name, record[name])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)  # type: ignore[attr-defined]
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)  # type: ignore[attr-defined]
    return len(to_create) + len(to_update)


def load_occupations() -> int:
    """Load the 大典 2022 rows, parents before children (levels 1 → 4)."""
    touched = 0
    all_rows = sorted(rows("occupation_classification_2022.csv"), key=lambda r: int(r["level"]))
    for level in (1, 2, 3, 4):
        parents = {o.code: o.pk for o in Occupation.objects.filter(level=level - 1)} if level > 1 else {}
        records = [
            {
                "code": r["code"],
                "level": level,
                "name": r["name"],
                "parent_id": parents.get(r["parent_code"]) if r["parent_code"] else None,
                "major_code": r["major_code"],
                "gbm_code": r["gbm_code"],
                "green_digital_flag": r["green_digital_flag"],
                "name_variant": r["ocr_name_variant"],
            }
            for r in all_rows
            if int(r["level"]) == level
        ]
        touched += _sync(Occupation, "code", records)
    return touched


def load_qualifications() -> int:
    """Load the 2021 qualification catalogue rows and the curated coverage of occupations."""
    records = []
    for row_no, r in enumerate(rows("national_vocational_qualification_catalog_2021.csv"), start=1):
        records.append(
            {
                "row_no": row_no,
                "section": r["section"],
                "item_no": int(r["item_no"]) if r["item_no"] else None,
                "qualification_name": r["qualification_name"],
                "sub_item": r["sub_item"],
                "category": r["category"],
                "grouping_status": r["item_grouping_status"],
                "implementing_department": r["implementing_dept_unverified"],
                "department_unverified": bool(r["implementing_dept_unverified"]),
                "candidate_codes": r["dadian2022_code_candidates"],
            }
        )
    touched = _sync(QualificationItem, "row_no", records)
    items = {(i.qualification_name, i.sub_item): i for i in QualificationItem.objects.all()}
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    for r in rows("qualification_coverage.csv"):
        _obj, created = QualificationCoverage.objects.update_or_create(
            item=items[(r["qualification_name"], r["sub_item"])],
            occupation=occupations[r["occupation_code"]],
            defaults={"extent": r["extent"], "part_name": r["part_name"], "basis": r["basis"]},
        )
        touched += int(created)
    return touched


def _new_occupation_record(r: dict[str, str], code: str, occupation_ids: dict[str, int]) -> dict[str, Any]:
    dadian = r["dadian2022_code"]
    if dadian:
        work_kind, inferred = (WorkKind.TECHNICAL if dadian.startswith("2") else WorkKind.SKILL), False
    else:
        work_kind = WorkKind.TECHNICAL if r["name"].endswith(TECHNICAL_SUFFIXES) else WorkKind.SKILL
        inferred = True
    return {
        "code": code,
        "batch": int(r["batch"]),
        "batch_name": r["batch_name"],
        "kind": NewOccupationKind(r["kind"]),
        "name": r["name"],
        "occupation_id": occupation_ids.get(dadian),
        "document_no": r["document_no"],
        "published_date": dt.date.fromisoformat(r["published_date"]) if r["published_date"] else None,
        "status": NewOccupationStatus(r["status"]),
        "work_kind": work_kind,
        "work_kind_inferred": inferred,
        "source_url": r["source_url"],
    }


def load_new_occupations() -> int:
    """Load 人社部 new occupations; those without a 大典 code get ``N<batch>-<nn>``."""
    occupation_ids = dict(Occupation.objects.filter(level=4).values_list("code", "pk"))
    records: list[dict[str, Any]] = []
    serial: dict[int, int] = {}
    for r in rows("new_occupations_2019_2025.csv"):
        batch = int(r["batch"])
        serial[batch] = serial.get(batch, 0) + 1
        code = r["dadian2022_code"] or f"N{batch}-{serial[batch]:02d}"
        records.append(_new_occupation_record(r, code, occupation_ids))
    return _sync(NewOccupation, "code", records)


def load_regions() -> int:
    """Load Sichuan's 21 市(州) and the 31 province codes."""
    touched = _sync(
        Region,
        "code",
        [
            {"code": r["code"], "code4": r["code4"], "name": r["name"], "kind": r["type"]}
            for r in rows("sichuan_prefectures.csv")
        ],
    )
    touched += _sync(
        Province,
        "code2",
        [{"code2": r["code2"], "code6": r["code6"], "name": r["name"]} for r in rows("province_codes_gbt2260.csv")],
    )
    return touched


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Load every reference file; return the number of rows created or changed per kind."""
    return {
        "occupations": load_occupations(),
        "qualification_catalogue": load_qualifications(),
        "new_occupations": load_new_occupations(),
        "regions": load_regions(),
    }
