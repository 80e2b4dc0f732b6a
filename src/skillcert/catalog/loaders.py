"""Loading the shipped reference files into the database, idempotently.

The files in ``data/`` are copies of the published reference data (sources in
``docs/data-sources.md``) plus the project's curated files: ``qualification_departments.csv``
(clean implementing departments per catalogue row), ``qualification_coverage.csv`` (which
大典 occupations each row covers), ``new_occupation_codes.csv`` (official codes of new
occupations published after the 2022 book), ``occupation_aliases.csv`` (former names and 工种 of
大典 occupations, each with its source) and ``reference_sources.csv`` (the sources those
files cite). Running the loader twice changes nothing the second time. Inconsistent data (an
occupation code not in the 大典, a catalogue row without departments, an unknown source key)
stops the load with :class:`ReferenceDataError` before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import models, transaction

from skillcert.catalog.choices import AliasKind, CoverageExtent, NewOccupationKind, NewOccupationStatus, WorkKind
from skillcert.catalog.models import (
    NewOccupation,
    Occupation,
    OccupationAlias,
    Province,
    QualificationCoverage,
    QualificationItem,
    Region,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
TECHNICAL_MAJOR_CATEGORIES = frozenset("12")
SKILL_MAJOR_CATEGORIES = frozenset("3456")
# A marker the source puts inside a department name; the clean table never carries it.
WORKING_MARKERS = ("未核实", "(", "（", "?", "？")


class ReferenceDataError(Exception):
    """The shipped reference files contradict each other; the message names the file and row."""


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


def load_sources() -> dict[str, str]:
    """Source key → a one-line citation (title and locator), from ``reference_sources.csv``."""
    return {r["key"]: f"{r['title']} ({r['locator']})" for r in rows("reference_sources.csv")}


def _cite(key: str, sources: dict[str, str], where: str) -> str:
    if not key:
        return ""
    if key not in sources:
        raise ReferenceDataError(f"{where}: unknown source key {key!r} (see reference_sources.csv)")
    return sources[key]


def _department_rows(sources: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """(qualification, sub-item) → clean departments, verification and source, checked."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for line, r in enumerate(rows("qualification_departments.csv"), start=2):
        where = f"qualification_departments.csv line {line}"
        names = [d.strip() for d in r["departments"].split("|") if d.strip()]
        if not names:
            raise ReferenceDataError(f"{where}: no implementing department")
        if any(marker in d for d in names for marker in WORKING_MARKERS):
            raise ReferenceDataError(f"{where}: a department name carries a working marker: {r['departments']}")
        verified = r["verified"] == "yes"
        if verified and not r["source"]:
            raise ReferenceDataError(f"{where}: marked verified without a source")
        found[(r["qualification_name"], r["sub_item"])] = {
            "implementing_department": "、".join(names),
            "department_unverified": not verified,
            "department_source": _cite(r["source"], sources, where),
            "department_note": r["note"],
            "no_occupation_reason": r["no_occupation_reason"],
        }
    return found


def _catalogue_records(sources: dict[str, str]) -> list[dict[str, Any]]:
    departments = _department_rows(sources)
    records = []
    for row_no, r in enumerate(rows("national_vocational_qualification_catalog_2021.csv"), start=1):
        key = (r["qualification_name"], r["sub_item"])
        if key not in departments:
            raise ReferenceDataError(f"qualification_departments.csv: no row for catalogue entry {key}")
        records.append(
            {
                "row_no": row_no,
                "section": r["section"],
                "item_no": int(r["item_no"]) if r["item_no"] else None,
                "qualification_name": r["qualification_name"],
                "sub_item": r["sub_item"],
                "category": r["category"],
                "grouping_status": r["item_grouping_status"],
                "candidate_codes": r["dadian2022_code_candidates"],
                **departments.pop(key),
            }
        )
    if departments:
        raise ReferenceDataError(f"qualification_departments.csv: rows match no catalogue entry: {sorted(departments)}")
    return records


def _coverage_records(sources: dict[str, str]) -> list[dict[str, Any]]:
    items = {(i.qualification_name, i.sub_item): i for i in QualificationItem.objects.all()}
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    records = []
    for line, r in enumerate(rows("qualification_coverage.csv"), start=2):
        where = f"qualification_coverage.csv line {line}"
        item = items.get((r["qualification_name"], r["sub_item"]))
        if item is None:
            raise ReferenceDataError(f"{where}: no catalogue entry {r['qualification_name']} {r['sub_item']}")
        occupation = occupations.get(r["occupation_code"])
        if occupation is None:
            raise ReferenceDataError(f"{where}: {r['occupation_code']} is not an occupation of the 大典 (2022)")
        if r["extent"] not in CoverageExtent.values or (r["extent"] == CoverageExtent.PART and not r["part_name"]):
            raise ReferenceDataError(f"{where}: extent must be whole, or part with the part named")
        verified = r["verified"] == "yes"
        if not verified and not r["unverified_reason"]:
            raise ReferenceDataError(f"{where}: an unverified mapping needs its reason")
        records.append(
            {
                "item": item,
                "occupation": occupation,
                "extent": r["extent"],
                "part_name": r["part_name"],
                "basis": r["basis"],
                "source": _cite(r["source"], sources, where),
                "verified": verified,
                "unverified_reason": "" if verified else r["unverified_reason"],
            }
        )
    covered = {id(rec["item"]) for rec in records}
    bare = [i for i in items.values() if id(i) not in covered and not i.no_occupation_reason]
    if bare:
        raise ReferenceDataError(f"catalogue entries cover no occupation and say no reason: {[str(i) for i in bare]}")
    return records


def load_qualifications() -> int:
    """Load the 2021 catalogue rows with their departments, and the curated coverage of occupations."""
    sources = load_sources()
    touched = _sync(QualificationItem, "row_no", _catalogue_records(sources))
    existing = {(c.item_id, c.occupation_id): c for c in QualificationCoverage.objects.all()}
    fields = ["extent", "part_name", "basis", "source", "verified", "unverified_reason"]
    for record in _coverage_records(sources):
        obj = existing.pop((record["item"].pk, record["occupation"].pk), None)
        if obj is None:
            QualificationCoverage.objects.create(**record)
            touched += 1
        elif any(getattr(obj, f) != record[f] for f in fields):
            for f in fields:
                setattr(obj, f, record[f])
            obj.save(update_fields=fields)
            touched += 1
    for stale in existing.values():  # a mapping the curated file no longer has
        stale.delete()
        touched += 1
    return touched


def work_kind_for(code: str) -> str:
    """Skill or professional from an occupation code's major category; unknown without a code."""
    major = code[:1] if code and code[:1].isdigit() else ""
    if major in TECHNICAL_MAJOR_CATEGORIES:
        return WorkKind.TECHNICAL
    if major in SKILL_MAJOR_CATEGORIES:
        return WorkKind.SKILL
    return WorkKind.UNKNOWN


def _official_codes(sources: dict[str, str]) -> dict[tuple[int, str], tuple[str, str]]:
    """(batch, name) → (official code, citation) for new occupations published after the 2022 book."""
    codes = {}
    for line, r in enumerate(rows("new_occupation_codes.csv"), start=2):
        where = f"new_occupation_codes.csv line {line}"
        if not r["code"][:1].isdigit() or r["code"].count("-") != 3:
            raise ReferenceDataError(f"{where}: {r['code']!r} is not an occupation code")
        codes[(int(r["batch"]), r["name"])] = (r["code"], _cite(r["source"], sources, where))
    return codes


def _new_occupation_record(
    r: dict[str, str], project_code: str, official: tuple[str, str] | None, occupation_ids: dict[str, int]
) -> dict[str, Any]:
    dadian = r["dadian2022_code"]
    if dadian:
        code, legacy, cited = dadian, "", "大典 (2022)"
    elif official is not None:
        (code, cited), legacy = official, project_code
    else:
        code, legacy, cited = project_code, "", ""
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
        "work_kind": work_kind_for(code if cited else ""),
        "legacy_code": legacy,
        "code_source": cited,
        "source_url": r["source_url"],
    }


def load_new_occupations() -> int:
    """Load 人社部 new occupations with their 大典 or official code, else ``N<batch>-<nn>``."""
    occupation_ids = dict(Occupation.objects.filter(level=4).values_list("code", "pk"))
    official = _official_codes(load_sources())
    records: list[dict[str, Any]] = []
    serial: dict[int, int] = {}
    for r in rows("new_occupations_2019_2025.csv"):
        batch = int(r["batch"])
        serial[batch] = serial.get(batch, 0) + 1
        project_code = f"N{batch}-{serial[batch]:02d}"
        records.append(_new_occupation_record(r, project_code, official.pop((batch, r["name"]), None), occupation_ids))
    if official:
        raise ReferenceDataError(f"new_occupation_codes.csv: rows match no new occupation: {sorted(official)}")
    clashing = {rec["code"] for rec in records if rec["legacy_code"]} & set(occupation_ids)
    if clashing:
        raise ReferenceDataError(f"new_occupation_codes.csv: codes already in the 大典 (2022): {sorted(clashing)}")
    # A new occupation that got its official code is no longer stored under its project code.
    legacy = [rec["legacy_code"] for rec in records if rec["legacy_code"]]
    renamed, _deleted = NewOccupation.objects.filter(code__in=legacy).delete()
    return renamed + _sync(NewOccupation, "code", records)


ALIAS_FIELDS = ("kind", "source_title", "source_year", "source_url", "verified", "unverified_reason")


def _alias_record(r: dict[str, str], where: str, occupations: dict[str, Occupation]) -> dict[str, Any]:
    """One checked row of ``occupation_aliases.csv``: a known occupation, a new name, a source, a reason."""
    occupation = occupations.get(r["occupation_code"])
    if occupation is None:
        raise ReferenceDataError(f"{where}: {r['occupation_code']} is not an occupation of the 大典 (2022)")
    if not r["name"] or r["name"] == occupation.name:
        raise ReferenceDataError(f"{where}: the alias must be a name other than the occupation's own")
    if r["kind"] not in AliasKind.values:
        raise ReferenceDataError(f"{where}: kind must be one of {', '.join(AliasKind.values)}")
    if not r["source_title"]:
        raise ReferenceDataError(f"{where}: an alias needs its source")
    year = r["source_year"]
    if year and not (year.isascii() and year.isdigit() and len(year) == 4):
        raise ReferenceDataError(f"{where}: the source year must be four digits, not {year!r}")
    verified = r["verified"] == "yes"
    if not verified and not r["unverified_reason"]:
        raise ReferenceDataError(f"{where}: an unverified alias needs its reason")
    return {
        "occupation": occupation,
        "name": r["name"],
        "kind": AliasKind(r["kind"]),
        "source_title": r["source_title"],
        "source_year": int(year) if year else None,
        "source_url": r["source_url"],
        "verified": verified,
        "unverified_reason": "" if verified else r["unverified_reason"],
    }


def load_aliases() -> int:
    """Load former names, 工种 and other names of 大典 occupations, each with its source.

    Rows the file no longer has are removed, so the search never keeps a link nobody can source.
    """
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    records = [
        _alias_record(r, f"occupation_aliases.csv line {line}", occupations)
        for line, r in enumerate(rows("occupation_aliases.csv"), start=2)
    ]
    keys = [(rec["occupation"].pk, rec["name"]) for rec in records]
    if len(set(keys)) != len(keys):
        raise ReferenceDataError("occupation_aliases.csv: an occupation lists the same name twice")
    existing = {(a.occupation_id, a.name): a for a in OccupationAlias.objects.all()}
    touched = 0
    for key, record in zip(keys, records, strict=True):
        obj = existing.pop(key, None)
        if obj is None:
            OccupationAlias.objects.create(**record)
            touched += 1
        elif any(getattr(obj, f) != record[f] for f in ALIAS_FIELDS):
            for f in ALIAS_FIELDS:
                setattr(obj, f, record[f])
            obj.save(update_fields=list(ALIAS_FIELDS))
            touched += 1
    for stale in existing.values():
        stale.delete()
        touched += 1
    return touched


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
        "occupation_aliases": load_aliases(),
        "regions": load_regions(),
    }
