"""Sign-in rules: throttling, the TOTP second factor of centre staff, session lifetimes.

* **Throttling.** Failed sign-ins are counted per account name (a keyed hash, whether
  the account exists or not) and per client network in the shared counters of
  :mod:`skillcert.core.ratelimit`. Past either limit every attempt, right password
  or not, gets the same refusal until the window ends: a single-account attack
  and a password spray are both slowed, and the answer never says whether an
  account exists.
* **Second factor.** Centre staff confirm each web sign-in with a TOTP code from
  an authenticator app (django-otp). They enrol one device themselves on first
  sign-in; a lost device is removed by an administrator, never replaced by the
  holder of the password alone.
* **Sessions.** A web sign-in is stamped in the session; the session ends after
  ``STAFF_SESSION_IDLE_SECONDS`` without a request and ``STAFF_SESSION_MAX_SECONDS``
  after sign-in. A login made by code (tests, the shell: ``force_login``) is
  stamped as such; it bypassed the password as well and is not held to either rule.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.core import ratelimit
from skillcert.core.roles import CENTRE_STAFF

SESSION_STAMP = "skillcert_signin"  # {"via": "web" | "code", "at": seconds, "seen": seconds}
VIA_WEB = "web"
VIA_CODE = "code"
DEVICE_NAME = "authenticator"


# ---------------------------------------------------------------------------
# Throttling
# ---------------------------------------------------------------------------
def throttle_wait(request: HttpRequest, username: str) -> int:
    """Seconds until this account and client may try again, or 0 when they may try now."""
    waits = []
    for scope, subject, rate in _throttle_subjects(request, username):
        limit, period = ratelimit.parse_rate(rate)
        if ratelimit.peek(scope, subject, rate) >= limit:
            waits.append(period - int(time.time()) % period)
    return max(waits, default=0)


def record_failure(request: HttpRequest, username: str) -> None:
    """Count one failed sign-in for the account name and for the client."""
    for scope, subject, rate in _throttle_subjects(request, username):
        ratelimit.hit(scope, subject, rate)


def _throttle_subjects(request: HttpRequest, username: str) -> list[tuple[str, str, str]]:
    return [
        ("login-account", ratelimit.subject_id(username), settings.LOGIN_RATE_PER_ACCOUNT),
        ("login-client", ratelimit.client_id(request), settings.LOGIN_RATE_PER_CLIENT),
    ]


def lockout_message(seconds: int) -> str:
    """The one answer while an account or a client is throttled (never says whether the account exists)."""
    minutes = max(1, (seconds + 59) // 60)
    return _("Too many failed sign-ins. Please try again in %(minutes)s minutes.") % {"minutes": minutes}


# ---------------------------------------------------------------------------
# Session stamps
# ---------------------------------------------------------------------------
def stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: note when and how this session signed in."""
    session = getattr(request, "session", None)
    if session is None:
        return
    via = VIA_WEB if getattr(request, "resolver_match", None) is not None else VIA_CODE
    now = int(time.time())
    session[SESSION_STAMP] = {"via": via, "at": now, "seen": now}


def session_expired(request: HttpRequest) -> bool:
    """True when a web session has been idle too long or is older than the maximum (a session without a
    stamp predates these rules and is expired too); otherwise note this request as activity."""
    stamp = request.session.get(SESSION_STAMP)
    if not isinstance(stamp, dict):
        return True
    if stamp.get("via") != VIA_WEB:
        return False
    now = int(time.time())
    if now - int(stamp["seen"]) > settings.STAFF_SESSION_IDLE_SECONDS:
        return True
    if now - int(stamp["at"]) >= settings.STAFF_SESSION_MAX_SECONDS:
        return True
    if now - int(stamp["seen"]) >= 60:  # write the session at most once a minute
        request.session[SESSION_STAMP] = {**stamp, "seen": now}
    return False


# ---------------------------------------------------------------------------
# Second factor
# ---------------------------------------------------------------------------
def needs_second_factor(request: HttpRequest) -> bool:
    """True for a signed-in centre staff member whose web session has not passed a TOTP code yet."""
    user: Any = request.user
    if not user.is_authenticated or user.is_verified():  # is_verified: set by django-otp's middleware
        return False
    stamp = request.session.get(SESSION_STAMP) or {}
    if stamp.get("via") != VIA_WEB:
        return False
    return bool(user.groups.filter(name=CENTRE_STAFF).exists())


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled (created on first call, unconfirmed until a code proves it was set up)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, to type into an authenticator app."""
    plain = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def clean_code(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def confirm_enrolment(request: HttpRequest, code: str) -> bool:
    """Confirm the pending device with a current code and mark this session verified; False when wrong."""
    device = pending_device(request.user)
    if not device.verify_token(clean_code(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    otp_login(request, device)
    return True


def verify_code(request: HttpRequest, code: str) -> bool:
    """Check a code against the user's device (throttled by django-otp) and mark this session verified."""
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(clean_code(code)):
        return False
    otp_login(request, device)
    return True


def enrol_known_device(user: Any, key_hex: str) -> TOTPDevice:
    """Give ``user`` a confirmed device with a known key (the demo account only; idempotent)."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    return device
