"""Row validation at its edges: score and pass-mark boundaries, each level word, gender, the exact row messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from skillcert.assessments.validation import (
    MAX_REPORTED_ERRORS,
    BatchRules,
    Report,
    ResultRow,
    check_row,
    id_type_from_label,
    validate_rows,
)
from skillcert.core.errors import InvalidInput
from tests.factories import valid_id

HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩", "等级", "工种"]
COLUMNS = {"name": 1, "id_type": 2, "id_number": 3, "gender": 4, "theory": 5, "practical": 6, "level": 7, "job_type": 8}
RULES = BatchRules(level=4, job_type="手工电弧焊", theory_pass_mark=60, practical_pass_mark=60)
MALE_ID = valid_id("51010719900307123")  # the 17th digit is odd: a man


def row(**cells: Any) -> ResultRow:
    values = {"name": "王芳", "id_type": "", "id_number": MALE_ID, "gender": "", "theory": "80", "practical": "75"}
    values |= cells
    line = ["1", *(str(values.get(key, "")) for key in COLUMNS)]
    with translation.override("en"):
        return check_row(2, line, COLUMNS, RULES)


@pytest.mark.parametrize(
    ("theory", "practical", "passed"), [("60", "60", True), ("59.9", "60", False), ("60", "59", False)]
)
def test_the_pass_marks_are_inclusive(theory, practical, passed):
    result = row(theory=theory, practical=practical)
    assert (result.errors, result.passed) == ([], passed)
    assert (result.theory, result.practical) == (Decimal(theory), Decimal(practical))


@pytest.mark.parametrize("score", ["0", "100", "0.5", "99.99"])
def test_scores_from_0_to_100_are_accepted(score):
    assert row(theory=score).errors == []


@pytest.mark.parametrize(
    "score",
    [
        "-0.5",
        "100.01",
        "101",
        "一百",
        "NaN",
        "-Infinity",
        "inf",
    ],
)
def test_scores_outside_0_to_100_are_refused_by_name(score):
    result = row(theory=score)
    assert result.errors == ["The theory score must be a number from 0 to 100."] and result.theory is None
    assert not result.passed


def test_a_missing_score_is_named():
    result = row(practical="")
    assert result.errors == ["The practical score is missing."] and not result.passed


@pytest.mark.parametrize("word", ["4", "四级", "中级", "中级工", "中级（四级）", "四 级"])
def test_every_way_of_writing_the_batchs_level_is_accepted(word):
    assert row(level=word).errors == []


@pytest.mark.parametrize("word", ["3", "三级", "高级工", "技师", "4级"])
def test_another_level_is_refused_naming_the_batchs_level(word):
    from skillcert.catalog.choices import SkillLevel

    with translation.override("en"):
        level = str(SkillLevel(4).label)
    assert row(level=word).errors == [
        f"Level (column 等级): not the batch's level ({level}); a batch holds one level only."
    ]


def test_the_job_type_must_be_the_batchs():
    assert row(job_type="手工电弧焊").errors == []
    assert row(job_type="").errors == []
    assert row(job_type="气焊").errors == ["Job type (column 工种): not the batch's job type (手工电弧焊)."]


def test_a_batch_without_a_level_or_job_type_accepts_any():
    rules = BatchRules(level=None, job_type="", theory_pass_mark=60, practical_pass_mark=60)
    line = ["1", "王芳", "", MALE_ID, "", "80", "80", "三级", "气焊"]
    assert check_row(2, line, COLUMNS, rules).errors == []


@pytest.mark.parametrize(("written", "gender"), [("男", "male"), ("M", "male"), ("male", "male"), ("", "male")])
def test_a_gender_agreeing_with_the_id_number_is_kept(written, gender):
    result = row(gender=written)
    assert (result.errors, result.gender) == ([], gender)


def test_a_gender_contradicting_the_id_number_is_refused():
    errors = row(gender="女").errors
    assert len(errors) == 1 and errors[0].startswith("Gender: ")


def test_an_unknown_gender_word_is_refused():
    assert row(gender="x").errors == ["Gender must be 男 or 女 (or left empty)."]


def test_a_name_written_as_a_formula_is_refused_without_repeating_it():
    errors = row(name="+SUM(A1)").errors
    assert errors == ["The name looks like a spreadsheet formula; enter the name as text."]


def test_a_bad_id_number_is_named_and_shown_masked_only():
    bad = MALE_ID[:-1] + ("0" if MALE_ID[-1] != "0" else "1")
    result = row(id_number=bad)
    assert len(result.errors) == 1 and result.errors[0].startswith("ID number: ")
    assert bad not in " ".join(result.errors) and result.masked_id and result.masked_id != bad


def test_an_unknown_id_type_is_refused_with_its_column():
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        id_type_from_label("驾照")
    assert str(refused.value.message) == (
        "ID type (column 证件类型): not an ID document type the registry knows; leave it empty for a resident ID."
    )


def test_id_types_are_read_from_code_english_or_chinese_label():
    assert id_type_from_label("") == id_type_from_label("  ") == id_type_from_label("居民身份证")


def test_cells_beyond_a_short_row_are_empty():
    line = ["1", "王芳", "", MALE_ID]
    with translation.override("en"):
        result = check_row(2, line, COLUMNS, RULES)
    assert result.errors == ["The theory score is missing.", "The practical score is missing."]


def test_the_report_counts_each_kind_of_row_and_keeps_the_first_errors():
    report = Report()
    for number in range(MAX_REPORTED_ERRORS + 2):
        report.add(ResultRow(row_no=number, errors=["x"], masked_id="5101**"))
    report.add(ResultRow(row_no=1, passed=True))
    report.add(ResultRow(row_no=2, passed=False))
    assert (report.total, report.rows_with_errors, report.passed, report.failed_assessment) == (
        MAX_REPORTED_ERRORS + 4,
        MAX_REPORTED_ERRORS + 2,
        1,
        1,
    )
    assert len(report.errors) == MAX_REPORTED_ERRORS
    assert report.errors[0] == {"row": 0, "id": "5101**", "messages": ["x"]}


def rows_of(*cells: list[str]) -> list[list[str]]:
    return [HEADER, *cells]


@pytest.mark.django_db
def test_rows_are_numbered_as_in_the_sheet_and_blank_rows_skipped():
    other = valid_id("51010719900307133")
    data = rows_of(
        ["1", "王芳", "", MALE_ID, "", "80", "80", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["2", "李强", "", other, "", "80", "80", "", ""],
        ["3", "刘洋", "", MALE_ID, "", "80", "80", "", ""],
    )
    with translation.override("en"):
        result = list(validate_rows(data, RULES, chunk=1))
    assert [r.row_no for r in result] == [2, 4, 5]
    assert result[2].errors == ["The same ID number is already on row 2."]
    assert result[0].errors == result[1].errors == []


@pytest.mark.django_db
@pytest.mark.parametrize("chunk", [1, 2, 3, 500])
def test_every_row_comes_out_once_whatever_the_chunk(chunk):
    numbers = [valid_id(f"5101071990030712{i}") for i in range(3)]
    data = rows_of(*[["1", "王芳", "", n, "", "80", "80", "", ""] for n in numbers])
    assert [r.row_no for r in validate_rows(data, RULES, chunk=chunk)] == [2, 3, 4]


def test_an_empty_file_is_refused():
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        list(validate_rows([], RULES))
    assert str(refused.value.message) == "The file is empty."
