"""Evaluation institutions recorded through the institutions services, with one scope row, and their operators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from skillcert.core import roles
from skillcert.institutions.models import Institution
from tests.factories.idnumbers import credit_code
from tests.factories.users import make_user


class InstitutionFactory(factory.Factory):
    """An approved institution (record valid until 2030-12-31) with one scope row from 2020-01-01.

    ``centre`` is the centre staff account that approves it (required). Built through
    ``institutions.services`` so the change log, site serial and scope are as in production.
    """

    class Meta:
        model = Institution

    centre = None
    name = factory.Sequence(lambda n: f"四川省测试技能评价中心{n}")
    serial = factory.Sequence(lambda n: 1000 + n)  # the credit code; tests use small serials of their own
    occupation = "6-18-02-04"
    levels = (3, 4, 5)
    kind = "social_org"
    region_code = "510100"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return record_institution(**kwargs)


def record_institution(
    *, centre: Any, name: str, serial: int, occupation: str, levels: Any, kind: str, region_code: str
) -> Any:
    """Apply, approve and scope an institution as the centre would."""
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


def make_institution(centre: Any, *, name: str, serial: int, **changes: Any) -> Any:
    """An institution with welding (6-18-02-04) levels 3–5 in scope, in 成都; ``changes`` override the defaults."""
    return InstitutionFactory(centre=centre, name=name, serial=serial, **changes)


def make_mianyang_institution(centre: Any) -> Any:
    """A recorded 绵阳市 employer with welding in scope (levels 3–5)."""
    return make_institution(centre, name="绵阳九洲焊接评价站", serial=7, kind="employer", region_code="510700")


def make_operator(institution: Any, centre: Any, username: str = "welding-operator") -> Any:
    """An institution operator account linked to ``institution`` by the centre."""
    from skillcert.institutions.services import link_operator

    user = make_user(username, roles.INSTITUTION_OPERATOR)
    link_operator(user=user, institution=institution, actor=centre)
    return user
