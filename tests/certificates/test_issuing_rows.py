"""Issuing rules are checked for every row of a batch, not once per batch (written to fail on a planted bug)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.core.errors import NotAllowed
from tests.factories import IssueSpecFactory, make_institution, valid_id

pytestmark = pytest.mark.django_db


def people(n: int) -> list[Any]:
    from skillcert.people.services import register_holder

    return [
        register_holder(name=f"王{'一二三四五'[i]}", id_type="resident_id",
                        id_number=valid_id(f"5101071990030{i + 1}123"), gender="male")
        for i in range(n)
    ]  # fmt: skip


def spec(holder: Any, institution: Any, level: int, code: str = "6-18-02-04", job_type: str = "手工电弧焊") -> Any:
    return IssueSpecFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        source="assessment",
        occupation_code=code,
        job_type=job_type,
        level=level,
        institution=institution,
    )


def test_a_row_at_a_level_outside_the_scope_stops_the_whole_batch(institution: Any, operator: Any):
    a, b, c = people(3)
    rows = [spec(a, institution, 3), spec(b, institution, 3), spec(c, institution, 2)]  # scope: levels 3–5
    with pytest.raises(NotAllowed):
        services.issue_certificates(specs=rows, actor=operator)
    assert Certificate.objects.count() == 0


def test_mixed_levels_inside_the_scope_are_each_numbered_with_their_own_level(institution: Any, operator: Any):
    a, b = people(2)
    issued = services.issue_certificates(specs=[spec(a, institution, 3), spec(b, institution, 5)], actor=operator)
    assert [c.number[15] for c in issued] == ["3", "5"]


def test_a_row_whose_job_type_is_in_the_qualification_catalogue_stops_the_batch(institution: Any, operator: Any):
    a, b = people(2)
    rows = [spec(a, institution, 3), spec(b, institution, 3, job_type="民用核安全设备焊工")]
    with pytest.raises(NotAllowed):
        services.issue_certificates(specs=rows, actor=operator)
    assert Certificate.objects.count() == 0


def test_a_major_category_three_occupation_gets_skill_level_certificates(reference: None, centre_user: Any):
    from skillcert.core import roles
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    code = "3-01-01-02"  # 政务服务办事员, major category 3, outside the catalogue
    institution = make_institution(centre_user, name="四川省办事人员技能评价中心", serial=5, occupation=code)
    user = make_user("office-operator", roles.INSTITUTION_OPERATOR)
    link_operator(user=user, institution=institution, actor=centre_user)
    (a,) = people(1)
    issued = services.issue_certificates(specs=[spec(a, institution, 4, code=code, job_type="")], actor=user)
    assert (issued[0].occupation_code, issued[0].certificate_type, issued[0].number[15]) == (code, "skill_level", "4")
