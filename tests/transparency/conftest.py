"""Helpers for log tests: realistic events with hashes and public ids only."""

from __future__ import annotations

import hashlib

import pytest

from skillcert.core.ids import new_public_id
from skillcert.transparency.events import LogEvent


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def issued(count: int, prefix: str = "c") -> list[LogEvent]:
    """``count`` certificate.issued events with distinct subjects and credential hashes."""
    return [
        LogEvent(
            "certificate.issued",
            "certificate",
            f"{prefix}{new_public_id(12)}",
            {"credential_sha256": sha(f"{prefix}{i}"), "certificate_number_sha256": sha(f"S0000510000012640{i:05d}")},
        )
        for i in range(count)
    ]


@pytest.fixture(autouse=True)
def no_subject_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests append synthetic leaves for subjects that do not exist; the registry checks that the
    certificates app registers (tested in tests/e2e/test_log_audit.py) would rightly fail them."""
    from skillcert.transparency import audit

    monkeypatch.setattr(audit, "SUBJECT_CHECKS", {})
