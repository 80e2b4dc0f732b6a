"""``/api/v1/institutions``: public directory, detail, and token-authenticated reads scoped to one institution."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.institutions import services
from tests.institutions import factories


@pytest.fixture
def two():
    from skillcert.catalog.models import Region

    welder = factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))
    chef = factories.active(
        name="绵阳烹饪学校", region=Region.objects.get(code="510700"), scope=(("4-03-02-01", "川菜", "45"),)
    )
    return welder, chef


def test_list_filters_and_paginates(two):
    welder, chef = two
    client = Client()
    body = client.get("/api/v1/institutions", {"region": "成都市", "occupation": "6-18-02-04", "level": 3}).json()
    assert body["count"] == 1 and body["items"][0]["public_id"] == welder.public_id
    assert body["items"][0]["status_label"] == "有效" and body["items"][0]["region_code"] == "510100"
    assert client.get("/api/v1/institutions", {"occupation": "烹调", "level": 4}).json()["count"] == 1
    page = client.get("/api/v1/institutions", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    services.suspend_institution(institution=chef, reason="整改")
    suspended = client.get("/api/v1/institutions", {"status": "suspended"}).json()
    assert [i["name"] for i in suspended["items"]] == ["绵阳烹饪学校"]


def test_detail_has_contacts_and_scope(two):
    welder, _chef = two
    body = Client().get(f"/api/v1/institutions/{welder.public_id}").json()
    assert body["contact_person"] == "张老师" and body["credit_code"] == welder.credit_code
    assert body["scope"] == [
        {
            "occupation_code": "6-18-02-04",
            "occupation_name": "焊工",
            "job_type": "",
            "levels": [3, 4, 5],
            "valid_from": "2026-01-01",
            "valid_until": "2027-12-31",
        }
    ]
    assert "site_serial" not in body


@pytest.mark.parametrize(
    ("params", "status", "field", "message"),
    [
        ({"level": 0}, 422, "level", "不能小于 1。"),
        ({"region": "北京市"}, 422, "region", "四川省没有名为 北京市 的市(州)。"),
        ({"status": "applied"}, 422, "status", "未知状态 applied。"),
    ],
)
def test_bad_filters_are_422_with_a_chinese_message(params, status, field, message):
    response = Client().get("/api/v1/institutions", params)
    assert response.status_code == status
    assert response.json()["fields"][field] == [message]


def test_unknown_or_applied_id_is_404_in_english_when_asked():
    pending = factories.applied()
    response = Client(headers={"Accept-Language": "en"}).get(f"/api/v1/institutions/{pending.public_id}")
    assert response.status_code == 404
    assert response.json()["message"] == f"No recorded evaluation institution has the id {pending.public_id}."


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_token_reads_its_own_institution_only(two):
    welder, _chef = two
    _row, token = services.create_api_token(institution=welder, label="考务系统")
    body = bearer(token).get("/api/v1/institutions/self").json()
    assert body["public_id"] == welder.public_id
    assert (body["number_letter"], body["institution_code"], body["site_serial"]) == ("S", "0000", "000001")
    decision = (
        bearer(token)
        .get(
            "/api/v1/institutions/self/may-issue",
            {"occupation_code": "4-03-02-01", "level": 4, "on_date": "2026-06-01"},
        )
        .json()
    )
    assert decision == {
        "allowed": False,
        "code": "outside_scope",
        "message": "职业 4-03-02-01 不在 成都焊接技能评价中心 的备案范围内。",
    }
    assert (
        bearer(token)
        .get(
            "/api/v1/institutions/self/may-issue",
            {"occupation_code": "6-18-02-04", "level": 3, "on_date": "2026-06-01"},
        )
        .json()["allowed"]
    )


@pytest.mark.parametrize("path", ["/api/v1/institutions/self", "/api/v1/institutions/self/may-issue"])
def test_missing_wrong_or_revoked_tokens_are_401(two, path):
    welder, _chef = two
    row, token = services.create_api_token(institution=welder, label="x")
    params = {"occupation_code": "6-18-02-04", "level": 3}
    assert Client().get(path, params).status_code == 401
    assert bearer(token[:-1] + ("0" if token[-1] != "0" else "1")).get(path, params).status_code == 401
    assert bearer("sci_nothing").get(path, params).status_code == 401
    services.revoke_api_token(token=row)
    response = bearer(token).get(path, params)
    assert response.status_code == 401 and set(response.json()) == {"code", "message", "fields"}


def test_openapi_lists_the_institution_paths():
    paths = set(Client().get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/institutions",
        "/api/v1/institutions/{public_id}",
        "/api/v1/institutions/self",
        "/api/v1/institutions/self/may-issue",
    } <= paths
