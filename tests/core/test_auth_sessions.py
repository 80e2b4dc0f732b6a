"""Signed-in sessions end after 30 minutes idle and 12 hours in all (time frozen)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from skillcert.core import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 08:00:00 +0800", tick=False) as traveller:
        yield traveller


def password_login(username: str) -> Client:
    client = Client()
    assert client.post("/account/login/", {"username": username, "password": "correct-horse-battery"}).status_code
    return client


def test_an_idle_session_expires(frozen):
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    client = password_login("inst-op")
    assert client.get("/account/").status_code == 200
    frozen.shift(29 * 60)
    assert client.get("/account/").status_code == 200  # activity keeps it alive
    frozen.shift(31 * 60)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_after_twelve_hours(frozen):
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    client = password_login("inst-op")
    for _ in range(12 * 4):
        assert client.get("/account/").status_code == 200
        frozen.shift(15 * 60)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_the_session_cookie_no_longer_lasts_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
