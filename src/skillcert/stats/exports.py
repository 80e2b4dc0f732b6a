"""CSV and xlsx downloads of any statistics table, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse

from skillcert.stats.reports import Table, today_stamp

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _lines(table: Table) -> list[list[Any]]:
    return [[safe_cell(c) for c in table.columns], *([safe_cell(c) for c in row] for row in table.rows)]


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_lines(table))
    if table.note:
        writer.writerow([])
        writer.writerow([safe_cell(table.note)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.key[:31])
    lines = _lines(table)
    header = []
    for name in lines[0]:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in lines[1:]:
        sheet.append([_as_text_cell(sheet, value) for value in row])
    if table.note:
        sheet.append([])
        sheet.append([_as_text_cell(sheet, safe_cell(table.note))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text_cell(sheet: Any, value: Any) -> Any:
    """Strings are stored as text cells, never as formulas (openpyxl would treat a leading = as one)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def download(table: Table, fmt: str) -> HttpResponse:
    """The table as an attachment named after it and today's date."""
    name = f"skillcert-stats-{table.key}-{today_stamp()}.{fmt}"
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(to_xlsx(table), content_type=content_type)
    else:
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
