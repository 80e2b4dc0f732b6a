"""The public two-factor query (pages and API), the holder page and rate limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from skillcert.certificates import services
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def certificate(holder, institution, operator):
    return CertificateFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        job_type="手工电弧焊",
        level=3,
        institution=institution,
        actor=operator,
    )


def post_query(**data):
    return Client().post("/certificates/query/", {"mode": "id", "certificate_number": "", **data})


def test_query_by_name_and_id_finds_the_certificate_with_the_id_masked(certificate):
    html = post_query(name="张三", id_number=ID).content.decode()
    assert certificate.number in html
    assert "焊工" in html and "手工电弧焊" in html and "高级（三级）" in html
    assert ID not in html
    assert ID[:3] + "*" in html and ID[-4:] in html


def test_query_by_number_and_name(certificate):
    html = post_query(mode="number", name="张三", certificate_number=certificate.number).content.decode()
    assert 'data-testid="certificate-number">' + certificate.number in html


@pytest.mark.parametrize(
    "data",
    [
        {"name": "李四", "id_number": ID},  # right ID, wrong name
        {"name": "张三", "id_number": valid_id("51010719900307124")},  # right name, another ID
        {"mode": "number", "name": "李四", "certificate_number": "S000051000001263000001"},
    ],
)
def test_one_wrong_factor_gets_the_same_answer_as_nothing(certificate, data):
    html = post_query(**data).content.decode()
    assert 'data-testid="no-match"' in html
    assert 'data-testid="certificate"' not in html and "焊工" not in html


def test_revoked_certificate_is_shown_revoked_with_date_and_reason(certificate, operator):
    services.revoke_certificate(
        certificate=certificate, category="misconduct", reason="考试作弊，证书撤销", actor=operator
    )
    html = post_query(name="张三", id_number=ID).content.decode()
    assert "已撤销" in html and "考核违规" in html and "考试作弊" not in html  # the category, never the staff's words
    assert certificate.number in html


def test_holder_page_lists_own_certificates_and_expires(certificate):
    response = post_query(name="张三", id_number=ID)
    token = response.context["holder_token"]
    page = Client().get(f"/certificates/holder/{token}/")
    assert page.status_code == 200 and certificate.number in page.content.decode()
    assert Client().get(f"/certificates/holder/{token}x/").status_code == 404


def test_api_query_two_factors(certificate):
    body = (
        Client()
        .post("/api/v1/certificates/query", {"name": "张三", "id_number": ID}, content_type="application/json")
        .json()
    )
    assert body["count"] == 1
    item = body["certificates"][0]
    assert (item["number"], item["level"], item["status"]["status"]) == (certificate.number, 3, "valid")
    assert ID not in str(body)
    wrong = (
        Client()
        .post("/api/v1/certificates/query", {"name": "李四", "id_number": ID}, content_type="application/json")
        .json()
    )
    assert wrong == {"count": 0, "certificates": []}


def test_api_query_needs_a_second_factor():
    response = Client().post("/api/v1/certificates/query", {"name": "张三"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


def test_queries_are_rate_limited_per_client(settings, certificate):
    settings.QUERY_RATE_LIMIT = "3/m"
    client = Client()
    for _ in range(3):
        assert (
            client.post(
                "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, content_type="application/json"
            ).status_code
            == 200
        )
    refused = client.post(
        "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, content_type="application/json"
    )
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.json()["code"] == "rate_limited"
    page = client.post("/certificates/query/", {"mode": "id", "name": "张三", "id_number": ID})
    assert page.status_code == 429 and "请等待" in page.content.decode()
