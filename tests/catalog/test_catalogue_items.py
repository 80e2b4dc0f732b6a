"""One test per entry of the 国家职业资格目录（2021年版）, generated from the shipped CSV files.

For every catalogue row (59 professional-technical items in 72 sub-items, and the skill items in 23
sub-items), the occupations its curated coverage names must get that catalogue qualification from the
rule, with the entry's departments and section, and never a skill level certificate where the entry
covers the whole occupation. The expectations are read here from the data files, not from the rule.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from skillcert.catalog.choices import CertificateType
from skillcert.catalog.rules import certificate_types_for

DATA = Path(__file__).resolve().parents[2] / "src" / "skillcert" / "catalog" / "data"
QUAL, SKILL = CertificateType.QUALIFICATION, CertificateType.SKILL_LEVEL
PROFESSIONAL = "专业技术人员职业资格"


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


CATALOGUE = read("national_vocational_qualification_catalog_2021.csv")
DEPARTMENTS = {(r["qualification_name"], r["sub_item"]): r for r in read("qualification_departments.csv")}
COVERAGE = read("qualification_coverage.csv")
MAJOR = {r["code"]: r["major_code"] for r in read("occupation_classification_2022.csv") if r["level"] == "4"}


def row_id(row: dict[str, str]) -> str:
    return f"{row['qualification_name']}-{row['sub_item']}" if row["sub_item"] else row["qualification_name"]


def test_the_catalogue_has_72_professional_sub_items_in_59_items_and_the_skill_rows():
    professional = [r for r in CATALOGUE if r["section"] == PROFESSIONAL]
    assert len(professional) == 72
    assert len({r["item_no"] for r in professional}) == 59
    assert len(CATALOGUE) - len(professional) == 23


@pytest.mark.django_db
@pytest.mark.usefixtures("reference")
@pytest.mark.parametrize("row", CATALOGUE, ids=row_id)
def test_each_catalogue_entry_is_answered_for_every_occupation_it_covers(row: dict[str, str]):
    key = (row["qualification_name"], row["sub_item"])
    departments = DEPARTMENTS[key]["departments"].split("|")
    mappings = [c for c in COVERAGE if (c["qualification_name"], c["sub_item"]) == key]
    if not mappings:
        assert DEPARTMENTS[key]["no_occupation_reason"], f"{key} covers no occupation and says no reason"
        return
    for mapping in mappings:
        code = mapping["occupation_code"]
        answer = certificate_types_for(code)
        assert answer.allows(QUAL), code
        expected_name = mapping["part_name"] if mapping["extent"] == "part" else None
        parts = [
            p for p in answer.qualification_parts if expected_name in (None, p.name) and p.extent == mapping["extent"]
        ]
        assert parts, (code, mapping)
        part = (
            parts[0]
            if expected_name
            else next(p for p in parts if row["qualification_name"].replace("（组名未核实）", "") in p.qualification)
        )
        assert part.department.split("、") == departments, code
        assert part.professional == (row["section"] == PROFESSIONAL), code
        assert part.mapping_unverified == (mapping["verified"] != "yes"), code
        if mapping["extent"] == "whole":
            assert answer.types == (QUAL,), code  # never a skill level certificate inside the catalogue
        elif not any(c["extent"] == "whole" for c in COVERAGE if c["occupation_code"] == code):
            assert answer.allows(SKILL) == (MAJOR[code] in "3456"), code  # the rest keeps its category's answer


def test_every_mapped_code_is_an_occupation_of_the_2022_classification():
    assert {c["occupation_code"] for c in COVERAGE} <= set(MAJOR)
