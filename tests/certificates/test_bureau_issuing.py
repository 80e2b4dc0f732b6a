"""专项职业能力证书 in the issuing department's own name: a bureau for its 市(州) only, the province for the centre."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation

from skillcert.assessments import services as batches
from skillcert.assessments.models import Batch
from skillcert.catalog import departments
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.core.bureaus import OutsideRegion
from skillcert.core.errors import NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from tests.factories import IssueSpecFactory, make_bureau

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(reference):
    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099", name="川菜烹饪（回锅肉制作）", content="刀工、火候、调味", assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局", region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 1, 1),
    )  # fmt: skip


def special(holder, project, region_code):
    region = Region.objects.get(code=region_code) if region_code else None
    return IssueSpecFactory(
        special_ability=True, holder=holder, issued_on=dt.date(2026, 5, 20), project=project, region=region
    )


def refusals(username):
    return ChangeLogEntry.objects.filter(action="core.bureau.refuse_outside_region", object_id=username)


def test_a_bureau_issues_in_its_own_departments_name(holder, project):
    certificate = services.issue_certificate(spec=special(holder, project, "510100"), actor=make_bureau("cd"))
    assert certificate.issuer_name == "成都市人力资源和社会保障局"
    assert certificate.number.startswith("ZX5101")


@pytest.mark.parametrize("other", ["510700", None], ids=["another city", "the province"])
def test_a_bureau_for_another_region_or_the_province_is_refused_and_logged(holder, project, other):
    bureau = make_bureau("cd", "510100")
    with translation.override("zh-hans"), pytest.raises(OutsideRegion) as refused:
        services.issue_certificate(spec=special(holder, project, other), actor=bureau)
    assert "成都市" in str(refused.value.message) and "未签发或更改任何内容" in str(refused.value.message)
    assert not Certificate.objects.exists()
    entry = refusals("cd").get()
    assert entry.actor == bureau and entry.after["attempted_region"] == (other or "province")


def test_english_when_asked(holder, project):
    bureau = make_bureau("cd", "510100")
    with translation.override("en"), pytest.raises(OutsideRegion) as refused:
        services.issue_certificate(spec=special(holder, project, "510700"), actor=bureau)
    assert "acts only for its own city or prefecture" in str(refused.value.message)


def test_the_centre_issues_for_the_province(holder, project, centre_user):
    certificate = services.issue_certificate(spec=special(holder, project, None), actor=centre_user)
    assert certificate.issuer_name == "四川省人力资源和社会保障厅"
    assert certificate.number.startswith("ZX5100")


def test_an_unlinked_bureau_issues_nothing(holder, project):
    with pytest.raises(PermissionDenied) as refused:
        services.issue_certificate(spec=special(holder, project, "510100"), actor=make_bureau("x", None))
    assert refused.value.code == "bureau_without_region"
    assert not Certificate.objects.exists()


def test_a_bureau_declaring_a_batch_for_another_region_is_refused_and_logged(project):
    bureau = make_bureau("cd", "510100")
    with pytest.raises(OutsideRegion):
        batches.declare_batch(
            actor=bureau, certificate_type="special_ability", project=project,
            region=Region.objects.get(code="510700"), assessment_date=dt.date(2026, 9, 1), evaluators="张考评",
        )  # fmt: skip
    assert not Batch.objects.exists() and refusals("cd").count() == 1


def test_a_bureau_sees_and_changes_only_its_own_regions_certificates(holder, project, centre_user):
    theirs = services.issue_certificate(spec=special(holder, project, "510700"), actor=centre_user)
    ours = services.issue_certificate(spec=special(holder, project, "510100"), actor=centre_user)
    bureau = make_bureau("cd", "510100")
    client = Client()
    client.force_login(bureau)
    page = client.get("/certificates/manage/").content.decode()
    assert ours.number in page and theirs.number not in page
    assert client.get(f"/certificates/manage/{theirs.public_id}/").status_code == 404
    with pytest.raises(OutsideRegion):
        services.revoke_certificate(certificate=theirs, category="misconduct", reason="x", actor=bureau)
    theirs.refresh_from_db()
    assert theirs.status == "valid" and refusals("cd").count() == 1


# ---------------------------------------------------------------------------
# The declaration form: no choice of issuer for a bureau; a forged one is refused
# ---------------------------------------------------------------------------
def test_the_declaration_form_offers_a_bureau_no_choice_of_issuer(project):
    client = Client()
    client.force_login(make_bureau("cd", "510100"))
    page = client.get("/assessments/declare/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "成都市人力资源和社会保障局" in page
    assert "<select" in page and "绵阳市" not in page and "省级" not in page


def test_a_forged_region_in_the_declaration_is_refused_in_chinese_and_logged(project):
    client = Client()
    client.force_login(make_bureau("cd", "510100"))
    mianyang = Region.objects.get(code="510700")
    form = {"project": project.pk, "region": mianyang.pk, "assessment_date": "2026-09-01", "evaluators": "张考评"}
    form |= {"theory_pass_mark": "60", "practical_pass_mark": "60"}
    page = client.post("/assessments/declare/", form, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "绵阳市" in page and "未签发或更改任何内容" in page
    assert not Batch.objects.exists() and refusals("cd").get().after["attempted_region"] == "510700"


def test_the_centre_may_choose_the_province_or_a_city(project, centre_client):
    page = centre_client.get("/assessments/declare/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "绵阳市" in page and "成都市" in page


# ---------------------------------------------------------------------------
# The department name table
# ---------------------------------------------------------------------------
def test_every_region_has_a_clean_department_name_from_the_table(reference):
    for region in Region.objects.all():
        name = departments.department_for(region)
        assert name.startswith(region.name) and name.endswith("人力资源和社会保障局")
        assert "（" not in name and "未核实" not in name
    assert departments.department_for(None) == "四川省人力资源和社会保障厅"


@pytest.mark.parametrize("name", ["成都市人力资源和社会保障局（未核实）", "成都市 人社局", "成都市"])
def test_a_marker_or_a_wrong_name_in_the_table_is_refused(name):
    with pytest.raises(ImproperlyConfigured):
        departments.check_name("510100", name)


def test_a_region_the_table_does_not_know_issues_nothing(holder, project, centre_user):
    Region.objects.create(code="519900", code4="5199", name="测试州", kind="自治州")
    with pytest.raises(NotAllowed) as refused:
        services.issue_certificate(spec=special(holder, project, "519900"), actor=centre_user)
    assert refused.value.code == "no_issuing_department"
    assert not Certificate.objects.exists()
