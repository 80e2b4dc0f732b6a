"""Parsing spreadsheets in a bounded worker: a child process with a memory cap and a time limit.

calamine is fast but loads a whole sheet into memory, sized by the sheet's last
cell: a 1.7 KB file with one cell at XFD1048576 asks for 512 GiB. So the web or
job process never parses a spreadsheet itself: :func:`parse_in_worker` runs
:mod:`skillcert.assessments.sheetworker` with ``RLIMIT_AS``
(``SKILLCERT_SPREADSHEET_WORKER_MB``, default 1,024 MB) and a wall-clock timeout
(``SKILLCERT_SPREADSHEET_WORKER_SECONDS``, default 60 s). A file that exceeds them
is refused with a clear message; the worker that served the request lives on.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext as _

from skillcert.assessments import filelimits, sheetworker
from skillcert.core.errors import InvalidInput


def worker_seconds() -> float:
    return float(getattr(settings, "SPREADSHEET_WORKER_SECONDS", 60))


def worker_memory_bytes() -> int:
    return int(getattr(settings, "SPREADSHEET_WORKER_MB", 1024)) * 1024 * 1024


def _beyond_limits() -> InvalidInput:
    return InvalidInput(
        _(
            "Reading this spreadsheet exceeded the limits for one results file (%(mb)s MB of memory, %(seconds)s s). "
            "Save it again from the template with only the result rows, or split the batch."
        )
        % {"mb": worker_memory_bytes() // (1024 * 1024), "seconds": int(worker_seconds())},
        code="spreadsheet_beyond_limits",
    )


def _refusal(returncode: int) -> InvalidInput:
    if returncode == sheetworker.UNREADABLE:
        return InvalidInput(_("The spreadsheet cannot be read; it may be damaged or protected."))
    if returncode == sheetworker.TOO_MANY_ROWS:
        return filelimits.refuse_too_many_rows()
    if returncode == sheetworker.TOO_MANY_COLUMNS:
        return InvalidInput(
            _("The sheet has more than %(max)s columns; use the template's columns.") % {"max": filelimits.MAX_COLUMNS},
            code="sheet_too_large",
        )
    return _beyond_limits()


def parse_in_worker(data: bytes) -> Iterator[list[str]]:
    """Parse the first sheet of an xlsx/xls/ods file in a bounded child process; yield its rows."""
    seconds = worker_seconds()
    command = [
        sys.executable,
        "-m",
        "skillcert.assessments.sheetworker",
        str(filelimits.max_rows() + 1),  # the header row
        str(filelimits.MAX_COLUMNS),
        str(worker_memory_bytes()),
        str(max(1, int(seconds))),
    ]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise _beyond_limits() from exc
    if done.returncode != 0:
        raise _refusal(done.returncode)
    return (json.loads(line) for line in io.BytesIO(done.stdout))
