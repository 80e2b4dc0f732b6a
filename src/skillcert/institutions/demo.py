"""Demo institutions for ``skillcert demo``: every 市(州), all three kinds, every status, varied scopes.

Operator accounts (password ``demo-institution-2026``, documented in
``docs/institutions.md``) are linked to a few institutions. Everything goes
through the services, so the demo also fills the change log. Idempotent: an
institution that already exists (by credit code) is left as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from skillcert.catalog.models import Region
from skillcert.core import roles
from skillcert.core.context import acting_as
from skillcert.core.demo import STEPS, DemoStep
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionKind
from skillcert.institutions.creditcode import ALPHABET, check_character
from skillcert.institutions.models import Institution

OPERATOR_PASSWORD = "demo-institution-2026"  # noqa: S105 (published demo password, see docs)
E, S, T = InstitutionKind.EMPLOYER, InstitutionKind.SOCIAL_ORG, InstitutionKind.TECHNICAL_SCHOOL
WELDER, CHEF, CARE, NURSERY, ELECTRICIAN = "6-18-02-04", "4-03-02-01", "4-10-01-05", "4-10-01-03", "6-31-01-03"
ECOMMERCE, AUTO, ROBOT, BEAUTY, TEA, AI = (
    "4-01-06-01",
    "4-12-01-01",
    "6-31-07-01",
    "4-10-03-01",
    "4-03-02-07",
    "4-04-05-05",
)


@dataclass(frozen=True)
class DemoInstitution:
    """One demo institution: who it is, where, its scope as (code, job type, levels), its fate, its operator."""

    name: str
    region: str  # six-digit code
    kind: str
    scope: tuple[tuple[str, str, str], ...]
    status: str = "active"  # active / applied / suspended / revoked / expired
    operator: str = ""


INSTITUTIONS = [
    DemoInstitution(
        "四川天府职业技能评价中心有限公司",
        "510100",
        S,
        ((WELDER, "", "345"), (CARE, "", "345")),
        operator="inst-tianfu",
    ),
    DemoInstitution("成都蓉城家政服务职业培训学校", "510100", S, ((NURSERY, "", "45"), ("4-10-01-06", "", "345"))),
    DemoInstitution(
        "成都航空装备制造有限公司", "510100", E, ((WELDER, "", "2345"), (ROBOT, "", "34")), operator="inst-hangzhuang"
    ),
    DemoInstitution("四川省成都市技师学院（演示）", "510100", T, ((ELECTRICIAN, "", "2345"), (AUTO, "", "345"))),
    DemoInstitution(
        "成都锦程电商职业技能评价有限公司",
        "510100",
        S,
        ((ECOMMERCE, "", "345"),),
        status="suspended",
        operator="inst-jincheng",
    ),
    DemoInstitution("成都速通职业资格咨询有限公司", "510100", S, ((AI, "", "45"),), status="revoked"),
    DemoInstitution("自贡盐都烹饪职业培训学校", "510300", S, ((CHEF, "川菜", "345"),)),
    DemoInstitution("攀枝花钢城冶金技能评价中心", "510400", E, ((WELDER, "", "345"), (ELECTRICIAN, "", "345"))),
    DemoInstitution("泸州酒城酿造技能评价有限公司", "510500", S, (("6-02-06-03", "", "345"),)),
    DemoInstitution("德阳重装制造有限公司", "510600", E, ((WELDER, "", "12345"), ("6-18-01-01", "", "2345"))),
    DemoInstitution("绵阳科技城技工学校（演示）", "510700", T, ((ROBOT, "", "345"), (ELECTRICIAN, "", "45"))),
    DemoInstitution("广元蜀道养老服务培训中心", "510800", S, ((CARE, "", "45"),), status="expired"),
    DemoInstitution("遂宁锂电材料有限公司", "510900", E, (("6-31-01-03", "", "345"),)),
    DemoInstitution("内江甜城家政职业培训学校", "511000", S, (("4-10-01-06", "", "45"),)),
    DemoInstitution("乐山嘉州茶艺职业技能评价中心", "511100", S, ((TEA, "", "345"),)),
    DemoInstitution("南充丝绸纺织有限公司", "511300", E, (("6-04-02-01", "", "345"),)),
    DemoInstitution("眉山东坡美容美发职业培训学校", "511400", S, ((BEAUTY, "", "345"), ("4-10-03-02", "", "345"))),
    DemoInstitution("宜宾三江汽车维修技工学校（演示）", "511500", T, ((AUTO, "", "2345"),)),
    DemoInstitution("广安渠江餐饮职业培训中心", "511600", S, (("4-03-02-02", "", "45"),), status="applied"),
    DemoInstitution("达州秦巴农业技能评价中心", "511700", S, (("5-01-02-01", "", "345"),)),
    DemoInstitution("雅安藏茶制作职业技能评价有限公司", "511800", S, ((TEA, "", "45"),)),
    DemoInstitution("巴中光雾山电子商务培训学校", "511900", S, ((ECOMMERCE, "", "45"),)),
    DemoInstitution("资阳口腔装备制造有限公司", "512000", E, (("6-18-01-07", "", "345"),)),
    DemoInstitution("阿坝州职业技能培训评价中心", "513200", S, ((CHEF, "", "45"), (CARE, "", "5"))),
    DemoInstitution("甘孜州康定技工学校（演示）", "513300", T, ((ELECTRICIAN, "", "45"),)),
    DemoInstitution("凉山州西昌职业技能评价中心", "513400", S, ((WELDER, "", "45"), (AI, "", "45"))),
]


def demo_credit_code(index: int, region_code: str) -> str:
    """A well-formed credit code (check character right) for demo institution ``index``; not a real organisation."""
    body = f"91{region_code}MA{index:06d}D"
    assert all(c in ALPHABET for c in body) and len(body) == 17
    return body + check_character(body)


def _details(index: int, demo: DemoInstitution, region: Region) -> services.RecordDetails:
    return services.RecordDetails(
        name=demo.name,
        credit_code=demo_credit_code(index, region.code),
        kind=demo.kind,
        region=region,
        address=f"四川省{region.name}演示路{index + 1}号",
        contact_person=f"联系人{index + 1:02d}",
        contact_phone=f"028-8{index + 1:03d}0000",
        contact_email=f"contact{index + 1:02d}@example.cn",
    )


def _build_one(index: int, demo: DemoInstitution, today: dt.date) -> Institution:
    region = Region.objects.get(code=demo.region)
    institution = services.apply_institution(details=_details(index, demo, region), reason="演示数据", actor=None)
    if demo.status == "applied":
        return institution
    until = today.replace(year=today.year + 3) if demo.status != "expired" else today - dt.timedelta(days=30)
    start = today - dt.timedelta(days=400)
    institution = services.approve_institution(
        institution=institution,
        reason="材料齐全，同意备案（演示）",
        record_valid_until=until,
        on_date=start,
        actor=None,
    )
    for code, job_type, levels in demo.scope:
        services.set_scope_row(
            institution=institution,
            occupation_code=code,
            job_type=job_type,
            levels=levels,
            valid_from=start,
            valid_until=until,
            reason="备案范围（演示）",
            actor=None,
        )
    if demo.status == "suspended":
        institution = services.suspend_institution(
            institution=institution, reason="质量调研检查发现考务管理问题，责令整改（演示）", actor=None
        )
    elif demo.status == "revoked":
        institution = services.revoke_institution(
            institution=institution, reason="以“国家级证书”名义虚假宣传，撤销备案（演示）", actor=None
        )
    elif demo.status == "expired":
        institution = services.expire_institution_records(on_date=today, actor=None)[0]
    return institution


def _operator(username: str, institution: Institution) -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": institution.name[:30]})
    if created:
        user.set_password(OPERATOR_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=roles.INSTITUTION_OPERATOR))
    if not hasattr(user, "institution_link"):
        services.link_operator(user=user, institution=institution, actor=None)


def build_institutions(write: Callable[[str], Any]) -> None:
    """Create the demo institutions, their scopes and lifecycles, and operator accounts."""
    today = timezone.localdate()
    with acting_as():
        for index, demo in enumerate(INSTITUTIONS):
            code = demo_credit_code(index, demo.region)
            institution = Institution.objects.filter(credit_code=code).first() or _build_one(index, demo, today)
            if demo.operator:
                _operator(demo.operator, institution)
            write(f"institution {institution.name} ({institution.status})")


STEPS.append(DemoStep(10, "institutions", build_institutions))
