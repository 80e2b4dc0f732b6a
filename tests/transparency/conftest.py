"""Helpers for log tests: realistic events, real certificates behind them, and forging rows as an intruder would.

The audit's real subject and record checks stay registered for every test here.
Tests isolate by data instead: logs a database audit reads are made of real
certificates (:func:`issue_certificates`); synthetic events (:func:`issued`)
serve the tests of appending, proofs and the API, which audit nothing or audit
over HTTP, where subject checks do not run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import connection

from skillcert.core.ids import new_public_id
from skillcert.transparency import dbguard, dbroles
from skillcert.transparency.events import LogEvent, certificate_subject
from tests.certificates.conftest import (  # noqa: F401  (pytest finds fixtures by name in this module)
    holder,
    institution,
    operator,
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def issued(count: int, prefix: str = "c") -> list[LogEvent]:
    """``count`` certificate.issued events with distinct subjects and hashes (no certificate behind them).

    Subjects are named as format 2 leaves name certificates: the digest of an address key.
    """
    return [
        LogEvent(
            "certificate.issued",
            "certificate",
            certificate_subject(f"{prefix}{new_public_id(12)}"),
            {"credential_sha256": sha(f"{prefix}{i}"), "facts_sha256": sha(f"facts {prefix}{i}")},
        )
        for i in range(count)
    ]


def issue_certificates(count: int, holder: Any, institution: Any, operator: Any) -> list[Any]:  # noqa: F811 (fixture names)
    """``count`` real skill level certificates in one batch: each with its credential and its log entry."""
    from skillcert.certificates import services

    spec = services.IssueSpec(
        certificate_type="skill_level",
        holder=holder,
        issued_on=dt.date(2026, 6, 1),
        source="manual",
        occupation_code="6-18-02-04",
        level=4,
        institution=institution,
    )
    return services.issue_certificates(specs=[spec] * count, actor=operator)


def forge(*statements: str, params: Any = None) -> None:
    """Edit log rows the way someone with database access would: the guard triggers dropped, plain SQL, put back.

    Runs in the test's own transaction and is rolled back with it. On PostgreSQL with an owner role
    (the CI run) the tests connect as the application role, which cannot lift the guard: each
    statement then goes through the test database's owner function (``tests/conftest.py``).
    """
    if dbroles.owner_credentials() is None or connection.vendor != "postgresql":
        with dbguard.lifted(connection), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, params)
        return
    as_owner(*dbguard.statements("postgresql", install=False))
    as_owner(*(connection.ops.compose_sql(sql, params) for sql in statements))
    as_owner(*dbguard.statements("postgresql", install=True))


def as_owner(*statements: str) -> None:
    """Run statements as the tables' owner inside the test's transaction (PostgreSQL with an owner role only)."""
    from tests.conftest import AS_OWNER

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(f"SELECT {AS_OWNER}(%s)", [sql])
