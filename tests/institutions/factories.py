"""Institutions built through the services, as the product builds them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from skillcert.catalog.models import Region
from skillcert.core import roles
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionKind
from skillcert.institutions.creditcode import check_character
from skillcert.institutions.models import Institution
from tests.factories import make_user

TODAY = dt.date(2026, 6, 1)
_serial = itertools.count(1)


def credit_code(n: int | None = None, region: str = "510100") -> str:
    """A credit code with a correct check character."""
    body = f"91{region}MA{(n if n is not None else next(_serial)):06d}T"
    return body + check_character(body)


def details(**overrides: Any) -> services.RecordDetails:
    values: dict[str, Any] = {
        "name": "四川测试职业技能评价中心",
        "credit_code": credit_code(),
        "kind": InstitutionKind.SOCIAL_ORG,
        "region": Region.objects.get(code="510100"),
        "address": "成都市武侯区测试路1号",
        "contact_person": "张老师",
        "contact_phone": "028-80000000",
        "contact_email": "test@example.cn",
    }
    values.update(overrides)
    return services.RecordDetails(**values)


def applied(**overrides: Any) -> Institution:
    return services.apply_institution(details=details(**overrides), reason="申请")


def active(*, scope: tuple[tuple[str, str, str], ...] = (("6-18-02-04", "", "345"),), **overrides: Any) -> Institution:
    """An approved institution (record from 2026-01-01 to 2028-12-31) with a scope."""
    institution = services.approve_institution(
        institution=applied(**overrides),
        reason="同意备案",
        record_valid_until=dt.date(2028, 12, 31),
        on_date=dt.date(2026, 1, 1),
    )
    for code, job_type, levels in scope:
        services.set_scope_row(
            institution=institution,
            occupation_code=code,
            job_type=job_type,
            levels=levels,
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 12, 31),
        )
    return institution


def operator_of(institution: Institution, username: str) -> Any:
    user = make_user(username, roles.INSTITUTION_OPERATOR)
    services.link_operator(user=user, institution=institution)
    return user
