"""Where the verifier gets what a credential alone does not carry: the issuer's DID document,
the status list credentials, a signed checkpoint and inclusion proofs.

Two sources, one interface: :class:`LiveSource` reads this registry's database
(fresh on every call: a revocation shows in the same request that made it) and
:class:`BundleSource` reads an offline bundle file (:func:`build_bundle` writes
one). Neither raises on bad content: a missing or malformed part is ``None``
and the verifier reports the check it needed as unknown.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings

BUNDLE_TYPE = "SkillcertVerificationBundle"
BUNDLE_VERSION = 1


class ContextSource(Protocol):
    """What the verifier asks for; each method answers ``None`` when it cannot.

    ``trusted``: the status lists come from this registry's own database (canonicalised in
    process); from anywhere else they are foreign input, pre-checked and canonicalised in the
    bounded worker. ``signed_copy``: this registry's stored copy of a credential that claims to
    be one of its own, or None.
    """

    kind: str
    trusted: bool

    def signed_copy(self, credential: dict[str, Any]) -> dict[str, Any] | None: ...

    def did_document(self, did: str) -> dict[str, Any] | None: ...

    def status_list(self, url: str) -> dict[str, Any] | None: ...

    def log_material(self, subject_id: str) -> dict[str, Any] | None: ...


class NoSource:
    """A bare credential verified with nothing else: only well-formedness and dates can be checked."""

    kind = "none"
    trusted = False

    def signed_copy(self, credential: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def did_document(self, did: str) -> dict[str, Any] | None:
        return None

    def status_list(self, url: str) -> dict[str, Any] | None:
        return None

    def log_material(self, subject_id: str) -> dict[str, Any] | None:
        return None


def subject_id_of(credential: dict[str, Any]) -> str:
    """The last segment of the credential's id (``…/credentials/<address key>``; older ones: the public id)."""
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    if not isinstance(credential_id, str) or "/credentials/" not in credential_id:
        return ""
    return credential_id.rstrip("/").rpartition("/")[2][:64]


def log_subjects(subject_id: str) -> tuple[str, ...]:
    """Every name the log may give the credential's certificate (empty for none).

    Format 2 entries name it by the digest of the address key its ``id`` ends in; format 1
    entries (credentials from before addresses) by the public id its ``id`` ends in.
    """
    from skillcert.transparency.events import certificate_subject

    return (subject_id, certificate_subject(subject_id)) if subject_id else ()


class LiveSource:
    """This registry's own database, read fresh each time (``verification.cache`` keeps whole reports, keyed)."""

    kind = "live"
    trusted = True

    def signed_copy(self, credential: dict[str, Any]) -> dict[str, Any] | None:
        """The stored signed credential when ``credential`` names this registry as issuer and a known certificate."""
        from skillcert.credentials.did import issuer_did
        from skillcert.verification.selectors import stored_credential_at

        issuer = credential.get("issuer")
        issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
        subject_id = subject_id_of(credential)
        if issuer != issuer_did() or not subject_id:
            return None
        return stored_credential_at(subject_id)

    def did_document(self, did: str) -> dict[str, Any] | None:
        from skillcert.credentials.did import issuer_did
        from skillcert.credentials.selectors import current_did_document

        return current_did_document() if did == issuer_did() else None

    def status_list(self, url: str) -> dict[str, Any] | None:
        from skillcert.credentials.selectors import get_status_list, status_list_credential

        prefix = settings.PUBLIC_URL + "/credentials/status/"
        if not isinstance(url, str) or not url.startswith(prefix):
            return None
        purpose, _slash, list_id = url.removeprefix(prefix).partition("/")
        found = get_status_list(purpose, list_id) if purpose and list_id and "/" not in list_id else None
        return status_list_credential(found) if found is not None else None

    def log_material(self, subject_id: str) -> dict[str, Any] | None:
        """The log key, the latest signed checkpoint, a proof for each entry it covers, the rest as pending.

        A read never signs (the worker does, every minute): entries newer than the latest checkpoint
        are listed under ``pending`` by index, and the verifier says their inclusion is pending.
        """
        from skillcert.transparency import keys, selectors, services

        names = list(log_subjects(subject_id))
        leaves = list(selectors.leaves_about(subject_type="certificate", subject_ids=names)) if names else []
        if not leaves:
            return None
        checkpoint = services.latest_checkpoint()
        size = checkpoint.tree_size if checkpoint is not None else 0
        entries = []
        for leaf in leaves:
            if leaf.index >= size:
                continue
            proof = selectors.inclusion_proof(index=leaf.index, tree_size=size)
            entries.append(
                {
                    "index": leaf.index,
                    "data": selectors.leaf_data(leaf).decode("utf-8"),
                    "proof": [base64.b64encode(node).decode() for node in proof.proof],
                }
            )
        return {
            "verifierKey": keys.verifier().encode(),
            "checkpoint": checkpoint.note if checkpoint is not None else None,
            "treeSize": size,
            "entries": entries,
            "pending": [leaf.index for leaf in leaves if leaf.index >= size],
        }


class BundleSource:
    """An offline bundle: everything comes from the file, nothing from the network or a database."""

    kind = "bundle"
    trusted = False

    def __init__(self, bundle: dict[str, Any], *, did_document: dict[str, Any] | None = None) -> None:
        self.bundle = bundle if isinstance(bundle, dict) else {}
        self.pinned_did_document = did_document

    def signed_copy(self, credential: dict[str, Any]) -> dict[str, Any] | None:
        return None  # offline: no stored copies

    def did_document(self, did: str) -> dict[str, Any] | None:
        """The bundle's DID document, or the one the verifier pinned (fetched earlier from the issuer)."""
        document = self.pinned_did_document if self.pinned_did_document is not None else self.bundle.get("didDocument")
        return document if isinstance(document, dict) and document.get("id") == did else None

    def status_list(self, url: str) -> dict[str, Any] | None:
        lists = self.bundle.get("statusLists")
        for candidate in lists if isinstance(lists, list) else []:
            if isinstance(candidate, dict) and candidate.get("id") == url:
                return candidate
        return None

    def log_material(self, subject_id: str) -> dict[str, Any] | None:
        material = self.bundle.get("log")
        return material if isinstance(material, dict) else None


Fetch = Callable[[str], bytes | None]
FETCH_LIMIT = 1024 * 1024


def http_fetch(url: str) -> bytes | None:
    """GET ``url`` (http or https only, 10 s, at most 1 MiB); None on any failure."""
    from urllib.request import Request, urlopen

    if not url.startswith(("https://", "http://")):
        return None
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310  (scheme checked above)
    try:
        with urlopen(request, timeout=10) as response:  # noqa: S310  (scheme checked above)
            body = response.read(FETCH_LIMIT + 1)
    except (OSError, ValueError):
        return None
    return body if len(body) <= FETCH_LIMIT else None


class OnlineSource:
    """A running registry at ``base_url``: its DID document and current status lists, fetched now.

    Log proofs come from the bundle, if one was given (the registry publishes proofs by entry
    index, not by certificate). Only URLs under ``base_url`` are fetched.
    """

    kind = "online"
    trusted = False

    def __init__(self, base_url: str, bundle: dict[str, Any] | None = None, fetch: Fetch | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.bundle = BundleSource(bundle or {})
        self.fetch = fetch or http_fetch

    def _json(self, url: str) -> dict[str, Any] | None:
        if not url.startswith(self.base_url + "/"):
            return None
        body = self.fetch(url)
        try:
            document = json.loads(body) if body is not None else None
        except (ValueError, RecursionError):
            return None
        return document if isinstance(document, dict) else None

    def did_document(self, did: str) -> dict[str, Any] | None:
        from skillcert.credentials.did import did_for_url

        if did != did_for_url(self.base_url):
            return None
        path = urlsplit(self.base_url).path.rstrip("/")
        document = self._json(self.base_url + ("/did.json" if path else "/.well-known/did.json"))
        return document if document is not None and document.get("id") == did else None

    def signed_copy(self, credential: dict[str, Any]) -> dict[str, Any] | None:
        return None  # another registry's stored copies are not at hand

    def status_list(self, url: str) -> dict[str, Any] | None:
        return self._json(url) if isinstance(url, str) else None

    def log_material(self, subject_id: str) -> dict[str, Any] | None:
        return self.bundle.log_material(subject_id)


def is_bundle(document: Any) -> bool:
    return isinstance(document, dict) and document.get("type") == BUNDLE_TYPE


def build_bundle(credential: dict[str, Any]) -> dict[str, Any]:
    """One self-contained file a holder can keep: credential, DID document, status lists, log proofs."""
    from skillcert.credentials.selectors import current_did_document

    live = LiveSource()
    entries = credential.get("credentialStatus", [])
    entries = entries if isinstance(entries, list) else [entries]
    lists = [live.status_list(entry.get("statusListCredential", "")) for entry in entries if isinstance(entry, dict)]
    return {
        "type": BUNDLE_TYPE,
        "version": BUNDLE_VERSION,
        "exportedAt": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "credential": credential,
        "didDocument": current_did_document(),
        "statusLists": [status_list for status_list in lists if status_list is not None],
        "log": live.log_material(subject_id_of(credential)),
    }
