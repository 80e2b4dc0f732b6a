"""Database triggers that make the log tables append-only for every client, not only for Django.

SQLite: ``BEFORE UPDATE`` and ``BEFORE DELETE`` triggers that ``RAISE(ABORT)``.
PostgreSQL: one trigger function raising an exception, fired ``BEFORE UPDATE OR
DELETE`` per row and ``BEFORE TRUNCATE`` per statement. The head row
(``transparency_loghead``) is guarded too, more narrowly: it is never deleted
and an update must grow its size (an append); the auditor checks its size
against the stored leaves. Installed by the migrations ``0002_append_only_triggers``
(leaves, nodes, checkpoints) and ``0003_leaf_commitments_and_head_guard`` (the
rest); :func:`lifted` takes them away only for ``skillcert flush`` (a
whole-database wipe, used by the test suite), inside the flush's own transaction.

These stop mistakes and casual edits. Someone who can drop triggers can still
rewrite rows: that is what the signed checkpoints and ``skillcert log audit`` catch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.db import transaction

APPEND_ONLY_TABLES = (
    "transparency_logleaf",
    "transparency_lognode",
    "transparency_checkpoint",
    "transparency_leafcommitment",
)
HEAD_TABLE = "transparency_loghead"
GUARDED_TABLES = (*APPEND_ONLY_TABLES, HEAD_TABLE)
MESSAGE = "transparency log rows are append-only"
HEAD_MESSAGE = "the transparency log head only moves forward"
PG_FUNCTION = "transparency_refuse_change"
PG_HEAD_FUNCTION = "transparency_head_forward_only"
# The head may only grow: same row, larger size. Anything else (a delete, a shrink, a new id) is refused.
HEAD_REFUSED = "NEW.size <= OLD.size OR NEW.id <> OLD.id"


def _sqlite_install(table: str) -> list[str]:
    if table == HEAD_TABLE:
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"WHEN {HEAD_REFUSED} BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_uninstall(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


def _postgres_install(table: str) -> list[str]:
    function = PG_HEAD_FUNCTION if table == HEAD_TABLE else PG_FUNCTION
    return [
        *_postgres_uninstall(table),
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
    ]


def _postgres_uninstall(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


POSTGRES_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception'; END $$"
)
POSTGRES_HEAD_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {PG_HEAD_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF TG_OP = 'DELETE' OR {HEAD_REFUSED} THEN "
    f"RAISE EXCEPTION '{HEAD_MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception'; "
    "END IF; RETURN NEW; END $$"
)


def statements(vendor: str, *, install: bool) -> list[str]:
    """The SQL that installs (or removes) the triggers on ``vendor``; empty for other databases."""
    if vendor == "sqlite":
        build = _sqlite_install if install else _sqlite_uninstall
        return [sql for table in GUARDED_TABLES for sql in build(table)]
    if vendor == "postgresql":
        build = _postgres_install if install else _postgres_uninstall
        head = [POSTGRES_FUNCTION, POSTGRES_HEAD_FUNCTION] if install else []
        return head + [sql for table in GUARDED_TABLES for sql in build(table)]
    return []


def _tables_exist(connection: Any) -> bool:
    existing = set(connection.introspection.table_names())
    return all(table in existing for table in GUARDED_TABLES)


def install(connection: Any) -> None:
    """Create the triggers (idempotent)."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=True):
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    """Drop the triggers (idempotent)."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, install=False):
            cursor.execute(sql)


def is_installed(connection: Any) -> bool:
    """True when every guarded table has its triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'transparency_%'")
            return bool(cursor.fetchone()[0] == 2 * len(GUARDED_TABLES))
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'transparency_%' AND NOT tgisinternal")
            return bool(cursor.fetchone()[0] == 2 * len(GUARDED_TABLES))
    return False


@contextlib.contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """Run a block without the triggers, in one transaction, and put them back."""
    if not _tables_exist(connection):
        yield
        return
    # DDL is transactional on SQLite and PostgreSQL: if the block fails, the rollback restores the triggers.
    with transaction.atomic(using=connection.alias):
        uninstall(connection)
        yield
        install(connection)
