"""Reads: a holder's codes, a code's certificate, and the live verification report of a certificate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from skillcert.verification.codes import code_hash, looks_valid
from skillcert.verification.models import VerificationCode
from skillcert.verification.report import Report


def codes_of(*, holder: Any, certificate: Any | None = None) -> QuerySet[VerificationCode]:
    """The holder's codes (all states), newest first; optionally for one certificate."""
    codes = VerificationCode.objects.filter(holder=holder)
    if certificate is not None:
        codes = codes.filter(certificate=certificate)
    return codes.order_by("-created_at")


def active_code(text: str) -> VerificationCode | None:
    """The code an employer typed, if it exists, is not revoked and has not expired; else None (one answer)."""
    if not looks_valid(text):
        return None
    return (
        VerificationCode.objects.filter(
            code_hash=code_hash(text), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("certificate", "certificate__holder")
        .first()
    )


def stored_credential(public_id: str) -> dict[str, Any] | None:
    """The current signed credential of a certificate (by its public id), or None (imported records)."""
    from skillcert.credentials.selectors import current_credential

    stored = current_credential(public_id)
    return stored.document if stored is not None else None


def stored_credential_at(address: str) -> dict[str, Any] | None:
    """The current signed credential whose ``id`` ends in ``address``, to compare a presented copy with.

    That is the address key; until ``skillcert readdress`` has run, a credential's ``id`` still
    ends in its certificate's public id. Only for comparison: nothing here is shown or served.
    """
    from skillcert.credentials.selectors import credential_at, current_credential

    stored = credential_at(address)
    if stored is None:
        stored = current_credential(address)
        stored = stored if stored is not None and not stored.address else None
    return stored.document if stored is not None else None


def live_report(public_id: str) -> Report | None:
    """The certificate's credential verified against the live registry, read fresh (no cache)."""
    from skillcert.verification.sources import LiveSource
    from skillcert.verification.verifier import verify

    credential = stored_credential(public_id)
    return verify(credential, LiveSource()) if credential is not None else None
