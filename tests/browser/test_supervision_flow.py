"""The public checks an advert and files a complaint; staff accept, investigate and suspend the institution;
its public page shows the suspension and it can no longer issue."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_institution
from tests.factories.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
INSTITUTION = "四川省焊接技能评价中心"
ADVERT = f"{INSTITUTION}焊工四级证书火热报名：包过免考，全国通用，另收加急费500元，三十天直接发证！"


@pytest.fixture
def people(page):
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    centre = make_user("centre-supervision", CENTRE_STAFF)
    institution = make_institution(centre, name=INSTITUTION, serial=31)
    operator = make_user("welder-supervision", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    return institution


def test_advert_to_complaint_to_suspension(page, people):
    institution = people
    # The public checks the advert and sees each claim with its rule and the notice's words.
    page.goto(page.base + "/supervision/check/")
    page.fill("#id_text", ADVERT)
    page.click("[data-testid=check-submit]")
    findings = page.locator("[data-testid=finding]")
    rules = [findings.nth(i).get_attribute("data-rule") for i in range(findings.count())]
    assert set(rules) == {"no_real_assessment", "national_words", "extra_fees"}
    assert page.locator("[data-testid=highlighted] mark").count() == findings.count()
    assert "评价走过场直接发证" in page.inner_text("[data-testid=check-result]")

    # One click files a complaint prefilled with the text; the filer gets a tracking code.
    page.locator("[data-rule=no_real_assessment] [data-testid=complain-from-finding]").first.click()
    assert page.input_value("#id_claim_text") == ADVERT
    assert page.input_value("#id_category") == "perfunctory"
    assert page.input_value("#id_institution") == ""  # the finding is about wording; the filer names the institution
    page.fill("#id_institution", INSTITUTION)
    # Filed anonymously by default: the contact fields are off until 匿名投诉 is unticked.
    assert page.is_checked("#id_anonymous")
    assert page.is_disabled("#id_contact_phone") and page.is_disabled("#id_contact_email")
    page.uncheck("#id_anonymous")
    assert page.is_enabled("#id_contact_phone")
    page.fill("#id_contact_phone", "13800000000")
    page.check("#id_anonymous")
    assert page.is_disabled("#id_contact_phone")  # a disabled field is not sent: nothing to refuse or to keep
    page.click("[data-testid=complaint-submit]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){4}", code)

    # One click copies the code, and the page says so.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)
    assert page.get_attribute("[data-testid=copy-code]", "aria-label") == "复制查询码"
    page.click("[data-testid=copy-code]")
    page.wait_for_selector("[data-testid=copy-status]:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == code

    # Staff accept, investigate and suspend the institution.
    sign_in(page, "centre-supervision")
    page.goto(page.base + "/supervision/manage/cases/?stage=open")
    page.locator("[data-testid=case-row] a").first.click()
    page.click("[data-testid=do-accept]")
    assert page.inner_text("[data-testid=stage]") == "已受理"
    page.click("[data-testid=do-investigate]")
    assert page.inner_text("[data-testid=stage]") == "调查中"
    page.select_option("#id_kind", "suspension")
    page.fill("#id_reason", "承诺包过免考、直接发证，评价走过场，暂停备案")
    page.click("[data-testid=impose]")
    assert "暂停备案" in page.inner_text("[data-testid=case-sanctions]")

    # The institution's public page shows it suspended, with the sanction.
    page.goto(page.base + f"/institutions/{institution.public_id}/")
    assert "暂停" in page.inner_text("[data-testid=status-notice]")
    assert "承诺包过免考" in page.inner_text("[data-testid=sanctions]")

    # The filer follows the case with the code.
    page.context.clear_cookies()
    page.goto(page.base + "/supervision/track/")
    page.fill("#id_code", code.lower())
    page.click("main button[type=submit]")
    assert page.inner_text("[data-testid=stage]") == "调查中"
    steps = page.locator("[data-testid=timeline] li")
    labels = [steps.nth(i).locator(".timeline-label").inner_text() for i in range(steps.count())]
    assert labels == ["投诉已收到", "已受理", "开始调查", "办结"]
    assert page.inner_text("[data-testid=timeline] [aria-current=step] .timeline-label") == "开始调查"
    assert "承诺包过免考" not in page.inner_text("[data-testid=timeline]")  # staff reasons stay internal

    # Certificates dated after the suspension cannot come into existence: issuing is refused.
    sign_in(page, "welder-supervision")
    page.goto(page.base + "/assessments/declare/")
    page.select_option("#id_occupation_code", "6-18-02-04")
    page.select_option("#id_level", "4")
    page.fill("#id_assessment_date", "2026-11-20")
    page.fill("#id_evaluators", "王考评\n李考评")
    page.click("button:has-text('申报')")
    assert INSTITUTION in page.inner_text("main") and "暂停" in page.inner_text("main")
    assert "批次已申报" not in page.inner_text("main")
