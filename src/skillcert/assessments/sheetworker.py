"""The child process that parses one spreadsheet (xlsx, xls, ods) under hard limits.

Run as ``python -m skillcert.assessments.sheetworker MAX_ROWS MAX_COLUMNS MEMORY_BYTES CPU_SECONDS``
by :func:`skillcert.assessments.parsing.parse_in_worker`: the file comes on standard
input, each row goes to standard output as one line of JSON (a list of cell texts).
The process limits its own address space and CPU time before it reads a byte, so
a file that would need gigabytes of memory ends this process, never the web
worker. No Django here, and nothing is logged: the rows hold ID numbers.

Exit codes: 0 read, 2 unreadable, 3 too many rows, 4 too many columns, 5 out of
memory, 6 too much text. Killed by a signal: a limit was exceeded.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import sys
from collections.abc import Iterable
from typing import BinaryIO

UNREADABLE, TOO_MANY_ROWS, TOO_MANY_COLUMNS, OUT_OF_MEMORY, TOO_MUCH_TEXT = 2, 3, 4, 5, 6
MAX_CELL_CHARS = 256  # longer than any name, number or score; a longer cell is an error anyway
MAX_OUTPUT_BYTES = 128 * 1024 * 1024


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


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process's address space, CPU time and file writes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def write_rows(rows: Iterable[Iterable[object]], max_rows: int, max_columns: int, out: BinaryIO) -> int:
    """Write each row as a JSON line; return an exit code."""
    written = 0
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            return TOO_MANY_ROWS
        cells = [cell_text(value)[:MAX_CELL_CHARS] for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > max_columns:
            return TOO_MANY_COLUMNS
        line = json.dumps(cells, ensure_ascii=False).encode() + b"\n"
        written += len(line)
        if written > MAX_OUTPUT_BYTES:
            return TOO_MUCH_TEXT
        out.write(line)
    return 0


def main(argv: list[str]) -> int:
    max_rows, max_columns, memory_bytes, cpu_seconds = (int(arg) for arg in argv[1:5])
    limit_self(memory_bytes, cpu_seconds)
    try:
        from python_calamine import CalamineWorkbook

        data = sys.stdin.buffer.read()
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        del data
        rows = workbook.get_sheet_by_index(0).iter_rows()
        return write_rows(rows, max_rows, max_columns, sys.stdout.buffer)
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception:  # calamine's own errors for damaged or protected files
        return UNREADABLE


if __name__ == "__main__":
    sys.exit(main(sys.argv))
