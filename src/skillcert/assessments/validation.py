"""Validating result rows exactly as a single issue would be validated.

Each row is checked for the holder's name and ID number (the ``people`` rules),
duplicates within the file, scores and the pass rule, and the batch's level and
工种. A row that fails the pass rule is not an error: that candidate simply gets
no certificate. Error messages name the row and the column and say what is
wrong; they never repeat a cell's content (an ID number may sit in any column),
and the ID number is shown masked only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from skillcert.assessments.spreadsheet import map_header
from skillcert.catalog.choices import LEVEL_WORDS, SkillLevel
from skillcert.core.errors import InvalidInput
from skillcert.people.choices import GENDER_WORDS as GENDERS
from skillcert.people.idnumbers import id_type_from_label

MAX_REPORTED_ERRORS = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ResultRow:
    """One candidate's row, after validation."""

    row_no: int
    name: str = ""
    id_type: str = ""
    id_number: str = ""
    gender: str = ""
    theory: Decimal | None = None
    practical: Decimal | None = None
    passed: bool = False
    errors: list[str] = field(default_factory=list)
    masked_id: str = ""


@dataclass
class Report:
    """What the preview shows: counts and the first :data:`MAX_REPORTED_ERRORS` row errors."""

    total: int = 0
    passed: int = 0
    failed_assessment: int = 0
    rows_with_errors: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: ResultRow) -> None:
        self.total += 1
        if row.errors:
            self.rows_with_errors += 1
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append({"row": row.row_no, "id": row.masked_id, "messages": row.errors})
        elif row.passed:
            self.passed += 1
        else:
            self.failed_assessment += 1


@dataclass(frozen=True)
class BatchRules:
    """What every row is checked against: the batch's level, 工种 and pass marks."""

    level: int | None
    job_type: str
    theory_pass_mark: int
    practical_pass_mark: int


def _score(raw: str, label: str, errors: list[str]) -> Decimal | None:
    if raw == "":
        errors.append(_("%(label)s is missing.") % {"label": label})
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors.append(_("%(label)s must be a number from 0 to 100.") % {"label": label})
        return None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):  # "NaN" and "Infinity" parse as Decimals
        errors.append(_("%(label)s must be a number from 0 to 100.") % {"label": label})
        return None
    return value


def check_person(row: ResultRow, name: str, id_type_raw: str, id_raw: str) -> None:
    """Name, ID type and number of one row, errors added to the row (also used by competition results)."""
    from skillcert.people.idnumbers import normalise_id_number, validate_id_number
    from skillcert.people.names import validate_person_name
    from skillcert.people.protection import mask_id_number

    if name.startswith(FORMULA_PREFIXES):
        row.errors.append(_("The name looks like a spreadsheet formula; enter the name as text."))
    else:
        try:
            row.name = validate_person_name(name)
        except InvalidInput as exc:
            row.errors.append(_("Name: %(message)s") % {"message": exc.message})
    try:
        row.id_type = id_type_from_label(id_type_raw)
        row.id_number = normalise_id_number(row.id_type, id_raw)
        row.masked_id = mask_id_number(row.id_number)
        validate_id_number(row.id_type, row.id_number)
    except InvalidInput as exc:
        row.errors.append(_("ID number: %(message)s") % {"message": exc.message})


def check_row_gender(row: ResultRow, raw: str) -> None:
    """The gender as written, or as the ID number states it; a contradiction is an error."""
    from skillcert.people.idnumbers import check_gender

    gender = GENDERS.get(raw.lower())
    if gender is None:
        row.errors.append(_("Gender must be 男 or 女 (or left empty)."))
        return
    row.gender = gender
    if row.id_number and not row.errors:
        try:
            row.gender = check_gender(gender, row.id_type, row.id_number)
        except InvalidInput as exc:
            row.errors.append(_("Gender: %(message)s") % {"message": exc.message})


def mark_name_conflicts(rows: list[ResultRow]) -> None:
    """Flag rows whose ID number is already registered under another name (refused at commit otherwise)."""
    from skillcert.people.selectors import registered_names

    valid = [r for r in rows if r.id_number and r.name and not r.errors]
    names = registered_names((r.id_type, r.id_number) for r in valid)
    for row in valid:
        registered = names.get((row.id_type, row.id_number))
        if registered is not None and registered != row.name:
            row.errors.append(
                _("This ID number is already registered under a different name; check the name against the ID card.")
            )


def _level_and_job_type(row: ResultRow, level_raw: str, job_raw: str, rules: BatchRules) -> None:
    if level_raw and rules.level is not None and LEVEL_WORDS.get(level_raw.replace(" ", "")) != rules.level:
        row.errors.append(
            _("Level (column 等级): not the batch's level (%(level)s); a batch holds one level only.")
            % {"level": SkillLevel(rules.level).label}
        )
    if job_raw and rules.job_type and job_raw != rules.job_type:
        row.errors.append(
            _("Job type (column 工种): not the batch's job type (%(batch)s).") % {"batch": rules.job_type}
        )


def check_row(row_no: int, cells: list[str], columns: dict[str, int], rules: BatchRules) -> ResultRow:
    """Validate one row (no duplicate check: that needs the whole file, see :func:`validate_rows`)."""

    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) and cells[index] else ""

    row = ResultRow(row_no=row_no)
    check_person(row, cell("name"), cell("id_type"), cell("id_number"))
    check_row_gender(row, cell("gender"))
    row.theory = _score(cell("theory"), _("The theory score"), row.errors)
    row.practical = _score(cell("practical"), _("The practical score"), row.errors)
    _level_and_job_type(row, cell("level"), cell("job_type"), rules)
    if row.theory is not None and row.practical is not None:
        row.passed = row.theory >= rules.theory_pass_mark and row.practical >= rules.practical_pass_mark
    return row


def validate_rows(rows: Iterable[list[str]], rules: BatchRules, chunk: int = 500) -> Iterator[ResultRow]:
    """Validate every data row of a file (the first row is the header); blank rows are skipped.

    Rows are checked against registered holders ``chunk`` at a time, so memory stays bounded.
    """
    pending: list[ResultRow] = []
    for row in _validate_each(rows, rules):
        pending.append(row)
        if len(pending) >= chunk:
            mark_name_conflicts(pending)
            yield from pending
            pending = []
    mark_name_conflicts(pending)
    yield from pending


def _validate_each(rows: Iterable[list[str]], rules: BatchRules) -> Iterator[ResultRow]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise InvalidInput(_("The file is empty."))
    columns = map_header(header)
    seen: dict[str, int] = {}
    for row_no, cells in enumerate(iterator, start=2):
        if not any(cells):
            continue
        row = check_row(row_no, cells, columns, rules)
        if row.id_number:
            key = hashlib.blake2b(f"{row.id_type}:{row.id_number}".encode(), digest_size=16).hexdigest()
            if key in seen:
                row.errors.append(_("The same ID number is already on row %(row)s.") % {"row": seen[key]})
            else:
                seen[key] = row_no
        yield row
