"""Demo certificates: thousands across institutions, occupations, levels and years (``skillcert demo``).

Holders are invented: common Sichuan surnames and given names, ID numbers with
valid check digits in Sichuan region codes and birth dates of working age. They
are issued through the real services (assessment batches of the demo
institutions, special ability certificates of the HR bureaus), so the demo
exercises the same rules as production.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from skillcert.core.errors import DomainError
from skillcert.people.idnumbers import gb11643_check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉玉兰萍红鹏飞宇浩然子涵欣怡梓萱俊杰晓东志强海燕春梅德明成林小龙思远雨婷佳琪"  # noqa: E501
_USED: set[str] = set()


def fake_id_number(rng: random.Random, region6: str) -> str:
    """A fresh, well-formed 居民身份证 number (never the same twice in one run)."""
    while True:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        first17 = f"{region6}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
        if first17 not in _USED:
            _USED.add(first17)
            return first17 + gb11643_check_character(first17)


def fake_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def build(write: Callable[[str], Any], *, per_institution: int = 120, seed: int = 2026) -> None:
    """Issue demo certificates once (skipped when demo certificates exist)."""
    from skillcert.certificates.models import Certificate

    if Certificate.objects.filter(batch_id__startswith="demo-").exists():
        write("demo certificates already present")
        return
    rng = random.Random(seed)
    issued = _issue_skill_level(rng, per_institution) + _issue_special_ability(rng)
    write(f"{issued} demo certificates issued")


def _holders(rng: random.Random, count: int, region6: str) -> list[Any]:
    from skillcert.people.services import HolderInput, register_holders_bulk

    inputs = [
        HolderInput(name=fake_name(rng), id_type="resident_id", id_number=fake_id_number(rng, region6))
        for _ in range(count)
    ]
    return register_holders_bulk(inputs, actor=None)


def _issue_skill_level(rng: random.Random, per_institution: int) -> int:
    from skillcert.certificates.services import IssueSpec, issue_certificates
    from skillcert.institutions.models import Institution
    from skillcert.institutions.selectors import live_scope_rows

    total = 0
    for institution in Institution.objects.filter(status="active").select_related("region"):
        for scope in live_scope_rows(institution)[:3]:
            levels = sorted(scope.levels)  # a set of level numbers
            holders = _holders(rng, per_institution // 3, institution.region.code)
            specs = []
            for holder in holders:
                issued_on = dt.date(rng.choice((2022, 2023, 2024, 2025, 2026)), rng.randint(1, 11), rng.randint(1, 28))
                if scope.valid_from and issued_on < scope.valid_from:
                    issued_on = scope.valid_from
                specs.append(
                    IssueSpec(
                        certificate_type="skill_level",
                        holder=holder,
                        issued_on=min(issued_on, dt.date(2026, 11, 1)),
                        source="assessment",
                        occupation_code=scope.occupation_code,
                        job_type=scope.job_type,
                        level=rng.choice(levels),
                        institution=institution,
                        batch_id=f"demo-{institution.public_id[:8]}",
                    )
                )
            try:
                total += len(issue_certificates(specs=specs, actor=None))
            except DomainError:  # a demo scope row outside its validity for some dates: skip it
                continue
    return total


def _issue_special_ability(rng: random.Random) -> int:
    from skillcert.catalog.models import Region, SpecialAbilityProject
    from skillcert.certificates.services import IssueSpec, issue_certificates

    total = 0
    for project in SpecialAbilityProject.objects.filter(status="published"):
        region = project.region or Region.objects.get(code="510100")
        holders = _holders(rng, 40, region.code)
        specs = [
            IssueSpec(
                certificate_type="special_ability",
                holder=holder,
                issued_on=dt.date(rng.choice((2024, 2025, 2026)), rng.randint(1, 10), rng.randint(1, 28)),
                source="assessment",
                project=project,
                region=project.region,
                batch_id=f"demo-{project.code}",
            )
            for holder in holders
        ]
        total += len(issue_certificates(specs=specs, actor=None))
    return total
