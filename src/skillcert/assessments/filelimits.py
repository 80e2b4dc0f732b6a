"""The documented caps on results files, checked before any parser sees the file.

A results file may hold at most :func:`max_rows` candidates (100,000 by default,
``SKILLCERT_RESULTS_MAX_ROWS``) and :data:`MAX_COLUMNS` columns. Before an xlsx or
ods file is parsed, its zip directory is inspected with :mod:`zipfile` (number of
entries, each entry's declared uncompressed size, the total, the compression
ratio) and every worksheet's declared ``<dimension ref=…>`` is read from the first
few KB of its XML, so a "bomb" (a tiny file that unpacks to gigabytes or declares
a million rows) is refused before anything is decompressed. An xls file is bounded
by its size. What slips past these checks (a zip that lies about its sizes, an
ods with repeated rows) is parsed in the bounded worker of
:mod:`skillcert.assessments.parsing`.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput

MAX_COLUMNS = 64
MAX_ZIP_ENTRIES = 500
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # real workbooks stay far below; deflate bombs reach about 1,000
RATIO_CHECKED_FROM = 1024 * 1024  # tiny entries may compress well without harm
MAX_XLS_BYTES = 32 * 1024 * 1024
DIMENSION_PEEK_BYTES = 4096
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\"")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def max_rows() -> int:
    """The most result rows (candidates) one file may hold, the header row not counted."""
    return int(getattr(settings, "RESULTS_MAX_ROWS", 100_000))


def refuse_too_many_rows() -> InvalidInput:
    return InvalidInput(
        _("The file has more than %(max)s result rows. Split the results into several batches.") % {"max": max_rows()},
        code="too_many_rows",
    )


def _unreadable() -> InvalidInput:
    return InvalidInput(_("The spreadsheet cannot be read; it may be damaged or protected."))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_dimension(head: bytes) -> None:
    """Refuse a worksheet whose declared extent is beyond the row or column cap."""
    match = _DIMENSION.search(head)
    if match is None:
        return  # no dimension declared: the bounded worker still applies
    last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    rows, columns = int(last_row), _column_number(last_col)
    if rows > max_rows() + 1 or columns > MAX_COLUMNS:
        raise InvalidInput(
            _(
                "The sheet declares %(rows)s rows and %(columns)s columns; at most %(max_rows)s result rows "
                "and %(max_columns)s columns are accepted. Delete the unused rows and columns or split the batch."
            )
            % {"rows": rows, "columns": columns, "max_rows": max_rows(), "max_columns": MAX_COLUMNS},
            code="sheet_too_large",
        )


def _check_entries(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InvalidInput(_("The file holds too many parts to be a results spreadsheet."), code="zip_too_many_parts")
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise InvalidInput(
                _("The file is compressed far more than a spreadsheet can be; it was not opened."), code="zip_bomb"
            )
        if entry.file_size > MAX_UNZIPPED_BYTES or total > MAX_UNZIPPED_BYTES:
            raise InvalidInput(
                _("The file unpacks to more than %(mb)s MB; it was not opened. Split the batch.")
                % {"mb": MAX_UNZIPPED_BYTES // (1024 * 1024)},
                code="zip_too_large",
            )


def check_zip(data: bytes) -> None:
    """Inspect an xlsx/ods zip without decompressing it (beyond the first KB of each worksheet)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable() from exc
    with archive:
        _check_entries(archive)
        for entry in archive.infolist():
            if not _WORKSHEET.fullmatch(entry.filename):
                continue
            try:
                with archive.open(entry) as stream:
                    head = stream.read(DIMENSION_PEEK_BYTES)
            except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
                raise _unreadable() from exc
            _check_dimension(head)


def check_xls(data: bytes) -> None:
    """An xls (OLE2) file has no cheap directory to inspect: bound its size (and it has at most 65,536 rows)."""
    limit = int(getattr(settings, "RESULTS_MAX_XLS_BYTES", MAX_XLS_BYTES))
    if len(data) > limit:
        raise InvalidInput(
            _("An xls file may be at most %(mb)s MB; save the results as xlsx or split the batch.")
            % {"mb": max(1, limit // (1024 * 1024))},
            code="xls_too_large",
        )
