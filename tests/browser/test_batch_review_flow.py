"""Batch issuing with its safety net: the named batch, the photos, the masked review, the confirmation, the numbers
issued."""

from __future__ import annotations

import zipfile

import pytest

from tests.browser.test_certificates_flow import PEOPLE, csv_bytes, operator_login  # noqa: F401  (the fixture)
from tests.documents.helpers import photo
from tests.factories import valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_then_confirm_then_issue_lists_the_numbers(operator_login, tmp_path):  # noqa: F811
    page = operator_login
    page.goto(page.base + "/assessments/declare/")
    assert page.locator("#id_level option").all_inner_texts() == ["高级（三级）", "中级（四级）", "初级（五级）"]
    page.select_option("#id_occupation_code", "6-18-02-04")
    page.select_option("#id_level", "4")
    page.fill("#id_assessment_date", "2026-10-18")
    page.fill("#id_evaluators", "王考评\n李考评")
    page.click("button:has-text('申报')")
    name = "焊工 · 中级（四级） · 2026-10-18 · 四川省焊接技能评价中心"
    assert page.inner_text("[data-testid=batch-name]") == name

    rows = [[i + 1, person, "", valid_id(first17), "", 85, 78] for i, (person, first17) in enumerate(PEOPLE)]
    rows[2][5] = 30  # 刘洋 did not pass
    results = tmp_path / "认定结果.csv"
    results.write_bytes(csv_bytes(rows))
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(results))
    page.click("button:has-text('上传并校验')")
    photos = tmp_path / "照片.zip"
    with zipfile.ZipFile(photos, "w") as archive:  # a photo for 王芳 only
        archive.writestr(f"{valid_id(PEOPLE[0][1])}.jpg", photo())
    page.set_input_files("[data-testid=photo-form] input[type=file]", str(photos))
    page.click("[data-testid=photo-form] button")
    assert "本批次已保存 1 张照片" in page.inner_text("[data-testid=photos-kept]")
    page.click("[data-testid=commit]")

    table = page.inner_text("[data-testid=review-table]")
    assert "王*" in table and "李*" in table and "刘*" in table and "王芳" not in table
    assert valid_id(PEOPLE[0][1]) not in page.content()
    assert page.inner_text("[data-testid=review-count]") == "2"
    assert page.locator("[data-testid=photo]").all_inner_texts() == ["有", "无", "—"]
    assert "2 本中的 1 本" in page.inner_text("[data-testid=photo-count]")
    assert "显示剪影" in page.inner_text("[data-testid=photo-note]")
    assert "颁发后不能撤回" in page.inner_text("[data-testid=confirm-form]")

    page.click("[data-testid=issue]")  # not ticked: the browser keeps the form (required), nothing is issued
    from skillcert.certificates.models import Certificate

    assert not Certificate.objects.exists()
    page.check("[data-testid=confirm]")
    page.click("[data-testid=issue]")
    assert "已颁发 2 本证书" in page.inner_text("[data-testid=issued]")
    numbers = page.locator("[data-testid=issued-number]").all_inner_texts()
    assert sorted(numbers) == sorted(Certificate.objects.values_list("number", flat=True))
    page.click(f"[data-testid=issued-number]:has-text('{numbers[0]}')")
    assert numbers[0] in page.inner_text("main")  # the certificate's back-office page

    page.goto(page.base + "/assessments/")
    assert name in page.inner_text("main")
