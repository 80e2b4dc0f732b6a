"""The certificate-type rule against a table computed here, straight from the shipped CSV files.

The expected answer for every occupation (细类) of the 大典 is derived in this file from the reference data
and the published rule, not from ``skillcert.catalog.rules``:

- an occupation the qualification catalogue covers whole → 职业资格证书 only;
- covered in part (a named 工种 such as nuclear-safety welding) → 职业资格证书 for that part, and for the
  rest 职业技能等级证书 when the occupation is in major categories 3–6;
- not in the catalogue → 职业技能等级证书 in major categories 3–6, nothing in 1, 2, 7 and 8.

Documented exception mirrored explicitly: a new occupation published by 人社部 in major category 2 stays a
professional-technical occupation (no skill certificate), exactly like the rest of category 2.

New occupations published after the 2022 book are answered from their official code where
``new_occupation_codes.csv`` gives one (categories 3–6 → 职业技能等级证书, 1–2 → nothing) and get nothing
without a code (the name decides nothing); those still in public comment get nothing either.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from skillcert.catalog.choices import CertificateType
from skillcert.catalog.rules import certificate_types_for

DATA = Path(__file__).resolve().parents[2] / "src" / "skillcert" / "catalog" / "data"
QUAL, SKILL = CertificateType.QUALIFICATION, CertificateType.SKILL_LEVEL
SKILL_CATEGORIES = {"3", "4", "5", "6"}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def expected_table() -> dict[str, tuple[str, ...]]:
    """code → lawful certificate types, for every occupation of the 2022 classification."""
    extents: dict[str, set[str]] = {}
    for row in read("qualification_coverage.csv"):
        extents.setdefault(row["occupation_code"], set()).add(row["extent"])
    table = {}
    for row in read("occupation_classification_2022.csv"):
        if row["level"] != "4":
            continue
        code, major = row["code"], row["major_code"]
        skill = (SKILL,) if major in SKILL_CATEGORIES else ()
        covered = extents.get(code, set())
        if "whole" in covered:
            table[code] = (QUAL,)
        elif "part" in covered:
            table[code] = (QUAL, *skill)
        else:
            table[code] = skill
    return table


EXPECTED = expected_table()


def test_the_table_covers_every_major_category_and_each_kind_of_answer():
    majors = {code[0] for code in EXPECTED}
    assert majors == {"1", "2", "3", "4", "5", "6", "7", "8"}
    assert {(QUAL,), (QUAL, SKILL), (SKILL,), ()} <= set(EXPECTED.values())
    assert len(EXPECTED) > 1500


@pytest.mark.django_db
def test_every_occupation_gets_what_the_reference_data_says(reference: None):
    wrong = {}
    for code, expected in EXPECTED.items():
        got = certificate_types_for(code).types
        if got != expected:
            wrong[code] = (got, expected)
    assert wrong == {}


@pytest.mark.django_db
@pytest.mark.parametrize("major", ["3", "4", "5", "6"])
def test_each_skill_category_outside_the_catalogue_gets_skill_level_certificates(reference: None, major: str):
    code = next(c for c, types in EXPECTED.items() if c.startswith(major) and types == (SKILL,))
    answer = certificate_types_for(code)
    assert answer.types == (SKILL,)
    assert answer.reasons[0].code == "outside_catalogue_category_3_6"


@pytest.mark.django_db
def test_category_three_in_the_catalogue_stays_qualification_only(reference: None):
    answer = certificate_types_for("3-02-03-01")  # 消防员: whole, in major category 3
    assert answer.types == (QUAL,)


@pytest.mark.django_db
def test_published_new_occupations_in_category_two_are_still_not_skill_occupations(reference: None):
    published_in_two = [
        r["dadian2022_code"]
        for r in read("new_occupations_2019_2025.csv")
        if r["status"] == "published" and r["dadian2022_code"].startswith("2-")
    ]
    assert published_in_two
    for code in published_in_two:
        types = certificate_types_for(code).types
        assert SKILL not in types, code
        assert types == EXPECTED[code], code  # () unless the catalogue covers it (公司金融顾问: banking)


def new_occupation_table() -> dict[tuple[int, str], tuple[str, ...]]:
    """(batch, name) → lawful types, for every new occupation that the 2022 book does not contain."""
    codes = {(int(r["batch"]), r["name"]): r["code"] for r in read("new_occupation_codes.csv")}
    table = {}
    for row in read("new_occupations_2019_2025.csv"):
        if row["dadian2022_code"]:
            continue
        code = codes.get((int(row["batch"]), row["name"]), "")
        skill = row["status"] == "published" and code[:1] in SKILL_CATEGORIES
        table[(int(row["batch"]), row["name"])] = (SKILL,) if skill else ()
    return table


NEW_EXPECTED = new_occupation_table()


def test_the_new_occupation_table_has_both_answers():
    assert set(NEW_EXPECTED.values()) == {(SKILL,), ()}


@pytest.mark.django_db
def test_every_new_occupation_outside_the_book_gets_what_the_reference_data_says(reference: None):
    from skillcert.catalog.models import NewOccupation

    wrong = {}
    for new in NewOccupation.objects.filter(occupation__isnull=True):
        expected = NEW_EXPECTED[(new.batch, new.name)]
        if certificate_types_for(new.code).types != expected:
            wrong[new.code] = expected
    assert wrong == {}
