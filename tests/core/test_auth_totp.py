"""Centre staff need a TOTP code after the password; other roles sign in with the password alone."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
import time_machine
from django.test import Client

from skillcert.core import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db
NOW = "2026-03-02 10:00:00 +0800"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def totp_now(secret_base32: str) -> str:
    from django_otp.oath import totp

    key = b32decode(secret_base32.replace(" ", "").upper() + "=" * (-len(secret_base32.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def password_login(username: str) -> Client:
    client = Client()
    response = client.post("/account/login/", {"username": username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


def enrol(client: Client) -> str:
    """Read the secret from the set-up page and confirm it with a current code; return the secret."""
    page = client.get("/account/two-factor/setup/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    response = client.post("/account/two-factor/setup/", {"code": totp_now(secret)})
    assert response.status_code == 302
    return secret


def test_centre_staff_without_a_second_factor_cannot_reach_the_workspace(frozen):
    make_user("centre-a", roles.CENTRE_STAFF)
    client = password_login("centre-a")
    for path in ("/account/", "/institutions/manage/", "/supervision/manage/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    page = client.get("/account/two-factor/setup/")
    assert page.status_code == 200 and b"<svg" in page.content  # the QR code, drawn here, no external service


def test_a_wrong_code_is_refused_and_changes_nothing(frozen):
    make_user("centre-a", roles.CENTRE_STAFF)
    client = password_login("centre-a")
    client.get("/account/two-factor/setup/")
    response = client.post("/account/two-factor/setup/", {"code": "000000"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_centre_staff_enrol_then_enter_a_code_after_the_password(frozen):
    make_user("centre-a", roles.CENTRE_STAFF)
    client = password_login("centre-a")
    secret = enrol(client)
    assert client.get("/account/").status_code == 200
    frozen.shift(60)
    again = password_login("centre-a")
    assert again.get("/account/")["Location"].startswith("/account/two-factor/")
    assert again.get("/account/two-factor/setup/").status_code == 302  # no second device behind the owner's back
    assert again.post("/account/two-factor/", {"code": "123 456"}).status_code == 200
    frozen.shift(2)  # django-otp waits a little longer after each wrong code
    response = again.post("/account/two-factor/?next=/institutions/manage/", {"code": totp_now(secret)})
    assert response.status_code == 302 and response["Location"] == "/institutions/manage/"
    assert again.get("/account/").status_code == 200


def test_other_roles_sign_in_with_the_password_alone(frozen):
    make_user("inst-op", roles.INSTITUTION_OPERATOR)
    make_user("chengdu-a", roles.CITY_BUREAU)
    for username in ("inst-op", "chengdu-a"):
        assert password_login(username).get("/account/").status_code == 200


def test_the_demo_centre_account_has_a_published_device(frozen, capsys):
    from django.core.management import call_command

    from skillcert.core.demo import DEMO_TOTP_SECRET, build_accounts

    build_accounts(print)
    client = password_login_demo()
    response = client.post("/account/two-factor/", {"code": totp_now(DEMO_TOTP_SECRET)})
    assert response.status_code == 302 and client.get("/account/").status_code == 200
    call_command("demo", "--totp-code")
    assert re.search(r"\b\d{6}\b", capsys.readouterr().out)


def password_login_demo() -> Client:
    client = Client()
    response = client.post("/account/login/", {"username": "centre", "password": "demo-centre-2026"})
    assert response.status_code == 302
    return client
