"""Fixtures for the credentials tests: no key until asked for, a signing key, certificate facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from skillcert.credentials.compose import CertificateFacts
from tests.factories.credentials import make_facts


@pytest.fixture(autouse=True)
def key_files_in_tmp(request: Any, settings: Any, tmp_path: Path) -> None:
    """Each test starts with no active key and keeps its key files in its own data directory.

    The suite's baseline key (``tests/conftest.py``) is removed inside the test's
    transaction (rolled back afterwards), so these tests see the issuer as it is
    before ``keys ensure``.
    """
    settings.DATA_DIR = tmp_path
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from skillcert.credentials.models import SigningKey

        if "transactional_db" not in request.fixturenames:
            request.getfixturevalue("db")
        SigningKey.objects.all().delete()


@pytest.fixture
def signing_key(db: Any) -> Any:
    """The issuer's active signing key (created on first use, as `skillcert keys ensure` does)."""
    from skillcert.credentials.services import ensure_signing_key

    return ensure_signing_key()


@pytest.fixture
def facts() -> CertificateFacts:
    return make_facts()
