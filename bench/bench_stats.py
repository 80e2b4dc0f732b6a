"""Talent statistics at 1,000,000 certificates: bulk load, tally rebuild, and every public request (< 200 ms).

Certificates are inserted directly (COPY on PostgreSQL, executemany on SQLite:
issuing a million through the services would take hours and measure signing,
not statistics), with a realistic spread: 600 institutions over the 21 市(州),
a few occupations each, ten years of growth, the five levels, three types,
sources and statuses. ``skillcert stats rebuild`` then builds the tallies (and
is timed), and each public page and API request is timed in-process: the
median of several calls after a warm-up, so the figure is a request's own cost.

The run happens on the bench's database (SQLite in a throw-away folder) and,
when a PostgreSQL server answers on 127.0.0.1:5432, again in a child process on
a throw-away database ``stats_bench`` (dropped and created by the child).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import Figure

CERTIFICATES = int(os.environ.get("SKILLCERT_BENCH_STATS_CERTIFICATES", "1000000"))
INSTITUTIONS = 600
HOLDERS = 2000
CALLS = 7
TARGET_MS = 200.0
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_URL = "postgres://postgres@127.0.0.1:5432/stats_bench"

REQUESTS = [
    ("dashboard page, no filter", "/stats/", {}),
    ("dashboard page, 成都市 + level 4", "/stats/", {"region": "510100", "level": "4"}),
    (
        "dashboard page, 2022–2024 skill level",
        "/stats/",
        {"year_from": "2022", "year_to": "2024", "type": "skill_level"},
    ),
    ("API by_region", "/api/v1/stats/by_region", {}),
    ("API by_occupation, 绵阳市", "/api/v1/stats/by_occupation", {"region": "510700"}),
    ("API by_institution", "/api/v1/stats/by_institution", {}),
    ("API trend, level 3", "/api/v1/stats/trend", {"level": "3"}),
    ("CSV by_institution_kind", "/stats/export/by_institution_kind.csv", {}),
]


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
def _reference() -> tuple[list[Any], list[str], list[Any]]:
    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.models import Occupation, Region, SpecialAbilityProject

    if not Occupation.objects.exists():
        load_reference()
    regions = list(Region.objects.order_by("code"))
    occupations = list(
        Occupation.objects.filter(level=4, major_code__in=["4", "5", "6"])
        .order_by("code")
        .values_list("code", flat=True)
    )[::8][:150]
    projects = [
        SpecialAbilityProject.objects.get_or_create(
            code=f"BENCH-ZX-{i:03d}",
            defaults={
                "name": f"专项考核项目{i}",
                "content": "-",
                "assessment_method": "实际操作",
                "publisher": "四川省人力资源和社会保障厅",
                "region": regions[i % len(regions)],
                "published_on": dt.date(2018, 1, 1),
            },
        )[0]
        for i in range(40)
    ]
    return regions, occupations, projects


def _institutions(regions: list[Any], rng: random.Random) -> list[Any]:
    from skillcert.institutions.models import Institution

    weights = [35 if r.code == "510100" else 3 for r in regions]
    kinds = ["employer", "social_org", "technical_school"]
    rows = [
        Institution(
            name=f"四川基准评价机构{i:04d}",
            credit_code=f"BENCH{i:013d}",
            kind=rng.choice(kinds),
            region=rng.choices(regions, weights)[0],
            address="-",
            contact_person="-",
            contact_phone="-",
            institution_code=f"{i:04d}",
            site_serial=f"7{i:05d}",  # apart from the serials earlier benchmarks in this data dir gave out
            status="active",
        )
        for i in range(INSTITUTIONS)
    ]
    return Institution.objects.bulk_create(rows, batch_size=1000)


def _holders() -> list[int]:
    from skillcert.people.models import Holder

    rows = [
        Holder(
            name="基准",
            id_type="resident_id",
            id_number_hash=f"bench{i:059d}",
            id_number_encrypted="-",
            id_number_masked="510***********000X",
        )
        for i in range(HOLDERS)
    ]
    return [h.pk for h in Holder.objects.bulk_create(rows, batch_size=1000)]


LEVELS = ([5] * 30) + ([4] * 35) + ([3] * 25) + ([2] * 8) + ([1] * 2)
YEAR_WEIGHTS = {2017 + i: 1.0 + 0.25 * i for i in range(10)}


def _certificate_rows(count: int, rng: random.Random) -> Any:
    """Certificate rows as dicts of column → value (same spread whatever the database).

    The reference rows are written first, before the generator is returned: nothing may query
    the database while a PostgreSQL COPY is streaming these rows.
    """
    regions, occupations, projects = _reference()
    institutions = _institutions(regions, rng)
    scopes = {inst.pk: rng.sample(occupations, rng.randint(2, 6)) for inst in institutions}
    holders = _holders()
    return _rows(count, rng, regions, occupations, projects, institutions, scopes, holders)


def _rows(
    count: int,
    rng: random.Random,
    regions: list[Any],
    occupations: list[str],
    projects: list[Any],
    institutions: list[Any],
    scopes: dict[int, list[str]],
    holders: list[int],
) -> Any:
    years, weights = list(YEAR_WEIGHTS), list(YEAR_WEIGHTS.values())
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for n in range(count):
        year = rng.choices(years, weights)[0]
        issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.random()
        row: dict[str, Any] = {
            "level": None,
            "institution_id": None,
            "project_id": None,
            "region_id": None,
            "occupation_code": "",
            "source": "assessment",
        }
        if kind < 0.80:
            inst = rng.choice(institutions)
            row.update(
                certificate_type="skill_level",
                institution_id=inst.pk,
                region_id=inst.region_id,
                occupation_code=rng.choice(scopes[inst.pk]),
                level=rng.choice(LEVELS),
            )
            s = rng.random()
            row["source"] = (
                "competition" if s < 0.03 else "reissue" if s < 0.04 else "legacy" if s < 0.12 else "assessment"
            )
        elif kind < 0.92:
            project = rng.choice(projects)
            row.update(
                certificate_type="special_ability",
                project_id=project.pk,
                region_id=rng.choice(regions).pk if rng.random() < 0.8 else None,
            )
        else:
            row.update(
                certificate_type="qualification",
                occupation_code=rng.choice(occupations),
                level=rng.choice(LEVELS),
                source="manual",
            )
        status, changed = "valid", None
        s = rng.random()
        if s < 0.035:  # 2.5 % revoked, 1 % suspended
            status = "revoked" if s < 0.025 else "suspended"
            start = dt.datetime.combine(issued, dt.time(12), tzinfo=dt.UTC)
            changed = start + (now - start) * rng.random()
        row.update(
            number=f"BENCH{n:017d}",
            holder_id=holders[n % len(holders)],
            issued_on=issued,
            status=status,
            status_changed_at=changed,
        )
        yield row


def fill(count: int) -> float:
    """Insert ``count`` certificates; return the seconds it took."""
    from django.db import connection, transaction

    from skillcert.certificates.models import Certificate

    rng = random.Random(20261129)
    fields = [f for f in Certificate._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    created = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    defaults = {
        "created_at": created,
        "updated_at": created,
        "holder_name": "基准",
        "holder_romanised_name": "",
        "occupation_name": "",
        "job_type": "",
        "issuer_name": "基准发证机构",
        "issuer_on_behalf": "",
        "batch_id": "",
        "status_reason": "",
        "superseded_by_id": None,
    }
    start = time.perf_counter()

    def values(row: dict[str, Any]) -> list[Any]:
        merged = {**defaults, **row, "public_id": "b" + row["number"][5:]}
        return [merged[c] for c in columns]

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        rows = _certificate_rows(count, rng)
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(Certificate._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            cursor.execute("PRAGMA cache_size = -400000")  # 400 MB: the certificate indexes stay in memory
            sql = (
                f"INSERT INTO {quote(Certificate._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            chunk: list[list[Any]] = []
            for row in rows:
                chunk.append(
                    [
                        connection.ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else v
                        for v in values(row)
                    ]
                )
                if len(chunk) == 50_000:
                    cursor.executemany(sql, chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(Certificate._meta.db_table)}")
    return time.perf_counter() - start


# ---------------------------------------------------------------------------
# Measure
# ---------------------------------------------------------------------------
def _median_ms(client: Any, path: str, params: dict[str, str]) -> float:
    response = client.get(path, params)  # warm-up (and a check that it answers)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        client.get(path, params)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(count: int) -> list[dict[str, Any]]:
    """Fill, rebuild, time every request; figures as plain dicts (they cross a process boundary)."""
    from django.db import connection
    from django.test import Client

    from skillcert.stats.models import CertificateTally, MonthTally
    from skillcert.stats.services import rebuild_tallies, vacuum_tallies

    db = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    figures = [{"name": f"stats [{db}]: insert {count:,} certificates", "value": fill(count), "unit": "s"}]
    start = time.perf_counter()
    rebuild_tallies()
    vacuum_tallies()  # as `skillcert stats rebuild` does
    figures.append(
        {"name": f"stats [{db}]: skillcert stats rebuild", "value": time.perf_counter() - start, "unit": "s"}
    )
    figures.append({"name": f"stats [{db}]: tally rows", "value": CertificateTally.objects.count(), "unit": "rows"})
    figures.append({"name": f"stats [{db}]: monthly tally rows", "value": MonthTally.objects.count(), "unit": "rows"})
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for label, path, params in REQUESTS:
        figures.append(
            {
                "name": f"stats [{db}]: {label}",
                "value": _median_ms(client, path, params),
                "unit": "ms",
                "target": TARGET_MS,
                "higher_is_better": False,
            }
        )
    return figures


def _postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:  # no server, no PostgreSQL figures
        return False


def _on_postgres(count: int) -> list[dict[str, Any]]:
    env = {
        **os.environ,
        "SKILLCERT_DATABASE_URL": PG_BENCH_URL,
        "SKILLCERT_DATA_DIR": tempfile.mkdtemp(prefix="stats-bench-"),
    }
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        return [
            {"name": f"stats [PostgreSQL]: failed ({out.stderr.strip().splitlines()[-1:]})", "value": 0, "unit": "-"}
        ]
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    from django.db import connection

    figures = measure(CERTIFICATES)
    if connection.vendor != "postgresql" and _postgres_reachable():
        figures += _on_postgres(CERTIFICATES)
    return [Figure(**f) for f in figures]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _child(count: int) -> None:
    """Runs in its own process on a fresh PostgreSQL database: create it, migrate, measure, print JSON."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS stats_bench")
        admin.execute("CREATE DATABASE stats_bench")
    _setup()
    print(json.dumps(measure(count)))


if __name__ == "__main__":
    # `python bench/bench_stats.py [COUNT]` runs this benchmark alone; `--child COUNT` is the PostgreSQL run.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if sys.argv[1:2] == ["--child"]:
        _child(int(sys.argv[2]))
    else:
        os.environ["SKILLCERT_DATA_DIR"] = tempfile.mkdtemp(prefix="stats-bench-")  # never the dev database
        _setup()
        for figure in run() if len(sys.argv) < 2 else [Figure(**f) for f in measure(int(sys.argv[1]))]:
            print(figure.line(), flush=True)
