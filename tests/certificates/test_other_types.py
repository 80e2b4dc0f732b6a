"""专项职业能力证书 by an HR bureau's batch, 职业资格证书 under the catalogue's department, legacy import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from skillcert.assessments import services as batches
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates import services
from skillcert.certificates.legacy import HEADERS
from skillcert.certificates.models import Certificate
from skillcert.core.errors import NotAllowed, PermissionDenied
from tests.factories import CertificateFactory, IssueSpecFactory, make_bureau, valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(reference):
    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099",
        name="川菜烹饪（回锅肉制作）",
        content="刀工、火候、调味",
        assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局",
        region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 1, 1),
    )


def test_city_bureau_issues_special_ability_certificates_by_batch(project, django_capture_on_commit_callbacks):
    bureau = make_bureau("chengdu-bureau", "510100")
    chengdu = Region.objects.get(code="510100")
    batch = batches.declare_batch(
        actor=bureau, certificate_type="special_ability", project=project, region=chengdu,
        assessment_date=dt.date(2026, 9, 1), evaluators="张考评",
    )  # fmt: skip
    data = "姓名,证件号码,理论知识成绩,操作技能成绩\n王芳,{},70,88\n".format(valid_id("51010719880512002")).encode()
    batches.upload_results(batch=batch, actor=bureau, filename="zx.csv", data=data)
    with django_capture_on_commit_callbacks(execute=True):
        batches.commit_batch(batch=batch, actor=bureau)
    certificate = Certificate.objects.get(certificate_type="special_ability")
    assert certificate.number.startswith("ZX510126") and len(certificate.number) == 16
    assert certificate.issuer_name == "成都市人力资源和社会保障局"
    assert certificate.project == project and certificate.level is None


def test_an_institution_cannot_issue_special_ability_certificates(project, holder, operator):
    spec = IssueSpecFactory(special_ability=True, holder=holder, issued_on=dt.date(2026, 9, 1), project=project)
    with pytest.raises(PermissionDenied):
        services.issue_certificate(spec=spec, actor=operator)


def test_qualification_certificate_only_for_the_catalogue_under_its_department(holder, centre_user):
    spec = IssueSpecFactory(
        certificate_type="qualification", holder=holder, issued_on=dt.date(2026, 9, 1), occupation_code="4-07-05-01"
    )
    certificate = services.issue_certificate(spec=spec, actor=centre_user)
    # the catalogue's department for 保安员 is not backed by a source yet: never printed, the centre is named
    assert certificate.issuer_name == "四川省职业技能鉴定指导中心" and certificate.number.startswith("ZG51264")
    assert "未核实" not in certificate.issuer_name
    outside = services.IssueSpec(**{**spec.__dict__, "occupation_code": "6-01-01-01"})
    with pytest.raises(NotAllowed) as caught:
        services.issue_certificate(spec=outside, actor=centre_user)
    assert caught.value.code == "certificate_type_not_lawful"


LEGACY_HEADER = ",".join(HEADERS) + "\n"


def legacy_file(tmp_path, rows):
    path = tmp_path / "legacy.csv"
    path.write_text(LEGACY_HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_legacy_import_keeps_original_numbers_and_refuses_duplicates(tmp_path, reference):
    rows = [
        f"职业技能等级证书,S000051000777213000001,王芳,,{valid_id('51010719880512002')},,6-18-02-04,焊工,,三级,,老机构,2021-05-01\n",
        f"职业资格证书,2151000000300001,李强,,{valid_id('51010719900101003')},,4-07-05-01,保安员,,中级,,公安部,2015-03-02\n",
    ]
    out = io.StringIO()
    call_command("import_legacy", str(legacy_file(tmp_path, rows)), stdout=out)
    assert "2 certificates imported" in out.getvalue()
    assert set(Certificate.objects.values_list("number", flat=True)) == {"S000051000777213000001", "2151000000300001"}
    again = legacy_file(tmp_path, rows[:1])
    with pytest.raises(Exception, match=r"已在系统中|already in the registry"):
        call_command("import_legacy", str(again))
    assert Certificate.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_legacy_file_with_one_bad_row_stores_nothing(tmp_path, reference):
    rows = [
        f"职业技能等级证书,S000051000777213000002,王芳,,{valid_id('51010719880512002')},,6-18-02-04,焊工,,三级,,老机构,2021-05-01\n",
        "职业技能等级证书,S00005100077721300000X,李强,,510107199001010030,,6-18-02-04,焊工,,三级,,老机构,2021-05-01\n",
    ]
    with pytest.raises(Exception, match=r"第 3 行|Row 3"):
        call_command("import_legacy", str(legacy_file(tmp_path, rows)))
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("code", ["4-07-04-01", "2-05-08-01"])  # 导游, 护士: professional-technical qualifications
def test_professional_qualifications_are_not_recorded_here(holder, centre_user, code):
    from skillcert.certificates.models import Certificate

    spec = IssueSpecFactory(
        certificate_type="qualification", holder=holder, issued_on=dt.date(2026, 9, 1), occupation_code=code
    )
    with pytest.raises(NotAllowed) as caught:
        services.issue_certificate(spec=spec, actor=centre_user)
    assert caught.value.code == "professional_qualification_elsewhere"
    assert not Certificate.objects.filter(holder=holder).exists()


def test_a_verified_skill_department_is_printed(holder, centre_user):
    certificate = CertificateFactory(
        certificate_type="qualification",
        holder=holder,
        issued_on=dt.date(2026, 9, 1),
        occupation_code="6-28-01-11",
        job_type="特种设备作业人员（工业锅炉司炉）",
        actor=centre_user,
    )
    assert certificate.issuer_name == "市场监管总局"
