"""Verify page and verification codes as a person sees them: valid, tampered, revoked, and an employer's code."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.factories import CertificateFactory, make_institution, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID = valid_id("51010719900307123")


@pytest.fixture
def issued(page):
    """Two certificates of one holder, issued by a recorded institution; their credentials as stored."""
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from skillcert.people.services import register_holder
    from skillcert.transparency.services import publish_checkpoint
    from skillcert.verification.selectors import stored_credential
    from tests.factories import make_user

    centre = make_user("centre-verify", CENTRE_STAFF)
    institution = make_institution(centre, name="四川省焊接技能评价中心", serial=21, levels=(3, 4))
    operator = make_user("welder-verify", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    holder = register_holder(name="张三", id_type="resident_id", id_number=ID, gender="male")
    certificates = []
    for level in (4, 3):
        certificates.append(
            CertificateFactory(
                holder=holder,
                issued_on=dt.date(2026, 6, level),
                level=level,
                institution=institution,
                batch_id=f"b-browser-{level}",
                actor=operator,
            )
        )
    publish_checkpoint()  # as the worker's minute job does: the entries are now provably in the log
    return certificates, [stored_credential(c.public_id) for c in certificates], operator


def paste_and_verify(page, document):
    page.goto(page.base + "/verify/")
    page.fill("#id_text", json.dumps(document, ensure_ascii=False))
    page.click("[data-testid=verify-form] button[type=submit]")
    return page.locator("[data-testid=report]")


def test_valid_tampered_and_revoked_credentials(page, issued):
    certificates, credentials, operator = issued
    report = paste_and_verify(page, credentials[0])
    assert report.get_attribute("data-verdict") == "valid"
    assert page.locator("[data-testid=checks] .badge-yes").count() == 6
    assert certificates[0].number in report.inner_text()

    tampered = json.loads(json.dumps(credentials[0]))
    tampered["credentialSubject"]["licenseNumber"] = certificates[1].number
    report = paste_and_verify(page, tampered)
    signature = page.locator("[data-testid=check-signature]")
    assert report.get_attribute("data-verdict") == "invalid"
    assert page.inner_text("[data-testid=verdict-word]") == "内容被篡改"  # one word first, the checks folded
    assert signature.locator(".badge-bad").count() == 1 and "签名与凭证内容不符" in signature.text_content()

    from skillcert.certificates import services

    services.revoke_certificate(certificate=certificates[1], category="misconduct", reason="考试作弊", actor=operator)
    report = paste_and_verify(page, credentials[1])
    status = page.locator("[data-testid=check-status]")
    assert status.get_attribute("data-code") == "revoked"
    assert "已撤销——状态截至 " in status.text_content()
    assert status.locator(".badge-bad").count() == 1
    page.goto(page.base + f"/certificates/verify/{certificates[1].address_key}/")  # the QR page says the same
    assert page.locator("[data-testid=check-status]").get_attribute("data-code") == "revoked"


def test_holder_creates_a_code_and_the_employer_sees_the_report(page, issued):
    certificates, _credentials, _operator = issued
    page.goto(page.base + "/certificates/query/")
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", ID)
    page.click("button:has-text('查询')")
    page.click("[data-testid=holder-link]")
    panel = page.locator("[data-testid=certificate]", has_text=certificates[0].number).locator(
        "[data-testid=verification-panel]"
    )
    panel.locator("input[name=days]").fill("30")
    panel.locator("[data-testid=create-code] button").click()
    code = page.inner_text("[data-testid=new-code]").strip()
    assert len(code) == 19 and code.count("-") == 3
    page.click("text=返回我的证书")
    assert page.locator("[data-testid=code-row]").count() == 1

    employer = page.context.new_page()
    employer.goto(page.base + "/verify/code/")
    employer.fill("#id_code", code.lower())
    employer.click("[data-testid=code-form] button[type=submit]")
    assert certificates[0].number in employer.inner_text("[data-testid=certificate]")
    assert ID not in employer.content() and "*" in employer.inner_text("[data-testid=masked-id]")
    assert employer.get_attribute("[data-testid=report]", "data-verdict") == "valid"
    employer.fill("[data-testid=id-check-form] input[name=id_number]", ID)  # the number on the ID card shown
    employer.click("[data-testid=id-check-form] button[type=submit]")
    assert employer.inner_text("[data-testid=id-check-result]").startswith("一致")
    assert ID not in employer.content() and "还可核对 2 次" in employer.inner_text("[data-testid=id-check]")

    page.locator("[data-testid=revoke-code]").click()
    assert "已撤销" in page.inner_text("main")
    employer.goto(page.base + "/verify/code/")
    employer.fill("#id_code", code)
    employer.click("[data-testid=code-form] button[type=submit]")
    assert "没有与您输入内容相符的有效验证码" in employer.inner_text("[data-testid=error]")


def test_the_holder_reaches_the_qr_page_and_an_old_address_explains_itself(page, issued):
    certificates, _credentials, _operator = issued
    page.goto(page.base + "/certificates/query/")
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", ID)
    page.click("button:has-text('查询')")
    page.click("[data-testid=holder-link]")
    card = page.locator("[data-testid=certificate]", has_text=certificates[0].number)
    assert certificates[0].address_key in card.locator("[data-testid=credential]").get_attribute("href")
    card.locator("[data-testid=verify-page]").click()  # the page the QR code on the paper opens
    assert page.url.endswith(f"/certificates/verify/{certificates[0].address_key}/")
    assert certificates[0].number in page.inner_text("[data-testid=certificate]")
    assert page.get_attribute("[data-testid=report]", "data-verdict") == "valid"
    page.goto(page.base + f"/certificates/verify/{certificates[0].public_id}/")  # a QR code printed before
    notice = page.inner_text("[data-testid=address-changed]")
    assert "不再能打开" in notice and certificates[0].number not in page.content()
    page.click("text=证书查询")
    assert page.url.endswith("/certificates/query/")
