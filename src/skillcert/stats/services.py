"""Every change of the statistics tallies: counted as certificates are issued or change status, or rebuilt.

The certificate services call :func:`count_issued` and :func:`count_status_change`
inside their own transaction, so the tallies never disagree with the registry
(ADR 0008). :func:`rebuild_tallies` recomputes both tables from the certificates
and is the reference the incremental path is tested against.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.stats.models import MONTH_KEY, ROLLUP_KEY, TALLY_KEY, CertificateTally, MonthTally, RollupTally

ISSUED = "issued"
REVOKED = "revoked"

TallyKey = tuple[Any, ...]


def _lookups(certificates: Sequence[Any]) -> tuple[dict[int, str], dict[int, str]]:
    """Region and project codes by database id for these certificates (two small queries at most)."""
    from skillcert.catalog.models import Region, SpecialAbilityProject

    region_ids = {c.region_id for c in certificates if c.region_id}
    project_ids = {c.project_id for c in certificates if c.project_id}
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "code")) if region_ids else {}
    projects = (
        dict(SpecialAbilityProject.objects.filter(pk__in=project_ids).values_list("pk", "code")) if project_ids else {}
    )
    return regions, projects


def tally_key(certificate: Any, status: str, regions: dict[int, str], projects: dict[int, str]) -> TallyKey:
    """The tally row a certificate counts in when it has ``status`` (same order as ``TALLY_KEY``)."""
    occupation = certificate.occupation_code or ""
    return (
        certificate.issued_on.year,
        regions.get(certificate.region_id, "") if certificate.region_id else "",
        occupation[:1],
        occupation,
        projects.get(certificate.project_id, "") if certificate.project_id else "",
        certificate.level or 0,
        certificate.certificate_type,
        certificate.institution_id or 0,
        certificate.source,
        status,
    )


# Where each grain's value sits in a tally key (see ``TALLY_KEY``); ``all`` has none.
GRAIN_POSITIONS: dict[str, int | None] = {
    "all": None,
    "major": 2,
    "source": 8,
    "occupation": 3,
    "project": 4,
    "institution": 7,
}


def rollup_keys(key: TallyKey) -> list[TallyKey]:
    """The roll-up rows a tally row adds to, one per grain (same order as ``ROLLUP_KEY``)."""
    year, region, _major, _occupation, _project, level, certificate_type, _inst, _source, status = key
    keys = []
    for grain, position in GRAIN_POSITIONS.items():
        value = "" if position is None else str(key[position])
        if grain in ("occupation", "project") and not value:
            continue  # a special ability certificate has no occupation, the others no project
        keys.append((grain, year, region, level, certificate_type, value, status))
    return keys


def rollup(tallies: Counter[TallyKey]) -> Counter[TallyKey]:
    result: Counter[TallyKey] = Counter()
    for key, delta in tallies.items():
        for target in rollup_keys(key):
            result[target] += delta
    return result


def _apply(tallies: Counter[TallyKey]) -> None:
    _upsert(CertificateTally._meta.db_table, TALLY_KEY, tallies)
    _upsert(RollupTally._meta.db_table, ROLLUP_KEY, rollup(tallies))


def month_key(certificate: Any, event: str, on: dt.date, regions: dict[int, str]) -> TallyKey:
    """The monthly row (same order as ``MONTH_KEY``)."""
    region = regions.get(certificate.region_id, "") if certificate.region_id else ""
    return (on.year, on.month, event, certificate.certificate_type, region, certificate.level or 0)


def _upsert(table: str, columns: Sequence[str], deltas: Counter[TallyKey]) -> None:
    """Add each delta to its row, creating the row when missing (one statement on SQLite and PostgreSQL)."""
    rows = [(*key, delta) for key, delta in deltas.items() if delta]
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    count = quote("count")
    sql = (
        f"INSERT INTO {quote(table)} ({names}, {count}) VALUES ({placeholders}) "  # noqa: S608  (own names)
        f"ON CONFLICT ({names}) DO UPDATE SET {count} = {quote(table)}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def count_issued(certificates: Sequence[Any]) -> None:
    """Count newly stored certificates (issued, reissued, competition awards, legacy imports)."""
    if not certificates:
        return
    regions, projects = _lookups(certificates)
    tallies: Counter[TallyKey] = Counter()
    months: Counter[TallyKey] = Counter()
    for certificate in certificates:
        tallies[tally_key(certificate, certificate.status, regions, projects)] += 1
        months[month_key(certificate, ISSUED, certificate.issued_on, regions)] += 1
        if certificate.status == CertificateStatus.REVOKED:  # a legacy record imported as revoked
            months[month_key(certificate, REVOKED, _revoked_on(certificate), regions)] += 1
    _apply(tallies)
    _upsert(MonthTally._meta.db_table, MONTH_KEY, months)


def _revoked_on(certificate: Any) -> dt.date:
    changed = certificate.status_changed_at
    return timezone.localdate(changed) if changed else certificate.issued_on


def count_status_change(certificate: Any, previous_status: str) -> None:
    """Move the certificate from its old status row to its new one; a revocation also counts in its month."""
    if previous_status == certificate.status:
        return
    regions, projects = _lookups([certificate])
    tallies: Counter[TallyKey] = Counter()
    tallies[tally_key(certificate, previous_status, regions, projects)] -= 1
    tallies[tally_key(certificate, certificate.status, regions, projects)] += 1
    _apply(tallies)
    if certificate.status == CertificateStatus.REVOKED:
        months: Counter[TallyKey] = Counter({month_key(certificate, REVOKED, _revoked_on(certificate), regions): 1})
        _upsert(MonthTally._meta.db_table, MONTH_KEY, months)


# ---------------------------------------------------------------------------
# Rebuild
# ---------------------------------------------------------------------------
def _rebuilt_tallies(certificates: Any) -> Iterable[tuple[Any, ...]]:
    """Tally rows (``TALLY_KEY`` + count) grouped by the database from every certificate."""
    rows = (
        certificates.objects.order_by()
        .annotate(
            y=ExtractYear("issued_on"),
            region_code=Coalesce("region__code", Value("")),
            occupation=Coalesce("occupation_code", Value("")),
            project_code=Coalesce("project__code", Value("")),
            lvl=Coalesce("level", Value(0), output_field=IntegerField()),
            type=F("certificate_type"),
            inst=Coalesce("institution_id", Value(0), output_field=IntegerField()),
            src=F("source"),
            st=F("status"),
        )
        .values_list("y", "region_code", "occupation", "project_code", "lvl", "type", "inst", "src", "st")
        .annotate(n=Count("id"))
    )
    for year, region, occupation, project, level, kind, inst, source, status, n in rows.iterator(chunk_size=10000):
        yield (year, region, occupation[:1], occupation, project, level, kind, inst, source, status, n)


def _rebuilt_months(certificates: Any) -> Iterable[tuple[Any, ...]]:
    common = {
        "region_code": Coalesce("region__code", Value("")),
        "lvl": Coalesce("level", Value(0), output_field=IntegerField()),
    }
    issued = certificates.objects.order_by().values(
        "certificate_type", y=ExtractYear("issued_on"), m=ExtractMonth("issued_on"), **common
    )
    revoked = certificates.objects.order_by().filter(status=CertificateStatus.REVOKED)
    revoked_dated = revoked.filter(status_changed_at__isnull=False).values(
        "certificate_type", y=ExtractYear("status_changed_at"), m=ExtractMonth("status_changed_at"), **common
    )
    revoked_undated = revoked.filter(status_changed_at__isnull=True).values(  # as count_issued dates them
        "certificate_type", y=ExtractYear("issued_on"), m=ExtractMonth("issued_on"), **common
    )
    counts: Counter[TallyKey] = Counter()
    for event, rows in ((ISSUED, issued), (REVOKED, revoked_dated), (REVOKED, revoked_undated)):
        for row in rows.annotate(n=Count("id")).iterator(chunk_size=5000):
            counts[(row["y"], row["m"], event, row["certificate_type"], row["region_code"], row["lvl"])] += row["n"]
    for key, n in counts.items():
        yield (*key, n)


@transaction.atomic
def rebuild_tallies(apps: Any = None) -> dict[str, int]:
    """Recompute both tallies from the certificates, from scratch; return the number of rows written.

    ``apps`` is a migration's app registry (the initial data migration counts what
    an existing installation already holds). On PostgreSQL the tallies are locked
    first, so issues that commit meanwhile wait and count themselves afterwards
    instead of being lost or counted twice.
    """
    certificates = apps.get_model("certificates", "Certificate") if apps else Certificate
    tally = apps.get_model("stats", "CertificateTally") if apps else CertificateTally
    month = apps.get_model("stats", "MonthTally") if apps else MonthTally
    rolled = apps.get_model("stats", "RollupTally") if apps else RollupTally
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (tally, month, rolled):
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN EXCLUSIVE MODE")
    for model in (tally, month, rolled):
        model.objects.all().delete()
    written = {
        "tallies": _bulk_insert(tally, TALLY_KEY, _rebuilt_tallies(certificates)),
        "months": _bulk_insert(month, MONTH_KEY, _rebuilt_months(certificates)),
    }
    rows = tally.objects.order_by().values_list(*TALLY_KEY, "count").iterator(chunk_size=10000)
    rollups = rollup(Counter({tuple(row[:-1]): row[-1] for row in rows}))
    written["rollups"] = _bulk_insert(rolled, ROLLUP_KEY, ((*key, n) for key, n in rollups.items()))
    with connection.cursor() as cursor:  # fresh planner statistics: the tables were just refilled
        for model in (tally, month, rolled):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return written


def tally_snapshot() -> list[dict[TallyKey, int]]:
    """The three count tables as ``{key: count}``, rows at zero left out (a rebuild does not write them)."""
    tables = ((CertificateTally, TALLY_KEY), (MonthTally, MONTH_KEY), (RollupTally, ROLLUP_KEY))
    return [
        {
            tuple(row[:-1]): row[-1]
            for row in model.objects.values_list(*key, "count").iterator(chunk_size=10000)
            if row[-1]
        }
        for model, key in tables
    ]


def count_drift() -> int:
    """How many rows the kept counts differ from a recount by (0 = in step); changes nothing."""
    with transaction.atomic():
        kept = tally_snapshot()
        rebuild_tallies()
        recounted = tally_snapshot()
        transaction.set_rollback(True)
    return sum(len(set(a.items()) ^ set(b.items())) for a, b in zip(kept, recounted, strict=True))


def vacuum_tallies() -> None:
    """On PostgreSQL, VACUUM the refilled tallies (outside any transaction) so charts are read from the index alone.

    Autovacuum would do it too, later; without it the first requests after a rebuild scan the tables.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (CertificateTally, MonthTally, RollupTally):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def _bulk_insert(model: Any, key: Sequence[str], rows: Iterable[tuple[Any, ...]], chunk: int = 20000) -> int:
    """Insert ``key`` + count tuples with plain ``executemany`` (model instances and bulk_create cost 5× more)."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in key] + ["count"]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if connection.vendor == "postgresql":  # COPY: executemany sends one statement per row
        return _copy(model._meta.db_table, columns, list(rows))  # read fully: no query may run during COPY
    written = 0
    pending: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append(row)
            if len(pending) >= chunk:
                cursor.executemany(sql, pending)
                written, pending = written + len(pending), []
        if pending:
            cursor.executemany(sql, pending)
            written += len(pending)
    return written


def _copy(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        copy_sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
    return len(rows)
