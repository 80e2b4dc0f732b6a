"""The issuer's ``did:web`` identifier and DID document, and offline key resolvers.

The DID is derived from ``SKILLCERT_PUBLIC_URL``: ``https://zs.example.cn`` is
``did:web:zs.example.cn``, a port is percent-encoded (``did:web:127.0.0.1%3A8000``)
and a path becomes colon-separated segments. The document lists every key the
issuer ever used as a Multikey, each with its validity window in the
``keyValidity`` extension property (see ``docs/trust.md``). Retired keys stay in
``assertionMethod``: retiring a key ends its use for new credentials, it does not
withdraw the credentials it signed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

from skillcert.credentials.loader import MULTIKEY_V1
from skillcert.credentials.models import SigningKey
from skillcert.credentials.multikey import MultibaseError, decode_public_key

DID_V1 = "https://www.w3.org/ns/did/v1"
KEY_VALIDITY_TERM = "keyValidity"
KEY_VALIDITY_IRI = "urn:skillcert:vocab:keyValidity"

KeyResolver = Callable[[str], str | None]


def did_for_url(public_url: str) -> str:
    """The did:web identifier of a public base URL (scheme dropped, port percent-encoded)."""
    parts = urlsplit(public_url)
    if not parts.hostname:
        raise ValueError(f"not an absolute URL: {public_url!r}")
    host = quote(parts.netloc.rsplit("@", 1)[-1], safe="")
    segments = [quote(unquote(segment), safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def issuer_did() -> str:
    """The DID of this installation's issuer."""
    return did_for_url(settings.PUBLIC_URL)


def verification_method_id(key_id: str) -> str:
    """``<did>#<key id>``, the ``verificationMethod`` of proofs made with the key."""
    return f"{issuer_did()}#{key_id}"


def xsd_datetime(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC with seconds precision, e.g. ``2026-01-02T03:04:05Z``."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def verification_method(key: SigningKey, did: str) -> dict[str, Any]:
    """One key as a Multikey verification method with its validity window."""
    validity = {"validFrom": xsd_datetime(key.valid_from)}
    if key.retired_at is not None:
        validity["validUntil"] = xsd_datetime(key.retired_at)
    return {
        "id": f"{did}#{key.key_id}",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": key.public_key_multibase,
        KEY_VALIDITY_TERM: validity,
    }


def did_document(keys: Iterable[SigningKey]) -> dict[str, Any]:
    """The DID document listing ``keys`` (every key ever used, oldest first)."""
    did = issuer_did()
    methods = [verification_method(key, did) for key in keys]
    return {
        "@context": [DID_V1, MULTIKEY_V1, {KEY_VALIDITY_TERM: {"@id": KEY_VALIDITY_IRI, "@type": "@json"}}],
        "id": did,
        "alsoKnownAs": [settings.PUBLIC_URL],
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _list_field(document: Any, name: str) -> list[Any]:
    """A DID document's list-valued field, or an empty list: a hostile document may put anything there."""
    value = document.get(name) if isinstance(document, dict) else None
    return value if isinstance(value, list) else []


def resolver_for(document: dict[str, Any]) -> KeyResolver:
    """An offline resolver over one DID document: a key must be listed and be an assertion method."""
    methods = _list_field(document, "verificationMethod")
    allowed = {entry for entry in _list_field(document, "assertionMethod") if isinstance(entry, str)}
    keys = {
        method["id"]: method.get("publicKeyMultibase")
        for method in methods
        if isinstance(method, dict) and isinstance(method.get("id"), str) and method.get("type") == "Multikey"
    }

    def resolve(method_id: str) -> str | None:
        value = keys.get(method_id) if method_id in allowed else None
        return value if isinstance(value, str) else None

    return resolve


def resolve_did_key(method_id: str) -> str | None:
    """Resolve a ``did:key:z6Mk…#z6Mk…`` Ed25519 verification method from the identifier itself."""
    if not isinstance(method_id, str) or not method_id.startswith("did:key:"):
        return None
    did, _hash, fragment = method_id.partition("#")
    public = did.removeprefix("did:key:")
    if fragment and fragment != public:
        return None
    try:
        decode_public_key(public)
    except MultibaseError:
        return None
    return public
