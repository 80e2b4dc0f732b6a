"""``Model.objects.restrict(user, action)``: exactly the rows each role may view and change, per model.

One small world: two 市(州) X (成都) and Y (绵阳), an institution in each, and one account of every
kind (centre staff, a city bureau of X, a bureau not linked yet, X's institution operator, labour
inspection, a competition host, an anonymous visitor). Every assertion compares whole sets, so a
rule widened by one row (or narrowed) fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from skillcert.assessments.models import Batch
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates.models import Certificate
from skillcert.competitions.models import Competition, HostAccount, HostOrganisation, ResultImport, Stage
from skillcert.core import roles
from skillcert.core.bureaus import set_bureau_region
from skillcert.core.querysets import CHANGE, VIEW, UnknownAction
from skillcert.institutions.models import Institution, InstitutionApiToken, InstitutionOperator, ScopeRow
from skillcert.people.models import Holder
from skillcert.supervision.models import Complaint, EvidenceFile, Inspection, Sanction

pytestmark = pytest.mark.django_db

X, Y = "510100", "510700"
ROLES = ("centre", "bureau_x", "unlinked", "operator_a", "inspector", "host", "anonymous")
_serial = itertools.count(1)


def _user(name: str, role: str) -> Any:
    user = get_user_model().objects.create_user(username=name, password="correct-horse-battery")
    user.groups.add(Group.objects.get(name=role))
    return user


def _institution(name: str, region: Region) -> Institution:
    return Institution.objects.create(
        name=name,
        credit_code=f"91510100MA{next(_serial):08d}",
        kind="social_org",
        region=region,
        address="四川省",
        contact_person="李老师",
        contact_phone="028-85550000",
    )


def _holder() -> Holder:
    n = next(_serial)
    return Holder.objects.create(
        name="张三", id_type="resident_id", id_number_hash=f"h{n}", id_number_encrypted="x", id_number_masked="5101**"
    )


def _project(region: Region) -> SpecialAbilityProject:
    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099",
        name="川菜烹饪（回锅肉制作）",
        content="刀工、火候、调味",
        assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局",
        region=region,
        published_on=dt.date(2024, 1, 1),
    )


def _certificate(name: str, kind: str, *, institution: Any = None, region: Any = None, project: Any = None) -> Any:
    return Certificate.objects.create(
        certificate_type=kind,
        number=f"T{next(_serial):010d}",
        holder=_holder(),
        holder_name=name,
        issuer_name="发证机构",
        issued_on=dt.date(2025, 1, 1),
        source="manual",
        institution=institution,
        region=region,
        level=3 if kind == "skill_level" else None,
        project=project,
    )


def _batch(name: str, kind: str, *, institution: Any = None, region: Any = None, created_by: Any = None) -> Batch:
    return Batch.objects.create(
        assessment_date=dt.date(2025, 1, 1),
        evaluators=name,  # the name the assertions read back
        certificate_type=kind,
        institution=institution,
        region=region,
        created_by=created_by,
    )


def _competition(name: str, host: HostOrganisation) -> tuple[Competition, ResultImport]:
    competition = Competition.objects.create(
        name=name,
        year=2025,
        competition_class="class_two",
        host=host,
        committee_name="组委会",
        certificate_type="skill_level",
    )
    stage = Stage.objects.create(competition=competition, name="决赛", kind="final")
    result = ResultImport.objects.create(
        competition=competition, stage=stage, original_name=f"{name}.xlsx", sha256=name, status="checked"
    )
    return competition, result


def _complaint(name: str, stage: str, referral_note: str = "") -> Complaint:
    outcome = "substantiated" if stage == "concluded" else ""
    return Complaint.objects.create(
        category="other",
        description=name,
        tracking_digest=name,
        stage=stage,
        referral_note=referral_note,
        outcome=outcome,
    )


@pytest.fixture
def world(reference: None) -> dict[str, Any]:
    """The rows and the accounts every test below reads."""
    x, y = Region.objects.get(code=X), Region.objects.get(code=Y)
    a, b = _institution("机构A", x), _institution("机构B", y)
    users: dict[str, Any] = {
        "centre": _user("centre", roles.CENTRE_STAFF),
        "bureau_x": _user("bureau-x", roles.CITY_BUREAU),
        "unlinked": _user("bureau-unlinked", roles.CITY_BUREAU),
        "operator_a": _user("operator-a", roles.INSTITUTION_OPERATOR),
        "inspector": _user("inspector", roles.INSPECTOR),
        "host": _user("host", roles.COMPETITION_HOST),
        "anonymous": AnonymousUser(),
    }
    set_bureau_region(user=users["bureau_x"], region=x, actor=None)
    InstitutionOperator.objects.create(user=users["operator_a"], institution=a)
    for inst in (a, b):
        ScopeRow.objects.create(
            institution=inst,
            occupation_code="6-18-02-04",
            occupation_name=f"{inst.name}范围",
            level_digits="345",
            valid_from=dt.date(2020, 1, 1),
        )
        InstitutionApiToken.objects.create(
            institution=inst, label=f"{inst.name}令牌", prefix=f"sci_{next(_serial):08d}", digest="d"
        )
    _certificate("技能A", "skill_level", institution=a)
    _certificate("技能B", "skill_level", institution=b)
    project = _project(x)
    _certificate("专项X", "special_ability", region=x, project=project)
    _certificate("专项Y", "special_ability", region=y, project=project)
    _certificate("专项省", "special_ability", project=project)
    _batch("批次A", "skill_level", institution=a)
    _batch("批次B", "skill_level", institution=b)
    _batch("专项X", "special_ability", region=x, created_by=users["bureau_x"])
    _batch("专项X报Y", "special_ability", region=y, created_by=users["bureau_x"])
    _batch("专项中心", "special_ability", region=y, created_by=users["centre"])
    own_host, other_host = (
        HostOrganisation.objects.create(name="本主办"),
        HostOrganisation.objects.create(name="他主办"),
    )
    HostAccount.objects.create(user=users["host"], host=own_host)
    _competition("本赛", own_host)
    _competition("他赛", other_host)
    received = _complaint("新案", "received")
    _complaint("移送中", "referred", referral_note="移送劳动监察")
    _complaint("已办结", "concluded", referral_note="移送劳动监察")
    EvidenceFile.objects.create(
        complaint=received,
        original_name="证据.pdf",
        content_type="application/pdf",
        size=1,
        sha256="s",
        stored_path="p",
    )
    inspection = Inspection.objects.create(
        institution=a, inspected_on=dt.date(2025, 1, 1), scope="检查", findings="发现", rating="good"
    )
    Sanction.objects.create(
        institution=a, kind="warning", reason="警告", imposed_on=dt.date(2025, 1, 2), inspection=inspection
    )
    return users


def _seen(queryset: Any, field: str) -> set[str]:
    return {str(value) for value in queryset.values_list(field, flat=True)}


def _check(world: dict[str, Any], manager: Any, field: str, expected: dict[tuple[str, str], set[str]]) -> None:
    """Every role × action gives exactly the expected rows (a role not listed sees and changes nothing)."""
    for role in ROLES:
        for action in (VIEW, CHANGE):
            got = _seen(manager.restrict(world[role], action), field)
            assert got == expected.get((role, action), set()), (role, action)


BOTH_INSTITUTIONS = {"机构A", "机构B"}


def test_institutions(world: dict[str, Any]) -> None:
    """A bureau reviews its own 市(州) but changes nothing; an operator changes its own contacts and tokens."""
    _check(
        world,
        Institution.objects,
        "name",
        {
            ("centre", VIEW): BOTH_INSTITUTIONS,
            ("centre", CHANGE): BOTH_INSTITUTIONS,
            ("bureau_x", VIEW): {"机构A"},
            ("operator_a", VIEW): {"机构A"},
            ("operator_a", CHANGE): {"机构A"},
        },
    )


def test_scope_rows_and_operator_links_are_changed_by_the_centre_only(world: dict[str, Any]) -> None:
    _check(
        world,
        ScopeRow.objects,
        "occupation_name",
        {
            ("centre", VIEW): {"机构A范围", "机构B范围"},
            ("centre", CHANGE): {"机构A范围", "机构B范围"},
            ("bureau_x", VIEW): {"机构A范围"},
            ("operator_a", VIEW): {"机构A范围"},
        },
    )
    _check(
        world,
        InstitutionOperator.objects,
        "user__username",
        {
            ("centre", VIEW): {"operator-a"},
            ("centre", CHANGE): {"operator-a"},
            ("bureau_x", VIEW): {"operator-a"},  # the detail page of its own 市(州)'s institution lists them
            ("operator_a", VIEW): {"operator-a"},
        },
    )


def test_api_tokens_are_never_shown_to_a_bureau(world: dict[str, Any]) -> None:
    both = {"机构A令牌", "机构B令牌"}
    _check(
        world,
        InstitutionApiToken.objects,
        "label",
        {
            ("centre", VIEW): both,
            ("centre", CHANGE): both,
            ("operator_a", VIEW): {"机构A令牌"},
            ("operator_a", CHANGE): {"机构A令牌"},
        },
    )


def test_certificates(world: dict[str, Any]) -> None:
    """Operators their own institution's; a bureau the 专项 certificates of its own 市(州), not the province's."""
    every = {"技能A", "技能B", "专项X", "专项Y", "专项省"}
    _check(
        world,
        Certificate.objects,
        "holder_name",
        {
            ("centre", VIEW): every,
            ("centre", CHANGE): every,
            ("bureau_x", VIEW): {"专项X"},
            ("bureau_x", CHANGE): {"专项X"},
            ("operator_a", VIEW): {"技能A"},
            ("operator_a", CHANGE): {"技能A"},
        },
    )


def test_batches(world: dict[str, Any]) -> None:
    """The centre sees every batch but acts only on 专项 ones; a bureau acts on its own, in its own 市(州)."""
    _check(
        world,
        Batch.objects,
        "evaluators",
        {
            ("centre", VIEW): {"批次A", "批次B", "专项X", "专项X报Y", "专项中心"},
            ("centre", CHANGE): {"专项X", "专项X报Y", "专项中心"},
            ("bureau_x", VIEW): {"专项X", "专项X报Y"},
            ("bureau_x", CHANGE): {"专项X"},
            ("operator_a", VIEW): {"批次A"},
            ("operator_a", CHANGE): {"批次A"},
        },
    )


def test_competitions_and_their_results(world: dict[str, Any]) -> None:
    """The centre every competition, a host its own; bureaus and institutions none."""
    expected = {
        ("centre", VIEW): {"本赛", "他赛"},
        ("centre", CHANGE): {"本赛", "他赛"},
        ("host", VIEW): {"本赛"},
        ("host", CHANGE): {"本赛"},
    }
    _check(world, Competition.objects, "name", expected)
    _check(world, ResultImport.objects, "competition__name", expected)


def test_complaints(world: dict[str, Any]) -> None:
    """Labour inspection sees the cases referred to it and acts only on those still waiting for it."""
    _check(
        world,
        Complaint.objects,
        "description",
        {
            ("centre", VIEW): {"新案", "移送中", "已办结"},
            ("centre", CHANGE): {"新案", "移送中", "已办结"},
            ("inspector", VIEW): {"移送中", "已办结"},
            ("inspector", CHANGE): {"移送中"},
        },
    )


@pytest.mark.parametrize(
    ("model", "field", "row"),
    [
        (EvidenceFile, "original_name", "证据.pdf"),
        (Inspection, "scope", "检查"),
        (Sanction, "reason", "警告"),
    ],
)
def test_case_staff_rows(world: dict[str, Any], model: Any, field: str, row: str) -> None:
    """Evidence, inspections and sanctions: case staff only (labour inspection and operators see none)."""
    _check(world, model.objects, field, {("centre", VIEW): {row}, ("centre", CHANGE): {row}})


def test_an_inactive_account_sees_nothing(world: dict[str, Any]) -> None:
    centre = world["centre"]
    centre.is_active = False
    assert not Institution.objects.restrict(centre).exists()


def test_an_unknown_action_is_a_programming_error(world: dict[str, Any]) -> None:
    with pytest.raises(UnknownAction):
        Institution.objects.restrict(world["centre"], "delete")


def test_restrict_composes_with_other_filters(world: dict[str, Any]) -> None:
    """Related managers and filtered querysets keep ``restrict`` (the back office filters first, then narrows)."""
    a = Institution.objects.get(name="机构A")
    assert _seen(a.scope_rows.restrict(world["bureau_x"]), "occupation_name") == {"机构A范围"}
    assert not Institution.objects.filter(name="机构B").restrict(world["bureau_x"]).exists()


def _get(user: Any, name: str, *args: str, method: str = "get") -> int:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    return int(getattr(client, method)(reverse(name, args=args)).status_code)


def test_pages_answer_not_found_outside_the_rows(world: dict[str, Any]) -> None:
    """A page's lookup by public id goes through ``restrict``: outside it is 404, never "exists but forbidden"."""
    a, b = (Institution.objects.get(name=n).public_id for n in ("机构A", "机构B"))
    assert _get(world["bureau_x"], "institutions:manage_detail", a) == 200
    assert _get(world["bureau_x"], "institutions:manage_detail", b) == 404  # another 市(州)
    assert _get(world["bureau_x"], "institutions:contacts", a) == 404  # a bureau reviews, it does not change
    assert _get(world["operator_a"], "institutions:tokens", a) == 200
    assert _get(world["operator_a"], "institutions:tokens", b) == 404
    other_certificate = Certificate.objects.get(holder_name="技能B").public_id
    assert _get(world["operator_a"], "certificates:manage_detail", other_certificate) == 404
    other_competition = Competition.objects.get(name="他赛").public_id
    assert _get(world["host"], "competitions:manage_detail", other_competition) == 404
    concluded = Complaint.objects.get(description="已办结").public_id
    assert _get(world["inspector"], "supervision:case", concluded) == 200
    assert (
        _get(world["inspector"], "supervision:case_action", concluded, "record_inspection_outcome", method="post")
        == 404
    )
