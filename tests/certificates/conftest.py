"""Fixtures for issuing: an active institution with scope, its operator, holders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skillcert.core import roles
from tests.conftest import make_user


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码 (GB 32100) built around a serial number."""
    from skillcert.institutions.creditcode import check_character

    first17 = f"52510100MJ{serial:07d}"[:17]
    return first17 + check_character(first17)


def valid_id(first17: str) -> str:
    """A 居民身份证 number with its GB 11643 check digit."""
    from skillcert.people.idnumbers import gb11643_check_character

    return first17 + gb11643_check_character(first17)


def make_institution(
    centre: Any,
    *,
    name: str,
    serial: int,
    occupation: str = "6-18-02-04",
    levels=(3, 4, 5),
    kind: str = "social_org",
    region_code: str = "510100",
) -> Any:
    from skillcert.catalog.models import Region
    from skillcert.institutions import services

    details = services.RecordDetails(
        name=name,
        credit_code=credit_code(serial),
        kind=kind,
        region=Region.objects.get(code=region_code),
        address="成都市武侯区人民南路四段1号",
        contact_person="李老师",
        contact_phone="028-85550000",
    )
    institution = services.apply_institution(details=details, actor=centre)
    institution = services.approve_institution(
        institution=institution,
        reason="材料齐全，同意备案",
        record_valid_until=dt.date(2030, 12, 31),
        on_date=dt.date(2020, 1, 1),
        actor=centre,
    )
    services.set_scope_row(
        institution=institution,
        occupation_code=occupation,
        levels=levels,
        valid_from=dt.date(2020, 1, 1),
        valid_until=None,
        reason="备案范围",
        actor=centre,
    )
    return institution


@pytest.fixture
def institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="四川省焊接技能评价中心", serial=1)


@pytest.fixture
def other_institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="成都市烹饪技能评价中心", serial=2, occupation="4-03-02-01")


@pytest.fixture
def operator(institution: Any, centre_user: Any) -> Any:
    from skillcert.institutions.services import link_operator

    user = make_user("welding-operator", roles.INSTITUTION_OPERATOR)
    link_operator(user=user, institution=institution, actor=centre_user)
    return user


@pytest.fixture
def holder(db: Any) -> Any:
    from skillcert.people.services import register_holder

    return register_holder(name="张三", id_type="resident_id", id_number=valid_id("51010719900307123"), gender="male")
