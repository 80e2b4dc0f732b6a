"""The claim checker is no bulk oracle: a few certificate numbers per request, each one a certificate query.

Time is frozen so that the query-limit window never ends in the middle of a test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from skillcert.supervision import claims
from tests.supervision.corpus import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel("2026-07-01 10:00:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(reference: None, centre_user: Any, frozen: Any) -> dict[str, str]:
    return build_world(centre_user)


def fake_numbers(n: int) -> list[str]:
    return [f"S0000510001012640{i:05d}" for i in range(n)]


def check_api(text: str, address: str = "10.7.0.1"):
    return Client().post(
        "/api/v1/claims/check", data=json.dumps({"text": text}), content_type="application/json", REMOTE_ADDR=address
    )


def query_count(address: str) -> int:
    from django.conf import settings
    from django.test import RequestFactory

    from skillcert.core.ratelimit import client_id, peek

    return peek(
        "certificate-query", client_id(RequestFactory().get("/", REMOTE_ADDR=address)), settings.QUERY_RATE_LIMIT
    )


def test_357_numbers_check_at_most_the_cap_and_count_against_the_query_limit(world, settings):
    settings.QUERY_RATE_LIMIT = "100/m"
    numbers = [*fake_numbers(356), world["WELDER_CERT"]]
    text = "证书编号：" + "、".join(numbers)
    body = check_api(text).json()
    checked = [f for f in body["findings"] if f["rule"] in {"certificate_not_found", "certificate_mismatch"}]
    assert len(checked) <= claims.MAX_NUMBERS_CHECKED <= 5
    assert len(body["unchecked_numbers"]) == 357 - claims.MAX_NUMBERS_CHECKED
    assert "未核对" in body["unchecked_message"]
    assert query_count("10.7.0.1") == claims.MAX_NUMBERS_CHECKED


def test_numbers_share_the_certificate_query_limit(world, settings):
    settings.QUERY_RATE_LIMIT = "6/m"
    text = "证书编号：" + "、".join(fake_numbers(5))
    assert check_api(text).status_code == 200
    refused = check_api(text)
    assert refused.status_code == 429 and refused["Retry-After"]
    query = Client().post(
        "/certificates/query/", {"mode": "number", "certificate_number": "S1", "name": "王"}, REMOTE_ADDR="10.7.0.1"
    )
    assert query.status_code == 429  # the public query shares the same limit
    assert check_api("包过，国家级证书").status_code == 200  # a text without numbers costs no query


def test_a_suspended_certificate_is_not_revealed(world, centre_user):
    from skillcert.certificates.models import Certificate
    from skillcert.certificates.services import suspend_certificate

    certificate = Certificate.objects.get(number=world["WELDER_CERT"])
    suspend_certificate(certificate=certificate, category="under_review", reason="核查中", actor=centre_user)
    text = f"学员已取得焊工职业技能等级证书，证书编号{certificate.number}。"
    body = check_api(text).json()
    assert body["findings"] == []
    page = Client().post("/supervision/check/", {"text": text}, REMOTE_ADDR="10.7.0.2").content.decode()
    result = page.split('data-testid="check-result"')[1].split("</section>")[0]
    assert 'data-testid="no-findings"' in result and "暂停" not in result


def test_the_page_says_which_numbers_were_not_checked(world):
    text = "证书编号：" + "、".join(fake_numbers(claims.MAX_NUMBERS_CHECKED + 2))
    page = Client().post("/supervision/check/", {"text": text}, REMOTE_ADDR="10.7.0.3").content.decode()
    assert 'data-testid="unchecked-numbers"' in page and "未核对" in page
    assert fake_numbers(claims.MAX_NUMBERS_CHECKED + 2)[-1] in page
