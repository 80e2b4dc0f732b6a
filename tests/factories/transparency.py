"""Log test helpers: synthetic log events, and forging log rows as an intruder with database access would.

Logs that a database audit reads are made of real certificates
(:func:`tests.factories.certificates.issue_certificates`); the synthetic events here
(:func:`issued`) serve the tests of appending, proofs and the API, which audit nothing
or audit over HTTP, where subject checks do not run.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection

from skillcert.core.ids import new_public_id
from skillcert.transparency import dbguard, dbroles
from skillcert.transparency.events import LogEvent, certificate_subject

AS_OWNER = "skillcert_test_as_owner"  # the test database's function that runs one statement as the owner


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
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(f"SELECT {AS_OWNER}(%s)", [sql])
