"""Institution API tokens expire (365 days by default); an expired token is refused with a clear error.

Time is frozen: expiry is what these tests are about.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from skillcert.institutions import services
from tests.institutions import factories

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_token_works_until_its_expiry_then_is_refused_with_a_clear_error(frozen):
    welder = factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))
    row, token = services.create_api_token(institution=welder, label="考务系统")
    assert row.expires_at == START + dt.timedelta(days=365)
    frozen.move_to(START + dt.timedelta(days=364))
    assert bearer(token).get("/api/v1/institutions/self").status_code == 200
    frozen.move_to(START + dt.timedelta(days=365, seconds=1))
    response = bearer(token).get("/api/v1/institutions/self")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired" and "已于 2027-03-02 10:00 过期" in body["message"] and body["fields"] == {}
    english = bearer(token).get("/api/v1/institutions/self", headers={"Accept-Language": "en"}).json()
    assert "expired" in english["message"]


def test_the_token_page_shows_the_expiry(frozen, settings):
    settings.API_TOKEN_DAYS = 90
    institution = factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))
    operator_client = Client()
    operator_client.force_login(factories.operator_of(institution, "inst-op"))
    url = f"/institutions/manage/{institution.public_id}/tokens/"
    operator_client.post(url, {"label": "考务系统"})
    token = institution.api_tokens.get()
    assert token.expires_at == START + dt.timedelta(days=90)
    page = operator_client.get(url).content.decode()
    assert "有效期至" in page and "2026-05-31" in page
