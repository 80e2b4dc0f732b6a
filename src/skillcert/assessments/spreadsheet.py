"""Reading uploaded results files (xlsx/xls/ods with calamine, csv as UTF-8 or GB18030) row by row.

Rows are yielded lazily as lists of strings. Spreadsheets are parsed in a
bounded child process (:mod:`skillcert.assessments.parsing`) after the pre-checks
of :mod:`skillcert.assessments.filelimits`; a CSV file is counted against the row
cap before its rows are read. Headers are matched by their Chinese
(template) or English names; unknown columns are ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from skillcert.assessments import filelimits, parsing
from skillcert.assessments.sheetworker import cell_text
from skillcert.core.errors import InvalidInput

__all__ = ["cell_text", "map_header", "read_rows"]

# column key → accepted header texts (template headers first)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "id_type": ("证件类型", "id type", "id_type"),
    "id_number": ("证件号码", "身份证号码", "身份证号", "id number", "id_number"),
    "gender": ("性别", "gender"),
    "theory": ("理论知识成绩", "理论成绩", "theory score", "theory"),
    "practical": ("操作技能成绩", "技能成绩", "实操成绩", "practical score", "practical"),
    "level": ("等级", "level"),
    "job_type": ("工种", "职业方向", "job type", "job_type"),
}
REQUIRED = ("name", "id_number", "theory", "practical")
TEMPLATE_HEADERS = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩", "等级", "工种"]
ZIP_MAGIC = b"PK\x03\x04"  # xlsx, ods
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # xls
SPREADSHEET_MAGIC = (ZIP_MAGIC, OLE2_MAGIC)


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("The CSV file is neither UTF-8 nor GB18030 text. Save it again as UTF-8 CSV or as xlsx."))


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    """The rows of a CSV file; counted first (cheaply), so a file over the row cap is refused before any check."""
    text = _csv_text(data)
    cap = filelimits.max_rows() + 1  # the header row
    for count, _row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if count > cap:
            raise filelimits.refuse_too_many_rows()
    return (list(map(str.strip, row)) for row in csv.reader(io.StringIO(text)))


def read_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    """Yield the rows of a results file; refuse empty files, files that are not spreadsheets and files beyond the caps.

    Spreadsheets pass the pre-checks of :mod:`skillcert.assessments.filelimits` and are
    parsed in the bounded worker (:mod:`skillcert.assessments.parsing`).
    """
    if not data.strip():
        raise InvalidInput(_("The file is empty."))
    name = filename.lower()
    if data.startswith(ZIP_MAGIC):
        filelimits.check_zip(data)
        return parsing.parse_in_worker(data)
    if data.startswith(OLE2_MAGIC):
        filelimits.check_xls(data)
        return parsing.parse_in_worker(data)
    if name.endswith(".csv") and b"\x00" not in data[:4096]:
        return _csv_rows(data)
    raise InvalidInput(_("Upload the results as an xlsx, xls, ods or csv file (use the template)."))


def map_header(header: list[str], columns: dict[str, Any] | None = None, required: Any = None) -> dict[str, int]:
    """Map column keys to positions; refuse a header without the required columns.

    ``columns`` (key → accepted header names, the first one shown in messages) and
    ``required`` default to the assessment results template; the competitions
    results import passes its own.
    """
    columns = COLUMNS if columns is None else columns
    required = REQUIRED if required is None else required
    normalised = [h.strip().lower().replace("*", "") for h in header]
    positions: dict[str, int] = {}
    for key, names in columns.items():
        for index, text in enumerate(normalised):
            if text in names:
                positions[key] = index
                break
    missing = [columns[key][0] for key in required if key not in positions]
    if missing:
        raise InvalidInput(
            _("The first row must be the template's header; missing columns: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    return positions
