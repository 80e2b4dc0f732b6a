"""Public directory and back-office pages: what people see, and what operators can never reach."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.core import roles
from skillcert.institutions import services
from skillcert.institutions.models import Institution
from tests.factories import make_bureau, make_user
from tests.institutions import factories


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def chengdu_welder():
    return factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))


@pytest.fixture
def mianyang_chef():
    from skillcert.catalog.models import Region

    return factories.active(
        name="绵阳烹饪学校", region=Region.objects.get(code="510700"), scope=(("4-03-02-01", "川菜", "45"),)
    )


def test_directory_searches_by_region_occupation_and_level(chengdu_welder, mianyang_chef):
    client = Client()
    page = text(client.get("/institutions/", {"region": "510100", "occupation": "焊工"}))
    assert "成都焊接技能评价中心" in page and "绵阳烹饪学校" not in page
    page = text(client.get("/institutions/", {"occupation": "4-03-02-01", "level": "3"}))
    assert "共找到 0 家机构" in page and "未列入本名单的机构不得颁发职业技能等级证书" in page
    page = text(client.get("/institutions/", {"occupation": "川菜"}))
    assert "绵阳烹饪学校" in page and "成都焊接技能评价中心" not in page
    page = text(client.get("/institutions/", {"q": "焊接"}))
    assert "共找到 1 家机构" in page


def test_applications_are_not_public_but_suspended_and_revoked_records_are(chengdu_welder, mianyang_chef):
    pending = factories.applied(name="待审核机构")
    services.suspend_institution(institution=chengdu_welder, reason="质量检查不合格")
    services.revoke_institution(institution=mianyang_chef, reason="虚假宣传")
    page = text(Client().get("/institutions/"))
    assert "待审核机构" not in page
    assert "已暂停" in page and "已撤销" in page
    assert Client().get(f"/institutions/{pending.public_id}/").status_code == 404
    detail = text(Client().get(f"/institutions/{chengdu_welder.public_id}/"))
    assert "暂停解除前，该机构不得颁发职业技能等级证书" in detail and "质量检查不合格" in detail


def test_detail_shows_contacts_and_the_scope_table(chengdu_welder):
    page = text(Client().get(f"/institutions/{chengdu_welder.public_id}/"))
    for expected in (
        "张老师",
        "028-80000000",
        "成都市武侯区测试路1号",
        "6-18-02-04",
        "焊工",
        "高级（三级）",
        "2027-12-31",
    ):
        assert expected in page
    english = text(Client().get(f"/institutions/{chengdu_welder.public_id}/", {"lang": "en"}))
    assert "Recorded occupations (job types) and levels" in english and "Level 3 (Advanced)" in english


def test_directory_refuses_a_bad_level_with_a_message():
    page = text(Client().get("/institutions/", {"level": "9"}))
    assert "errorlist" in page


def test_anonymous_users_are_sent_to_sign_in(chengdu_welder):
    for path in ("/institutions/manage/", f"/institutions/manage/{chengdu_welder.public_id}/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_centre_staff_suspend_with_a_reason_and_see_the_history(centre_client, chengdu_welder):
    url = f"/institutions/manage/{chengdu_welder.public_id}/suspend/"
    refused = centre_client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "errorlist" in text(refused)
    response = centre_client.post(url, {"reason": "质量调研检查不合格"}, follow=True)
    assert "已完成：暂停。" in text(response)
    assert Institution.objects.get(pk=chengdu_welder.pk).status == "suspended"
    page = text(centre_client.get(f"/institutions/manage/{chengdu_welder.public_id}/"))
    assert "institutions.institution.suspend" in page and "质量调研检查不合格" in page and "centre-staff" in page
    again = centre_client.post(url, {"reason": "再次"})
    assert "备案状态为“已暂停”时不能暂停。" in text(again)


def test_centre_staff_record_an_application_and_bad_codes_are_refused(centre_client):
    from skillcert.catalog.models import Region

    data = {
        "name": "新申请机构",
        "credit_code": "91350100M000100Y44",
        "kind": "employer",
        "region": Region.objects.get(code="510100").pk,
        "address": "地址",
        "contact_person": "王",
        "contact_phone": "028-1234567",
    }
    refused = centre_client.post("/institutions/manage/new/", data)
    assert "校验码（第 18 位）不正确" in text(refused)
    assert not Institution.objects.exists()
    data["credit_code"] = "91350100M000100Y43"
    created = centre_client.post("/institutions/manage/new/", data, follow=True)
    assert "备案申请已登记。" in text(created)
    assert Institution.objects.get().status == "applied"


def test_centre_staff_edit_scope_and_the_rule_refuses_catalogue_occupations(centre_client, chengdu_welder):
    url = f"/institutions/manage/{chengdu_welder.public_id}/scope/"
    refused = centre_client.post(url, {"occupation_code": "4-07-05-01", "levels": ["4"], "valid_from": "2026-01-01"})
    assert "国家职业资格目录" in text(refused)
    saved = centre_client.post(
        url, {"occupation_code": "6-31-01-03", "levels": ["4", "5"], "valid_from": "2026-01-01"}, follow=True
    )
    assert "备案范围已保存。" in text(saved)
    assert chengdu_welder.scope_rows.filter(occupation_code="6-31-01-03", level_digits="45").exists()


@pytest.fixture
def operator_client(chengdu_welder):
    client = Client()
    client.force_login(factories.operator_of(chengdu_welder, "inst-op"))
    return client


def test_operator_sees_and_edits_only_their_own_institution(operator_client, chengdu_welder, mianyang_chef):
    assert operator_client.get("/institutions/manage/")["Location"].endswith(
        f"/institutions/manage/{chengdu_welder.public_id}/"
    )
    own = text(operator_client.get(f"/institutions/manage/{chengdu_welder.public_id}/"))
    assert "成都焊接技能评价中心" in own and "修改地址和联系方式" in own and "暂停" not in own.split("变更记录")[0]
    response = operator_client.post(
        f"/institutions/manage/{chengdu_welder.public_id}/contacts/",
        {"address": "新址", "contact_person": "赵老师", "contact_phone": "028-7654321"},
    )
    assert response.status_code == 302
    assert Institution.objects.get(pk=chengdu_welder.pk).contact_person == "赵老师"


@pytest.mark.parametrize("suffix", ["", "contacts/", "tokens/", "record/", "scope/", "suspend/", "operators/"])
def test_operator_guessing_another_institutions_id_gets_nothing(operator_client, mianyang_chef, suffix):
    path = f"/institutions/manage/{mianyang_chef.public_id}/{suffix}"
    for method in ("get", "post"):
        response = getattr(operator_client, method)(path, {"contact_person": "x", "reason": "x", "label": "x"})
        assert response.status_code in (403, 404), f"{method} {path}"
        assert "绵阳烹饪学校" not in text(response)
    assert Institution.objects.get(pk=mianyang_chef.pk).contact_person == "张老师"
    assert not mianyang_chef.api_tokens.exists()


def test_operator_cannot_revoke_another_institutions_token(operator_client, mianyang_chef):
    token, _secret = services.create_api_token(institution=mianyang_chef, label="x")
    response = operator_client.post(f"/institutions/manage/{mianyang_chef.public_id}/tokens/{token.public_id}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_operator_creates_a_token_shown_once(operator_client, chengdu_welder):
    url = f"/institutions/manage/{chengdu_welder.public_id}/tokens/"
    page = text(operator_client.post(url, {"label": "考务系统"}))
    assert "请立即复制该令牌，它不会再次显示。" in page
    token = chengdu_welder.api_tokens.get()
    assert f"{token.prefix}_" in page
    assert f"{token.prefix}_" not in text(operator_client.get(url))


def test_city_bureau_reads_but_cannot_act(chengdu_welder):
    client = Client()
    client.force_login(make_bureau("bureau", "510100"))
    assert "成都焊接技能评价中心" in text(client.get("/institutions/manage/"))
    detail = text(client.get(f"/institutions/manage/{chengdu_welder.public_id}/"))
    assert "变更记录" in detail and "撤销备案" not in detail
    assert client.post(f"/institutions/manage/{chengdu_welder.public_id}/suspend/", {"reason": "x"}).status_code == 403
    assert client.get(f"/institutions/manage/{chengdu_welder.public_id}/tokens/").status_code == 404


def test_inspector_sees_no_institutions(chengdu_welder):
    client = Client()
    client.force_login(make_user("insp", roles.INSPECTOR))
    assert client.get("/institutions/manage/").status_code == 403
    assert client.get(f"/institutions/manage/{chengdu_welder.public_id}/").status_code == 404


def test_workspace_links(centre_client, operator_client):
    assert "评价机构备案管理" in text(centre_client.get("/account/"))
    assert "本机构信息" in text(operator_client.get("/account/"))


def test_nav_links_to_the_directory():
    assert "评价机构查询" in text(Client().get("/"))


def test_city_bureau_reviews_only_its_own_regions_institutions(chengdu_welder, mianyang_chef):
    client = Client()
    client.force_login(make_bureau("mianyang-bureau", "510700"))
    page = text(client.get("/institutions/manage/"))
    assert "绵阳烹饪学校" in page and "成都焊接技能评价中心" not in page
    searched = text(client.get("/institutions/manage/", {"region": "510100"}))  # asking for another region
    assert "成都焊接技能评价中心" not in searched
    assert client.get(f"/institutions/manage/{chengdu_welder.public_id}/").status_code == 404
    assert client.get(f"/institutions/manage/{mianyang_chef.public_id}/").status_code == 200


def test_the_centre_still_reviews_every_region(centre_client, chengdu_welder, mianyang_chef):
    page = text(centre_client.get("/institutions/manage/"))
    assert "绵阳烹饪学校" in page and "成都焊接技能评价中心" in page
