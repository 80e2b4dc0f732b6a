"""A worker finds a recorded institution and its scope; centre staff suspend it and the public page says so."""

import pytest

from tests.factories.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_institutions():
    from django.apps import apps

    from skillcert.catalog.models import Region
    from skillcert.core import roles
    from skillcert.core.roles import sync_roles
    from tests.factories import make_user
    from tests.institutions import factories

    sync_roles(apps)  # an earlier transactional test may have flushed the role groups
    welder = factories.active(
        name="天府焊接职业技能评价中心",
        scope=(("6-18-02-04", "", "345"), ("4-10-01-05", "", "45")),
    )
    factories.active(name="绵阳焊接培训学校", region=Region.objects.get(code="510700"))
    factories.active(name="成都烹饪评价中心", scope=(("4-03-02-01", "", "45"),))
    make_user("centre-browser", roles.CENTRE_STAFF)
    return welder


def test_search_open_scope_then_suspend_and_see_it_public(page):
    welder = build_institutions()
    page.goto(page.base + "/")
    page.click("text=评价机构查询")
    page.select_option("#id_region", label="成都市")
    page.fill("#id_occupation", "焊工")
    page.click("button:has-text('查询')")
    assert "共找到 1 家机构" in page.inner_text("[data-testid=result-count]")
    listing = page.inner_text("[data-testid=directory]")
    assert "天府焊接职业技能评价中心" in listing and "绵阳" not in listing and "烹饪" not in listing
    assert "有效" in listing

    page.click("a:has-text('天府焊接职业技能评价中心')")
    scope = page.inner_text("[data-testid=scope-table]")
    assert "6-18-02-04" in scope and "焊工" in scope and "高级（三级）" in scope and "养老护理员" in scope
    assert page.inner_text("[data-testid=status]") == "有效"
    public_url = page.url

    sign_in(page, "centre-browser")  # password, then the authenticator code (centre staff)
    page.click("text=评价机构备案管理")
    page.click("a:has-text('天府焊接职业技能评价中心')")
    page.click("[data-testid=actions] >> text=暂停")
    page.click("button:has-text('保存')")
    assert "请填写变更理由" in page.inner_text("main") or "必填" in page.inner_text("main")
    page.fill("#id_reason", "质量调研检查发现考务问题，责令整改")
    page.click("button:has-text('保存')")
    assert "已完成：暂停。" in page.inner_text(".messages")
    assert page.inner_text("[data-testid=status]") == "已暂停"

    page.goto(public_url)
    assert page.inner_text("[data-testid=status]") == "已暂停"
    assert "质量调研检查发现考务问题" in page.inner_text("[data-testid=status-notice]")
    assert welder.public_id in page.url
