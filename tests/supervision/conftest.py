"""Fixtures for supervision: case staff, an inspector, an institution operator, a recorded institution."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.core import roles
from tests.certificates.conftest import (  # noqa: F401  (pytest finds fixtures by name in this module)
    holder,
    institution,
    operator,
)
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _evidence_dir(settings: Any, tmp_path: Any) -> None:
    settings.SKILLCERT_EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture
def inspector(db: Any) -> Any:
    return make_user("labour-inspector", roles.INSPECTOR)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
