"""In Chromium: five failed queries bring the check; the page's own script solves it; the next query is answered."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import CertificateFactory, make_institution, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID = valid_id("51010719900307123")


@pytest.fixture
def certificate():
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from skillcert.people.services import register_holder
    from tests.factories import make_user

    centre = make_user("centre-check", CENTRE_STAFF)
    institution = make_institution(centre, name="四川省焊接技能评价中心", serial=21)
    operator = make_user("welder-check", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    holder = register_holder(name="张三", id_type="resident_id", id_number=ID, gender="male")
    return CertificateFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        job_type="手工电弧焊",
        level=3,
        institution=institution,
        actor=operator,
    )


def submit(page, name: str) -> None:
    page.fill("#id_name", name)
    page.fill("#id_id_number", ID)
    page.press("#id_id_number", "Enter")  # the keyboard's way to send the form
    page.wait_for_load_state("load")


def test_failed_queries_bring_a_check_the_browser_solves_then_the_query_is_answered(page, certificate):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page.base + "/certificates/query/")
    for attempt in range(5):
        assert page.locator("[data-testid=query-check]").count() == 0, attempt
        submit(page, "李四")
        assert page.locator("[data-testid=no-match]").count() == 1

    check = page.locator("[data-testid=query-check]")
    assert check.is_visible()
    assert "您所在网络已有多次查询未找到证书" in check.inner_text()
    status = page.locator("[data-testid=query-check-status]")
    assert status.get_attribute("role") == "status"
    expect(status).to_contain_text("检查已完成", timeout=120_000)  # the live region says so when it is done
    assert page.locator("input[name=altcha]").input_value() != ""  # the solved answer, ready to be sent

    submit(page, "张三")
    assert page.inner_text("[data-testid=certificate-number]") == certificate.number
    assert page.locator("[data-testid=query-error]").count() == 0
    # The next query needs a new check: the page carries one again, and the script solves it again.
    assert page.locator("[data-testid=query-check]").count() == 1
    assert problems == []
