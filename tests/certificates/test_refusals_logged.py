"""Bad input to issuing is refused, changes nothing and leaves the attempt in the change log (never a person)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from skillcert.assessments import services as batches
from skillcert.assessments.models import Batch
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.core.bureaus import OutsideRegion
from skillcert.core.errors import DomainError, InvalidInput
from skillcert.core.models import ChangeLogEntry
from tests.factories import IssueSpecFactory, make_bureau

pytestmark = pytest.mark.django_db


def spec(holder, institution, **changes):
    return IssueSpecFactory(holder=holder, institution=institution, **changes)


def refused(action):
    return ChangeLogEntry.objects.filter(action=action, reason="refused")


@pytest.mark.parametrize(
    ("changes", "asked"),
    [
        ({"occupation_code": "6-99-99-99"}, "6-99-99-99"),
        ({"job_type": "中式烹调师"}, "6-18-02-04"),
        ({"occupation_code": "4-07-05-01"}, "4-07-05-01"),
        ({"level": 9}, "6-18-02-04"),
    ],
    ids=["occupation that does not exist", "工种 outside the occupation", "catalogue occupation", "level"],
)
def test_a_refused_issue_changes_nothing_and_is_logged(holder, institution, operator, changes, asked):
    with pytest.raises(DomainError) as caught:
        services.issue_certificate(spec=spec(holder, institution, **changes), actor=operator)
    assert not Certificate.objects.exists()
    entry = refused("certificates.certificate.refuse_issue").get()
    assert entry.actor == operator and entry.object_id == asked
    assert entry.after["refused"] == caught.value.code
    assert entry.after["occupation_code"] == changes.get("occupation_code", "6-18-02-04")
    assert "张三" not in str(entry.after) and holder.public_id not in str(entry.after)


def test_an_accepted_issue_logs_no_refusal(holder, institution, operator):
    services.issue_certificate(spec=spec(holder, institution), actor=operator)
    assert not refused("certificates.certificate.refuse_issue").exists()


def test_a_refused_declaration_changes_nothing_and_is_logged(institution, operator):
    with pytest.raises(DomainError) as caught:
        batches.declare_batch(
            actor=operator, institution=institution, occupation_code="6-99-99-99", level=4,
            assessment_date=dt.date(2026, 6, 1), evaluators="王五、赵六",
        )  # fmt: skip
    assert not Batch.objects.exists()
    entry = refused("assessments.batch.refuse_declare").get()
    assert (entry.actor, entry.object_id) == (operator, "6-99-99-99")
    assert entry.after["refused"] == caught.value.code and entry.after["level"] == 4


def test_a_job_type_that_is_another_occupation_is_named_in_the_refusal(holder, institution, operator):
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        services.issue_certificate(spec=spec(holder, institution, job_type="中式烹调师"), actor=operator)
    assert caught.value.code == "job_type_of_another_occupation"
    assert "中式烹调师" in str(caught.value.message) and "未签发任何证书" in str(caught.value.message)
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        services.issue_certificate(spec=spec(holder, institution, job_type="中式烹调师"), actor=operator)
    assert "not a job type of 6-18-02-04" in str(caught.value.message)


def test_a_job_type_that_names_no_other_occupation_is_accepted(holder, institution, operator):
    certificate = services.issue_certificate(spec=spec(holder, institution, job_type="电焊工"), actor=operator)
    assert certificate.job_type == "电焊工"
    assert not refused("certificates.certificate.refuse_issue").exists()


def special(holder, project, region_code):
    return IssueSpecFactory(
        special_ability=True,
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        project=project,
        region=Region.objects.get(code=region_code),
    )


@pytest.fixture
def project(reference):
    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0098", name="川菜烹饪（宫保鸡丁制作）", content="刀工、火候", assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局", region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 1, 1),
    )  # fmt: skip


def test_a_refusal_with_its_own_entry_is_logged_once(holder, project):
    with pytest.raises(OutsideRegion):
        services.issue_certificate(spec=special(holder, project, "510700"), actor=make_bureau("cd", "510100"))
    assert ChangeLogEntry.objects.filter(action="core.bureau.refuse_outside_region").count() == 1
    assert not refused("certificates.certificate.refuse_issue").exists()


def test_a_retired_project_is_logged_once(holder, project, centre_user):
    SpecialAbilityProject.objects.filter(pk=project.pk).update(status="retired")
    with pytest.raises(DomainError):
        services.issue_certificate(spec=special(holder, project, "510100"), actor=centre_user)
    entries = refused("catalog.project.refuse_issue")  # the catalogue's entry, naming the project
    assert entries.count() == 1 and entries.get().object_type != services.OBJECT_TYPE
    assert not refused("certificates.certificate.refuse_issue").exists()
