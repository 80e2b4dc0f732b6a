"""Reading uploaded results files (xlsx/xls/ods with calamine, csv as UTF-8 or GB18030) row by row.

Rows are yielded lazily as lists of strings so memory does not grow with the
file beyond what the reader itself holds. Headers are matched by their Chinese
(template) or English names; unknown columns are ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput

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
SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE2)


def cell_text(value: object) -> str:
    """Render a cell as the text a person sees (no ``60.0`` for 60, no time for dates)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        yield from (list(map(str.strip, row)) for row in csv.reader(io.StringIO(text)))
        return
    raise InvalidInput(_("The CSV file is neither UTF-8 nor GB18030 text. Save it again as UTF-8 CSV or as xlsx."))


def _sheet_rows(data: bytes) -> Iterator[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InvalidInput(_("The spreadsheet cannot be read; it may be damaged or protected.")) from exc
    for row in rows:
        yield [cell_text(v) for v in row]


def read_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    """Yield the rows of a results file; refuse empty files and files that are not spreadsheets."""
    if not data.strip():
        raise InvalidInput(_("The file is empty."))
    name = filename.lower()
    if data.startswith(SPREADSHEET_MAGIC):
        return _sheet_rows(data)
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
