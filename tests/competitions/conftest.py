"""Fixtures for competitions: hosts (recorded and not), host accounts, a special ability project."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import make_host, make_institution


@pytest.fixture
def host_user(reference: None, centre_user: Any) -> Any:
    """The account of an unrecorded host (四川省焊接协会)."""
    return make_host(centre_user, "四川省焊接协会", "host-welding")


@pytest.fixture
def recorded_institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="德阳重装焊接评价中心", serial=41, levels=(1, 2, 3))


@pytest.fixture
def institution_host_user(recorded_institution: Any, centre_user: Any) -> Any:
    """The account of a host that is a recorded evaluation institution."""
    return make_host(centre_user, "德阳重装制造有限公司", "host-dezhuang", institution=recorded_institution)


@pytest.fixture
def project(reference: None) -> Any:
    from skillcert.catalog.models import SpecialAbilityProject

    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0002",
        name="蜀绣技艺",
        content="针法、配色",
        assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局",
        published_on=dt.date(2024, 6, 1),
    )
