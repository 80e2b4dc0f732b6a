"""Reads of keys, the DID document, status lists and issued credentials that other apps and the views use."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.core.errors import NotAllowed
from skillcert.core.jcs import jcs, jcs_sha256
from skillcert.credentials import did
from skillcert.credentials.choices import StatusPurpose
from skillcert.credentials.compose import compose_status_list_credential
from skillcert.credentials.models import IssuedCredential, SigningKey, StatusAllocation, StatusList
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
    urls: dict[tuple[str, str], str] = {}
    ids = list(entries)
    for start in range(0, len(ids), chunk):
        rows = StatusAllocation.objects.filter(subject_id__in=ids[start : start + chunk]).select_related("status_list")
        for row in rows.order_by("purpose"):
            list_key = (row.purpose, row.status_list.list_id)
            if list_key not in urls:  # a few lists serve thousands of certificates
                urls[list_key] = status_list_url(*list_key)
            entries[row.subject_id].append((row.purpose, urls[list_key], row.index))
    return entries


def status_of(subject_id: str) -> dict[str, bool]:
    """The current bit per purpose for a certificate, read from the lists (for consistency checks)."""
    rows = StatusAllocation.objects.filter(subject_id=subject_id).select_related("status_list")
    return {row.purpose: get_bit(bytes(row.status_list.bits), row.index) for row in rows}


# How long a copy of a status list may stand in for the live list (its published ``ttl``): one day, so that
# a holder's offline bundle is accepted for a day after export and "unknown — status as of …" after that.
STATUS_LIST_TTL = dt.timedelta(days=1)
# Lists are re-signed with a new ``validFrom`` at least this often, even when no bit changed: the date is
# the signed "as of" of every copy, so a copy fetched now is good for at least TTL - REISSUE.
STATUS_LIST_REISSUE = dt.timedelta(hours=1)
STATUS_LIST_CACHE_SECONDS = 300  # HTTP Cache-Control: online verifiers see a revocation within five minutes


def status_list_issued_at(status_list: StatusList, key: SigningKey, now: dt.datetime | None = None) -> dt.datetime:
    """The signed date of a list's current credential: its last change, the key's start or the current hour.

    The latest of the three, so the date is never before the bits it vouches for, always inside the
    key's window, and moves forward every :data:`STATUS_LIST_REISSUE` (what a verifier reads as
    "status as of").
    """
    now = now or timezone.now()
    period = int(STATUS_LIST_REISSUE.total_seconds())
    hour = dt.datetime.fromtimestamp(int(now.timestamp()) // period * period, tz=dt.UTC)
    return max(status_list.changed_at, key.valid_from, hour)


def status_list_credential(status_list: StatusList, now: dt.datetime | None = None) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` of a list's current version, as of now.

    Signing is deterministic (Ed25519, ``validFrom`` = proof ``created`` =
    :func:`status_list_issued_at`), so every server process publishes the same bytes for the same
    version in the same hour; each process caches them.
    """
    key = require_active_signing_key()
    issued = status_list_issued_at(status_list, key, now)
    cache_key = f"credentials:status:{status_list.list_id}:{status_list.version}:{key.key_id}:{issued.timestamp()}"
    cached = cache.get(cache_key)
    if cached is not None:
        return dict(cached)
    document = compose_status_list_credential(
        url=status_list_url(status_list.purpose, status_list.list_id),
        purpose=status_list.purpose,
        encoded_list=encode(bytes(status_list.bits)),
        valid_from=issued,
        ttl_ms=int(STATUS_LIST_TTL.total_seconds() * 1000),
    )
    signed = sign_credential(document, key=key, created=issued)
    cache.set(cache_key, signed, timeout=int(2 * STATUS_LIST_REISSUE.total_seconds()))
    return signed


# ---------------------------------------------------------------------------
# Issued credentials
# ---------------------------------------------------------------------------
def credential_url(address: str) -> str:
    """A credential's ``id``: the one address it is served at, ``<PUBLIC_URL>/credentials/<address key>``."""
    if address.isascii() and address.isalnum():  # what address keys are: nothing to quote, so no reverse() per call
        return (
            _credential_url_base(settings.PUBLIC_URL, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
            + address
        )
    return settings.PUBLIC_URL + reverse("credentials:issued_credential", kwargs={"address": address})


@functools.lru_cache(maxsize=16)
def _credential_url_base(public_url: str, script_prefix: str, urlconf: Any) -> str:
    """The part of every credential URL before its address (a batch asks for thousands of them)."""
    sample = reverse("credentials:issued_credential", kwargs={"address": "A"}, urlconf=urlconf)
    return public_url + sample.removesuffix("A")


def credential_bytes(document: dict[str, Any]) -> bytes:
    """The bytes a credential is served as: its JCS form (RFC 8785), so ``sha256sum`` of the file is its digest."""
    return jcs(document)


def credential_sha256(document: dict[str, Any]) -> str:
    """The ``credential_sha256`` the log records: hex SHA-256 of :func:`credential_bytes`."""
    return jcs_sha256(document)


def current_credential(subject_id: str) -> IssuedCredential | None:
    """A certificate's credential as it stands (not a superseded one), by the certificate's public id."""
    return IssuedCredential.objects.filter(subject_id=subject_id, superseded_at__isnull=True).first()


def credential_at(address: str) -> IssuedCredential | None:
    """The credential served at ``/credentials/<address>``, or ``None`` (superseded rows are never served)."""
    if not address:
        return None
    return IssuedCredential.objects.filter(address=address, superseded_at__isnull=True).first()


def current_credentials(subject_ids: Sequence[str]) -> dict[str, IssuedCredential]:
    """:func:`current_credential` of many certificates, in one query."""
    rows = IssuedCredential.objects.filter(subject_id__in=list(subject_ids), superseded_at__isnull=True)
    return {row.subject_id: row for row in rows}
