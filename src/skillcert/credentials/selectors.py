"""Reads of keys, the DID document and status lists that other apps and the views use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.core.errors import NotAllowed
from skillcert.credentials import did
from skillcert.credentials.choices import StatusPurpose
from skillcert.credentials.compose import compose_status_list_credential
from skillcert.credentials.models import SigningKey, StatusAllocation, StatusList
from skillcert.credentials.signing import sign_credential
from skillcert.credentials.statuslist import encode, get_bit


def signing_keys() -> QuerySet[SigningKey]:
    """Every key the issuer ever used, oldest first."""
    return SigningKey.objects.order_by("valid_from", "id")


def active_signing_key() -> SigningKey | None:
    """The key new credentials are signed with, or ``None`` when there is none."""
    return SigningKey.objects.filter(retired_at__isnull=True).order_by("-valid_from", "-id").first()


def require_active_signing_key() -> SigningKey:
    """The active key; refuses with a clear message when there is none."""
    key = active_signing_key()
    if key is None:
        raise NotAllowed(_("There is no active signing key. Run “skillcert keys ensure” first."), code="no_signing_key")
    return key


def current_did_document() -> dict[str, Any]:
    """The issuer's DID document with the full key history."""
    return did.did_document(signing_keys())


def resolve_own_key(verification_method: str) -> str | None:
    """Resolve a verification method of this issuer to its public key (any key it ever used)."""
    prefix = did.issuer_did() + "#"
    if not isinstance(verification_method, str) or not verification_method.startswith(prefix):
        return None
    key = SigningKey.objects.filter(key_id=verification_method.removeprefix(prefix)).first()
    return key.public_key_multibase if key else None


def status_list_url(purpose: str, list_id: str) -> str:
    """The public URL of a status list credential (also its ``id``)."""
    return settings.PUBLIC_URL + reverse("credentials:status_list", kwargs={"purpose": purpose, "list_id": list_id})


def get_status_list(purpose: str, list_id: str) -> StatusList | None:
    """A status list by purpose and public id."""
    if purpose not in StatusPurpose.values:
        return None
    return StatusList.objects.filter(purpose=purpose, list_id=list_id).first()


def status_entries_for(subject_id: str) -> list[tuple[str, str, int]]:
    """The ``(purpose, list_url, index)`` entries already allocated to a certificate."""
    return status_entries_for_many([subject_id])[subject_id]


def status_entries_for_many(subject_ids: Sequence[str], chunk: int = 500) -> dict[str, list[tuple[str, str, int]]]:
    """``status_entries_for`` of many certificates, a few queries for any number."""
    entries: dict[str, list[tuple[str, str, int]]] = {subject: [] for subject in subject_ids}
    ids = list(entries)
    for start in range(0, len(ids), chunk):
        rows = StatusAllocation.objects.filter(subject_id__in=ids[start : start + chunk]).select_related("status_list")
        for row in rows.order_by("purpose"):
            entries[row.subject_id].append(
                (row.purpose, status_list_url(row.purpose, row.status_list.list_id), row.index)
            )
    return entries


def status_of(subject_id: str) -> dict[str, bool]:
    """The current bit per purpose for a certificate, read from the lists (for consistency checks)."""
    rows = StatusAllocation.objects.filter(subject_id=subject_id).select_related("status_list")
    return {row.purpose: get_bit(bytes(row.status_list.bits), row.index) for row in rows}


STATUS_LIST_TTL_SECONDS = 300


def status_list_credential(status_list: StatusList) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` of a list's current version.

    Signing is deterministic (Ed25519, ``created`` = the list's last change or the
    key's start, whichever is later), so every server process publishes the same
    bytes for the same version; each process caches them.
    """
    key = require_active_signing_key()
    cache_key = f"credentials:status:{status_list.list_id}:{status_list.version}:{key.key_id}"
    cached = cache.get(cache_key)
    if cached is not None:
        return dict(cached)
    created = max(status_list.changed_at, key.valid_from)
    document = compose_status_list_credential(
        url=status_list_url(status_list.purpose, status_list.list_id),
        purpose=status_list.purpose,
        encoded_list=encode(bytes(status_list.bits)),
        valid_from=created,
        ttl_ms=STATUS_LIST_TTL_SECONDS * 1000,
    )
    signed = sign_credential(document, key=key, created=created)
    cache.set(cache_key, signed, timeout=24 * 3600)
    return signed
