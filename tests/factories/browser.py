"""Browser test helpers: signing in through the real form, including the centre's second factor."""

from __future__ import annotations

from typing import Any

from tests.factories.users import PASSWORD


def totp_code_for(secret_or_device: Any) -> str:
    """A code an authenticator app would show now: from the key printed on the set-up page, or from a device.

    For a device that already accepted this time step's code (replays are refused), the next step's code,
    which django-otp accepts within its tolerance.
    """
    from base64 import b32decode

    from django_otp.oath import TOTP

    if isinstance(secret_or_device, str):
        plain = secret_or_device.replace(" ", "").upper()
        key, last_t = b32decode(plain + "=" * (-len(plain) % 8)), -1
    else:
        key, last_t = secret_or_device.bin_key, secret_or_device.last_t
    totp = TOTP(key)
    if totp.t() <= last_t:
        totp.time = (last_t + 1) * totp.step + totp.t0
    return f"{totp.token():06d}"


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form; centre staff then set up their authenticator or enter its current code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(page.base + "/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/account/two-factor/setup/" in page.url:
        page.fill("#id_code", totp_code_for(page.inner_text("[data-testid=totp-secret]")))
        page.click("[data-testid=two-factor-setup-form] button[type=submit]")
    elif "/account/two-factor/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", totp_code_for(device))
        page.click("[data-testid=two-factor-form] button[type=submit]")
