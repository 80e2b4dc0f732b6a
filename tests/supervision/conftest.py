"""Fixtures for supervision: case staff, an inspector, an institution operator, a recorded institution."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.core import roles
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _evidence_dir(settings: Any, tmp_path: Any) -> None:
    settings.SKILLCERT_EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture
def inspector(db: Any) -> Any:
    return make_user("labour-inspector", roles.INSPECTOR)


@pytest.fixture
def institution(reference: None, centre_user: Any) -> Any:
    from tests.certificates.conftest import make_institution

    return make_institution(centre_user, name="四川省焊接技能评价中心", serial=1)


@pytest.fixture
def operator(institution: Any, centre_user: Any) -> Any:
    from skillcert.institutions.services import link_operator

    user = make_user("welding-operator", roles.INSTITUTION_OPERATOR)
    link_operator(user=user, institution=institution, actor=centre_user)
    return user


@pytest.fixture
def holder(db: Any) -> Any:
    from skillcert.people.services import register_holder
    from tests.certificates.conftest import valid_id

    return register_holder(name="张三", id_type="resident_id", id_number=valid_id("51010719900307123"), gender="male")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
