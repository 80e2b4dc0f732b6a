"""No plain ID number at rest: a scan after every other test (the browser and end-to-end tests included).

It reads every file under the test data directory and every text and JSON column of the test
database (and, on PostgreSQL, a ``pg_dump`` of it when the tool is installed), looking for any
18-character resident ID number with a valid GB 11643 check character. A finding names the
file or the table and column, never the number. The only files allowed to hold full numbers
are batch print PDFs younger than their 24 hours (``certificates.printing``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from skillcert.people.idnumbers import gb11643_check_character
from tests.assessments.test_batches import batch, good_rows, results_csv  # noqa: F401  (batch: a fixture)

RUN_LAST = True  # tests/conftest.py sorts this module after everything else
RESIDENT_ID = re.compile(
    rb"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3})([0-9Xx])(?![0-9])"
)
TEXT_FIELDS = {"CharField", "TextField", "JSONField"}


def plain_ids(data: bytes) -> int:
    """How many valid resident ID numbers ``data`` holds (the numbers themselves are never returned)."""
    return sum(
        gb11643_check_character(first17.decode()) == check.decode().upper()
        for first17, check in RESIDENT_ID.findall(data)
    )


def _readable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".pdf" or data.startswith(b"%PDF"):  # text in a PDF is compressed: read it as text
        from pypdf import PdfReader

        try:
            pages = PdfReader(io.BytesIO(data)).pages
            return data + "".join(page.extract_text() or "" for page in pages).encode()
        except Exception:  # a damaged PDF is scanned as bytes only
            return data
    return data


def _allowed(path: Path) -> bool:
    """A batch print PDF within its 24 hours (expired ones are deleted first)."""
    from skillcert.certificates.printing import PRINT_KEEP, prints_dir, purge_expired_prints

    purge_expired_prints()
    if path.parent != prints_dir() or path.suffix != ".pdf" or not path.exists():
        return False
    return time.time() - path.stat().st_mtime < PRINT_KEEP.total_seconds()


def data_files() -> Iterator[Path]:
    for path in sorted(Path(settings.DATA_DIR).rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def test_no_file_in_the_data_directory_holds_a_plain_id_number():
    root = Path(settings.DATA_DIR)
    found = [
        f"{path.relative_to(root)}: {n} ID number(s)"
        for path in data_files()
        if not _allowed(path) and (n := plain_ids(_readable(path)))
    ]
    assert found == []


def _text_columns() -> Iterator[tuple[str, str]]:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:  # an untyped SQLite column (virtual tables) may hold anything: read it
                    kind = "TextField"
                if kind in TEXT_FIELDS:
                    yield table, column.name


def _column_findings(table: str, column: str) -> int:
    quote = connection.ops.quote_name
    cast = "::text" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)}{cast} FROM {quote(table)}")  # noqa: S608  (names from introspection)
        return sum(plain_ids(str(value).encode()) for (value,) in cursor.fetchall() if value)


@pytest.mark.django_db
def test_no_table_holds_a_plain_id_number_after_a_full_batch(
    batch,  # noqa: F811
    operator,
    django_capture_on_commit_callbacks,
):
    """A batch uploaded, committed and printed through the pages; then every text column of every table is read."""
    client = Client()
    client.force_login(operator)
    upload = SimpleUploadedFile("r.csv", results_csv([*good_rows(3), [9, "错行", "", "51010719900101001", "", 80, 75]]))
    client.post(f"/assessments/{batch.public_id}/upload/", {"file": upload})
    batch.refresh_from_db()
    confirmed = {"confirm": "yes", "file": batch.latest_file.public_id, "count": str(batch.rows_passed)}
    for step in ("commit", "print"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/assessments/{batch.public_id}/{step}/", confirmed)
    found = [f"{t}.{c}: {n}" for t, c in _text_columns() if (n := _column_findings(t, c))]
    assert found == []


@pytest.mark.django_db
def test_a_postgresql_dump_holds_no_plain_id_number():
    if connection.vendor != "postgresql":
        pytest.skip("only on PostgreSQL: the SQLite test database is in memory, read column by column above")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed: the column scan above covers the same data")
    params = connection.get_connection_params()
    command = [pg_dump, "--no-owner", "--data-only", "-h", str(params.get("host") or "127.0.0.1")]
    command += ["-p", str(params.get("port") or 5432), "-U", str(params.get("user") or "postgres"), params["dbname"]]
    env = {"PGPASSWORD": str(params.get("password") or "")}
    done = subprocess.run(command, capture_output=True, timeout=300, check=False, env=env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
    assert plain_ids(done.stdout) == 0
