"""Each certificate and batch records the standard it was evaluated against, shown on the holder page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from skillcert.assessments import services as batches
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates import holderlink, services
from skillcert.certificates.models import Certificate
from skillcert.core.errors import InvalidInput
from tests.certificates.test_issuing import spec
from tests.factories import CertificateFactory, make_bureau

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(reference):
    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099", name="川菜烹饪（回锅肉制作）", content="刀工、火候、调味", assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局", region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 1, 1),
    )  # fmt: skip


def test_a_skill_level_certificate_follows_the_national_standard_by_default(holder, institution, operator):
    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    assert (certificate.standard_kind, certificate.standard_code) == ("national_standard", "6-18-02-04")
    assert certificate.standard_label == "国家职业技能标准（6-18-02-04）"


def test_an_industry_specification_is_recorded_with_its_code(holder, institution, operator):
    industry = spec(holder, institution, standard_kind="industry_specification", standard_code=" T/CWA 301-2024 ")
    certificate = services.issue_certificate(spec=industry, actor=operator)
    assert certificate.standard_label == "行业企业评价规范（T/CWA 301-2024）"


def test_an_industry_specification_without_its_code_is_refused(holder, institution, operator):
    with pytest.raises(InvalidInput) as refused:
        services.issue_certificate(
            spec=spec(holder, institution, standard_kind="industry_specification"), actor=operator
        )
    assert "standard_code" in refused.value.fields
    assert not Certificate.objects.exists()


def test_a_skill_level_certificate_cannot_claim_a_special_specification(holder, institution, operator):
    with pytest.raises(InvalidInput):
        services.issue_certificate(
            spec=spec(holder, institution, standard_kind="special_specification"), actor=operator
        )


def test_a_special_ability_batch_and_its_certificates_name_the_project_specification(
    project, django_capture_on_commit_callbacks
):
    from tests.factories import valid_id

    bureau = make_bureau("cd", "510100")
    batch = batches.declare_batch(
        actor=bureau, certificate_type="special_ability", project=project, region=Region.objects.get(code="510100"),
        assessment_date=dt.date(2026, 9, 1), evaluators="张考评",
    )  # fmt: skip
    assert (batch.standard_kind, batch.standard_code) == ("special_specification", "S510100-ZX-0099")
    data = "姓名,证件号码,理论知识成绩,操作技能成绩\n王芳,{},70,88\n".format(valid_id("51010719880512002")).encode()
    batches.upload_results(batch=batch, actor=bureau, filename="zx.csv", data=data)
    with django_capture_on_commit_callbacks(execute=True):
        batches.commit_batch(batch=batch, actor=bureau)
    certificate = Certificate.objects.get(certificate_type="special_ability")
    assert certificate.standard_label == "专项考核规范（S510100-ZX-0099）"


def test_a_skill_batch_records_the_standard_it_declares(institution, operator):
    batch = batches.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        standard_kind="industry_specification", standard_code="T/CWA 301-2024",
        assessment_date=dt.date(2026, 9, 1), evaluators="张考评",
    )  # fmt: skip
    assert (batch.standard_kind, batch.standard_code) == ("industry_specification", "T/CWA 301-2024")


def test_the_holder_page_and_the_credential_show_the_standard(holder, institution, operator):
    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    html = Client().get(f"/certificates/holder/{holderlink.make_token(holder.public_id)}/").content.decode()
    assert "评价依据" in html and "国家职业技能标准（6-18-02-04）" in html
    credential = Client().get(f"/credentials/{certificate.address_key}").json()
    alignments = credential["credentialSubject"]["achievement"]["alignment"]
    assert {"国家职业技能标准"} == {
        a["targetFramework"] for a in alignments if a["targetType"] == "ext:EvaluationStandard"
    }


def test_the_migration_gives_existing_rows_the_standard_of_their_type(holder, institution, operator, project):
    from importlib import import_module

    from django.apps import apps

    skill = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    special = CertificateFactory(
        special_ability=True,
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        project=project,
        region=Region.objects.get(code="510100"),
        actor=make_bureau("cd", "510100"),
    )
    Certificate.objects.update(standard_kind="", standard_code="")
    import_module("skillcert.certificates.migrations.0006_evaluation_standard").fill_standards(apps, None)
    skill.refresh_from_db()
    special.refresh_from_db()
    assert skill.standard_label == "国家职业技能标准（6-18-02-04）"
    assert special.standard_label == "专项考核规范（S510100-ZX-0099）"
