"""Fixtures for statistics: a known set of certificates across two 市(州), three types and several levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import IssueSpecFactory, holders, make_mianyang_institution, skill


@pytest.fixture
def project(reference: None) -> Any:
    from skillcert.catalog.models import Region, SpecialAbilityProject

    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099",
        name="川菜烹饪（回锅肉制作）",
        content="刀工、火候、调味",
        assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局",
        region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 1, 1),
    )


@pytest.fixture
def known(institution: Any, centre_user: Any, project: Any) -> dict[str, Any]:
    """Known counts. 成都 (510100): 3 × level 4 in 2025, 2 × level 3 in 2026, 1 special ability in 2026;
    绵阳 (510700): 2 × level 5 in 2026, one of them a competition award; province: 1 qualification in 2026.
    All valid: 9 certificates."""
    from skillcert.catalog.models import Region
    from skillcert.certificates.services import issue_certificates

    mianyang = make_mianyang_institution(centre_user)
    people = holders(9)
    specs = [skill(institution, people[i], 4, dt.date(2025, 3, 10)) for i in range(3)]
    specs += [skill(institution, people[3 + i], 3, dt.date(2026, 1, 5)) for i in range(2)]
    specs += [
        skill(mianyang, people[5], 5, dt.date(2026, 2, 1)),
        skill(mianyang, people[6], 5, dt.date(2026, 2, 1), source="competition"),
    ]
    specs.append(
        IssueSpecFactory(
            special_ability=True,
            holder=people[7],
            issued_on=dt.date(2026, 4, 1),
            source="assessment",
            project=project,
            region=Region.objects.get(code="510100"),
        )
    )
    specs.append(
        IssueSpecFactory(
            certificate_type="qualification",
            holder=people[8],
            issued_on=dt.date(2026, 5, 1),
            occupation_code="4-07-05-01",
        )
    )
    certificates = issue_certificates(specs=specs, actor=None)
    return {"certificates": certificates, "mianyang": mianyang, "chengdu_institution": institution}
