"""A city bureau works only for its own 市(州): its institutions, and 专项 batches in its own department's name."""

import datetime as dt

import pytest

from tests.factories.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build():
    from django.apps import apps

    from skillcert.catalog.models import Region, SpecialAbilityProject
    from skillcert.core.roles import sync_roles
    from tests.factories import make_bureau
    from tests.institutions import factories

    sync_roles(apps)  # an earlier transactional test may have flushed the role groups
    chengdu, mianyang = Region.objects.get(code="510100"), Region.objects.get(code="510700")
    factories.active(name="天府焊接职业技能评价中心")
    factories.active(name="绵阳焊接培训学校", region=mianyang)
    SpecialAbilityProject.objects.create(
        code="S510700-ZX-0001", name="米粉制作", content="配料、制作", assessment_method="实际操作",
        publisher="绵阳市人力资源和社会保障局", region=mianyang, published_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    make_bureau("mianyang-browser", "510700")
    return chengdu


def test_a_bureau_sees_its_own_institutions_and_cannot_issue_for_another_region(page):
    from skillcert.assessments.models import Batch
    from skillcert.core.models import ChangeLogEntry

    chengdu = build()
    sign_in(page, "mianyang-browser")
    page.goto(page.base + "/institutions/manage/")
    listing = page.inner_text("main")
    assert "绵阳焊接培训学校" in listing and "天府焊接职业技能评价中心" not in listing

    page.goto(page.base + "/assessments/declare/")
    assert "绵阳市人力资源和社会保障局" in page.inner_text("[data-testid=issuer]")
    assert page.locator("select#id_region").count() == 0  # no choice of issuing department
    page.select_option("#id_project", label="S510700-ZX-0001 米粉制作")
    page.fill("#id_assessment_date", "2026-09-01")
    page.fill("#id_evaluators", "张考评")
    # a forged request: the hidden issuer changed to 成都 in the page before sending
    page.evaluate(f"document.querySelector('input[name=region]').value = '{chengdu.pk}'")
    page.click("[data-testid=declare-form] button[type=submit]")
    page.wait_for_load_state()
    assert "未签发或更改任何内容" in page.inner_text("[data-testid=declare-form]")
    assert not Batch.objects.exists()
    assert (
        ChangeLogEntry.objects.filter(action="core.bureau.refuse_outside_region", object_id="mianyang-browser").count()
        == 1
    )
