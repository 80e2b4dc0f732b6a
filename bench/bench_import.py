"""Results import end to end (parse, validate, number, store, log) on the configured database.

Each size runs in its own process so that its peak memory (max RSS) is its own;
the target is ≥ 5,000 rows/s, and memory should not grow with the file beyond
the parsed rows. Run alone: ``python bench/bench_import.py --rows 100000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure

SIZES = (20_000, 100_000)
TARGET_ROWS_PER_S = 5000


def run() -> list[Figure]:
    figures = []
    for rows in SIZES:
        env = {**os.environ, "SKILLCERT_DATA_DIR": tempfile.mkdtemp(prefix="skillcert-bench-import-")}
        out = subprocess.run(
            [sys.executable, __file__, "--rows", str(rows)], env=env, capture_output=True, text=True, check=True
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        figures.append(
            Figure(f"results import, {rows:,} rows: rate", result["rows_per_s"], "rows/s", TARGET_ROWS_PER_S)
        )
        figures.append(Figure(f"results import, {rows:,} rows: peak memory", result["peak_mb"], "MB", None))
        figures.append(Figure(f"results import, {rows:,} rows: file check only", result["check_rows_per_s"], "rows/s"))
    return figures


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


def measure(rows: int, *, credentials: bool = True) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    from tests.certificates.conftest import make_institution  # the same set-up as the tests

    from skillcert.assessments import services
    from skillcert.core.context import acting_as

    if not credentials:  # measure the import machinery alone; signing is measured in bench_credentials
        from skillcert.certificates import trust

        trust.after_issue = lambda certificates: None
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
    return {"rows_per_s": rows / seconds, "peak_mb": peak_mb, "check_rows_per_s": rows / check_seconds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--without-credentials", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(measure(args.rows, credentials=not args.without_credentials)))
