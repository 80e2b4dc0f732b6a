"""The demo data set: each app contributes a builder, run in order by ``skillcert demo``.

Demo accounts have published passwords (README); the command refuses to run on
a deployment that serves HTTPS unless forced, so they never reach production.
"""

from __future__ import annotations

from base64 import b32decode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from skillcert.core import roles
from skillcert.core.signin import enrol_known_device


@dataclass(frozen=True)
class DemoStep:
    """One app's demo builder; ``order`` runs foundations (accounts) before dependants."""

    order: int
    name: str
    build: Callable[[Callable[[str], Any]], None]


STEPS: list[DemoStep] = []

# The demo centre account's authenticator key, published like its password (README): add it to any TOTP app
# as base32, or print the current code with ``skillcert demo --totp-code``.
DEMO_TOTP_SECRET = "SKILLCERTDEMOCENTRESICHUANTOTP23"  # noqa: S105 (published demo key, like the demo passwords)
DEMO_TOTP_USER = "centre"
DEMO_BUREAU_REGIONS = {
    "chengdu": "510100",
    "mianyang": "510700",
}  # each city bureau account's 市(州), linked by the catalog demo

DEMO_ACCOUNTS = [
    ("centre", "demo-centre-2026", roles.CENTRE_STAFF, "省职鉴中心 演示账号"),
    ("chengdu", "demo-chengdu-2026", roles.CITY_BUREAU, "成都市人社局 演示账号"),
    ("mianyang", "demo-mianyang-2026", roles.CITY_BUREAU, "绵阳市人社局 演示账号"),
    ("inspector", "demo-inspector-2026", roles.INSPECTOR, "劳动保障监察 演示账号"),
]


def build_accounts(write: Callable[[str], Any]) -> None:
    """Create one demo account per staff role (institution operators come with the institutions demo)."""
    user_model = get_user_model()
    for username, password, role, label in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": label})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        write(f"account {username} ({role})")
        if username == DEMO_TOTP_USER:
            enrol_known_device(user, demo_totp_key_hex())
            write(f"  authenticator key (TOTP, base32): {DEMO_TOTP_SECRET}; current code: skillcert demo --totp-code")


def demo_totp_key_hex() -> str:
    """The published demo authenticator key as django-otp stores it (hex)."""
    return b32decode(DEMO_TOTP_SECRET).hex()


def demo_totp_code() -> str:
    """The current six-digit code of the demo centre account's authenticator."""
    from django_otp.oath import totp

    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"


STEPS.append(DemoStep(0, "accounts", build_accounts))


def run_demo(write: Callable[[str], Any]) -> None:
    """Run every registered demo step in order (each is idempotent)."""
    for step in sorted(STEPS, key=lambda s: s.order):
        write(f"== {step.name}")
        step.build(write)
