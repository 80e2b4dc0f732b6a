"""Row validation: behaviour the other validation tests let through when bugs were planted in it (`make mutate`,
module ``validation``): name conflicts with registered holders, the ID type column, one error at a time, the exact
name message, the failed-assessment count and the 500-row bound on what is held in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from skillcert.assessments.validation import BatchRules, Report, ResultRow, check_row, validate_rows
from tests.factories import HolderFactory, valid_id

HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩", "等级", "工种"]
COLUMNS = {"name": 1, "id_type": 2, "id_number": 3, "gender": 4, "theory": 5, "practical": 6, "level": 7, "job_type": 8}
RULES = BatchRules(level=4, job_type="手工电弧焊", theory_pass_mark=60, practical_pass_mark=60)
MALE_ID = valid_id("51010719900307123")  # the 17th digit is odd: a man
CONFLICT = "This ID number is already registered under a different name; check the name against the ID card."


def line(**cells: Any) -> list[str]:
    values = {"name": "王芳", "id_type": "", "id_number": MALE_ID, "gender": "", "theory": "80", "practical": "75"}
    values |= cells
    return ["1", *(str(values.get(key, "")) for key in COLUMNS)]


def row(**cells: Any) -> ResultRow:
    with translation.override("en"):
        return check_row(2, line(**cells), COLUMNS, RULES)


def validated(*lines: list[str]) -> list[ResultRow]:
    with translation.override("en"):
        return list(validate_rows([HEADER, *lines], RULES))


@pytest.mark.django_db
def test_an_id_number_registered_under_another_name_is_a_row_error():
    HolderFactory(name="李四", id_number=MALE_ID)
    (result,) = validated(line(name="王芳"))
    assert result.errors == [CONFLICT]


@pytest.mark.django_db
def test_the_registered_name_itself_is_no_conflict():
    HolderFactory(name="王芳", id_number=MALE_ID)
    (result,) = validated(line(name="王芳"))
    assert result.errors == []


@pytest.mark.django_db
def test_a_row_already_in_error_gets_no_conflict_message_on_top():
    HolderFactory(name="李四", id_number=MALE_ID)
    (result,) = validated(line(name="王芳", theory="abc"))
    assert CONFLICT not in result.errors
    assert len(result.errors) == 1


@pytest.mark.django_db
def test_a_conflict_is_found_only_for_the_row_whose_number_is_registered():
    other = valid_id("51010719850101002")
    HolderFactory(name="李四", id_number=MALE_ID)
    first, second = validated(line(name="王芳"), line(name="王芳", id_number=other, gender="女"))
    assert (first.errors, second.errors) == ([CONFLICT], [])


def test_the_id_type_column_is_read():
    passport = row(id_type="护照", id_number="E12345678")
    assert (passport.errors, passport.id_type, passport.id_number) == ([], "passport", "E12345678")
    assert row(id_type="", id_number="E12345678").errors != []  # the same number as a resident ID is refused


def test_an_invalid_name_is_reported_with_its_column():
    result = row(name="王2")
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Name: ")


def test_the_gender_is_checked_against_the_id_number_only_when_the_row_is_otherwise_valid():
    contradiction = row(gender="女").errors
    assert len(contradiction) == 1 and contradiction[0].startswith("Gender: ")
    with_bad_name = row(name="=HYPERLINK()", gender="女")
    assert with_bad_name.errors == ["The name looks like a spreadsheet formula; enter the name as text."]


def test_rows_that_fail_the_assessment_are_counted_one_by_one():
    report = Report()
    for theory in ("10", "20", "30"):
        report.add(row(theory=theory))
    report.add(row())
    assert (report.total, report.passed, report.failed_assessment, report.rows_with_errors) == (4, 1, 3, 0)


@pytest.mark.django_db
def test_at_most_500_rows_are_held_before_the_first_is_given_out():
    read = 0

    def source() -> Iterator[list[str]]:
        nonlocal read
        yield HEADER
        for i in range(1, 2000):
            read += 1
            yield line(name="王芳", id_number=valid_id(f"510107199003{i:05d}"[:17]))

    rows = validate_rows(source(), RULES)
    next(rows)
    assert read == 500
