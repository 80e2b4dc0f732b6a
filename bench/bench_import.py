"""Results import end to end (parse, check, number, sign, log, statistics, commit), on SQLite and PostgreSQL.

Each run is its own process, so that its peak memory (max RSS, the signing processes' own
printed apart) is its own, on a fresh database: an SQLite file in a throw-away data directory,
and, when ``SKILLCERT_BENCH_POSTGRES_URL`` names a server (``make bench`` passes
``postgres://postgres@127.0.0.1:5432/skillcert_bench``), a scratch database of that name dropped
and created again. The limit beside the figures is SQLite ``executemany`` of rows as wide as a
certificate, measured in the same run. Target: ≥ 2,000 rows/s on 2 cores, under 500 MB.
Run alone: ``python bench/bench_import.py --rows 100000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure

ROWS = 100_000
TARGET_ROWS_PER_S = 2000
TARGET_PEAK_MB = 500


def run() -> list[Figure]:
    bare = executemany_rows_per_s(ROWS)
    figures = [Figure(f"bare limit: SQLite executemany, {ROWS:,} rows", bare, "rows/s")]
    targets = [("SQLite", None)]
    postgres = os.environ.get("SKILLCERT_BENCH_POSTGRES_URL", "")
    if postgres:
        targets.append(("PostgreSQL", postgres))
    for label, database_url in targets:
        result = import_in_child(ROWS, database_url)
        if result is None:
            print(f"  (results import on {label} skipped: no database at {database_url})")
            continue
        rate = result["rows_per_s"]
        figures += [
            Figure(
                f"results import, {ROWS:,} rows, {label} ({rate / bare:.2%} of bare)", rate, "rows/s", TARGET_ROWS_PER_S
            ),
            Figure(
                f"results import, {ROWS:,} rows, {label}: peak memory", result["peak_mb"], "MB", TARGET_PEAK_MB, False
            ),
            Figure(f"results import, {ROWS:,} rows, {label}: signing processes", result["processes"], "processes"),
            Figure(f"results import, {ROWS:,} rows, {label}: file check only", result["check_rows_per_s"], "rows/s"),
        ]
    return figures


BARE_TABLE = "CREATE TABLE t (id INTEGER PRIMARY KEY, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11)"
BARE_INSERT = (
    "INSERT INTO t (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def executemany_rows_per_s(rows: int) -> float:
    """The database's own speed for rows like a certificate's: 12 text columns, one transaction."""
    with tempfile.TemporaryDirectory(prefix="skillcert-bench-bare-") as folder:
        db = sqlite3.connect(Path(folder) / "bare.sqlite3")
        db.execute(BARE_TABLE)
        data = [tuple(f"{n:022d}"[: 8 + i] for i in range(12)) for n in range(rows)]
        started = time.perf_counter()
        with db:
            db.executemany(BARE_INSERT, data)
        seconds = time.perf_counter() - started
        db.close()
    return rows / seconds


def import_in_child(rows: int, database_url: str | None) -> dict[str, float] | None:
    env = {**os.environ, "SKILLCERT_DATA_DIR": tempfile.mkdtemp(prefix="skillcert-bench-import-")}
    env.pop("SKILLCERT_DATABASE_URL", None)
    if database_url:
        if not fresh_postgres_database(database_url):
            return None
        env["SKILLCERT_DATABASE_URL"] = database_url
    out = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows)], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def fresh_postgres_database(url: str) -> bool:
    """Drop and create the scratch database ``url`` names (never another: its name must start with skillcert_bench)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("skillcert_bench"):
        raise SystemExit(f"refusing to recreate {name!r}: the bench database's name must start with skillcert_bench")
    try:
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return False
    return True


def write_file(path: Path, rows: int) -> None:
    """A results CSV with valid, distinct ID numbers; every candidate passes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import random

    from skillcert.certificates.demo import fake_name
    from skillcert.people.idnumbers import gb11643_check_character

    rng = random.Random(7)
    start = dt.date(1970, 1, 1)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("序号,姓名,证件类型,证件号码,性别,理论知识成绩,操作技能成绩\n")
        for i in range(rows):
            birth = start + dt.timedelta(days=i // 900)
            first17 = f"510107{birth:%Y%m%d}{i % 900 + 100:03d}"
            handle.write(
                f"{i + 1},{fake_name(rng)},,{first17}{gb11643_check_character(first17)},,"
                f"{rng.randint(60, 100)},{rng.randint(60, 100)}\n"
            )


def measure(rows: int) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    from tests.certificates.conftest import make_institution  # the same set-up as the tests

    from skillcert.assessments import services
    from skillcert.assessments.jobs import CHUNK
    from skillcert.core.context import acting_as
    from skillcert.credentials import parallel
    from skillcert.credentials.services import ensure_signing_key

    ensure_signing_key()
    path = Path(os.environ["SKILLCERT_DATA_DIR"]) / "results.csv"
    write_file(path, rows)
    data = path.read_bytes()
    with acting_as(None):
        institution = make_institution(None, name="基准测试评价机构", serial=9)
        batch = services.declare_batch(
            actor=None, institution=institution, occupation_code="6-18-02-04", level=4,
            assessment_date=dt.date(2026, 10, 1), evaluators="基准",
        )  # fmt: skip
        started = time.perf_counter()
        services.check_file(batch, path.name, data)
        check_seconds = time.perf_counter() - started
        started = time.perf_counter()
        services.upload_results(batch=batch, actor=None, filename=path.name, data=data)
        job = services.commit_batch(batch=batch, actor=None, inline=True)
        seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows_per_s": rows / seconds,
        "peak_mb": peak_mb,
        "check_rows_per_s": rows / check_seconds,
        "processes": parallel.processes_for(min(rows, CHUNK)),  # as each chunk of the batch is signed
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(measure(args.rows)))
