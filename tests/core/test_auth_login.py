"""Sign-in: throttled per account and per client, the same answer for unknown accounts.

Time is frozen: the lockout window is what these tests are about.
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from skillcert.core import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LOCKED = "登录失败次数过多"


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 10:00:00 +0800", tick=False) as traveller:
        yield traveller


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/account/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_one_account_is_locked_after_a_few_wrong_passwords_even_with_the_right_one(frozen, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "5/15m"
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    for attempt in range(5):  # each from another address: a distributed attack on one account
        assert sign_in(Client(), "inst-op", "wrong-password", f"10.0.1.{attempt}").status_code == 200
    client = Client()
    response = sign_in(client, "inst-op", "correct-horse-battery", "10.0.2.1")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_right_password_works_again_after_the_lockout_window(frozen, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "5/15m"
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    for _ in range(6):
        sign_in(Client(), "inst-op", "wrong-password")
    frozen.shift(15 * 60)
    client = Client()
    assert sign_in(client, "inst-op", "correct-horse-battery").status_code == 302
    assert signed_in(client)


def test_one_client_spraying_many_accounts_is_slowed(frozen, settings):
    settings.LOGIN_RATE_PER_CLIENT = "20/15m"
    settings.LOGIN_RATE_PER_ACCOUNT = "5/15m"
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    for n in range(20):
        sign_in(Client(), f"guess-{n}", "Password123", "10.0.3.3")
    client = Client()
    response = sign_in(client, "inst-op", "correct-horse-battery", "10.0.3.3")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)
    other = Client()  # another network signs in as usual
    assert sign_in(other, "inst-op", "correct-horse-battery", "10.0.4.4").status_code == 302


def test_unknown_accounts_get_the_same_answers_as_known_ones(frozen):
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    known = [sign_in(Client(), "inst-op", "wrong", "10.0.5.1") for _ in range(6)]
    unknown = [sign_in(Client(), "nobody-here", "wrong", "10.0.6.1") for _ in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [200] * 5 + [429]

    def text(response) -> str:
        html = response.content.decode().replace("inst-op", "NAME").replace("nobody-here", "NAME")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert text(known[0]).split("<main")[1] == text(unknown[0]).split("<main")[1]
    assert text(known[-1]).split("<main")[1] == text(unknown[-1]).split("<main")[1]
