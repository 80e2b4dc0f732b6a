"""A class-two competition of an unrecorded host, from registration to a public query.

The host registers it and imports the final results, the centre approves; certificates are
issued under the committee with the centre's proxy seal; one is queried publicly.
"""

from __future__ import annotations

import pytest

from tests.factories import FINALISTS, make_host, results_csv, valid_id
from tests.factories.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_host_registers_and_imports_centre_approves_public_queries(page, browser, tmp_path):
    from skillcert.core.roles import CENTRE_STAFF
    from tests.factories import make_user

    centre = make_user("centre-competitions", CENTRE_STAFF)
    make_host(centre, "四川省焊接协会", "host-browser")

    sign_in(page, "host-browser")
    page.goto(page.base + "/competitions/manage/register/")
    page.fill("#id_name", "四川省焊接行业职业技能竞赛")
    page.select_option("#id_competition_class", "class_two")
    page.select_option("#id_certificate_type", "skill_level")
    page.fill("#id_committee_name", "四川省焊接行业职业技能竞赛组委会办公室")
    page.fill("#id_events", "焊工, 6-18-02-04, 单人, 12")
    page.fill("#id_stages", "初赛\n决赛")
    page.click("[data-testid=register-form] button[type=submit]")
    path = page.inner_text("[data-testid=issuing-path]")
    assert "第 2 种情况" in path and "一赛一授权" in path
    page.click("[data-testid=apply]")
    assert page.inner_text("[data-testid=competition-status]") == "已报审"

    results = tmp_path / "决赛成绩.csv"
    results.write_bytes(results_csv())
    page.select_option("[data-testid=upload-form] select", label="决赛")
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(results))
    page.click("[data-testid=upload-form] button[type=submit]")
    preview = page.inner_text("[data-testid=preview]")
    assert "晋升为技师" in preview and "非决赛获奖选手" in preview
    page.click("[data-testid=submit]")
    assert page.inner_text("[data-testid=import-status]") == "已报送省职鉴中心"

    centre_context = browser.new_context(locale="en-US")
    centre_page = centre_context.new_page()
    centre_page.base = page.base
    sign_in(centre_page, "centre-competitions")
    centre_page.goto(page.base + "/competitions/manage/")
    centre_page.click("[data-testid=waiting] a")
    centre_page.click("[data-testid=approve]")
    assert centre_page.inner_text("[data-testid=competition-status]") == "省职鉴中心已审批"
    assert "川职鉴竞授" in centre_page.inner_text("[data-testid=authorisation]")
    centre_page.click("[data-testid=imports] a")
    centre_page.click("[data-testid=approve-results]")
    winners = centre_page.inner_text("[data-testid=winners]")
    assert "四川省焊接行业职业技能竞赛组委会办公室 / 四川省职业技能鉴定指导中心（代章）" in winners
    numbers = centre_page.locator("[data-testid=certificate-number]")
    assert numbers.count() == 3

    from skillcert.certificates.models import Certificate

    name, first17 = FINALISTS[0][0], FINALISTS[0][1]
    number = Certificate.objects.get(holder_name=name).number
    centre_context.close()  # before the live server stops: no request may outlive the test
    public_context = browser.new_context(locale="en-US")
    public = public_context.new_page()
    public.goto(page.base + "/certificates/query/")
    public.fill("#id_name", name)
    public.fill("#id_id_number", valid_id(first17))
    public.click("button:has-text('查询')")
    found = public.inner_text("[data-testid=query-results]")
    assert number in found and "技师" in found
    public.goto(page.base + "/competitions/")
    public.click("text=四川省焊接行业职业技能竞赛")
    assert public.inner_text("[data-testid=issued-count]") == "3"
    assert valid_id(first17) not in public.content() and name not in public.content()
    public_context.close()
