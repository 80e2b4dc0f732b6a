"""The issuer key must have been valid when the credential was signed: both ends of its window are checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skillcert.verification.report import FAILED, OK
from skillcert.verification.verifier import verify

pytestmark = pytest.mark.django_db


def signed_at(bundle: dict[str, Any]) -> dt.datetime:
    created = bundle["credential"]["proof"]["created"]
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00"))


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def with_window(bundle: dict[str, Any], start: dt.datetime, end: dt.datetime | None = None) -> dict[str, Any]:
    method_id = bundle["credential"]["proof"]["verificationMethod"]
    for method in bundle["didDocument"]["verificationMethod"]:
        if method["id"] == method_id:
            method["keyValidity"] = {"validFrom": stamp(start)} | ({"validUntil": stamp(end)} if end else {})
    return bundle


def issuer_key(bundle: dict[str, Any]) -> tuple[str, str]:
    check = verify(bundle).check("issuer_key")
    return check.status, check.code


def test_a_signature_made_before_the_keys_valid_from_is_refused(bundle):
    signed = signed_at(bundle)
    assert issuer_key(with_window(bundle, signed + dt.timedelta(seconds=1))) == (FAILED, "key_not_valid_then")


def test_a_signature_made_one_second_after_the_keys_valid_from_passes(bundle):
    signed = signed_at(bundle)
    assert issuer_key(with_window(bundle, signed - dt.timedelta(seconds=1))) == (OK, "ok")


def test_a_signature_made_after_the_keys_valid_until_is_refused(bundle):
    signed = signed_at(bundle)
    start, end = signed - dt.timedelta(days=30), signed - dt.timedelta(seconds=1)
    assert issuer_key(with_window(bundle, start, end)) == (FAILED, "key_not_valid_then")


def test_a_signature_inside_a_closed_window_passes(bundle):
    signed = signed_at(bundle)
    start, end = signed - dt.timedelta(days=30), signed + dt.timedelta(seconds=1)
    assert issuer_key(with_window(bundle, start, end)) == (OK, "ok")
