"""Fixtures for supervision: case staff, an inspector, an institution operator, a recorded institution."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.core import roles
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _evidence_dir(settings: Any, tmp_path: Any) -> None:
    settings.SKILLCERT_EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture
def inspector(db: Any) -> Any:
    return make_user("labour-inspector", roles.INSPECTOR)
