"""What a log leaf may hold, and the exact bytes that are hashed into the tree.

A leaf is one event about one subject with a payload of hashes and public ids
only: no names, no ID numbers, no free text, and nothing that opens a page or a
document. The payload keys are an allow-list (:data:`PAYLOAD_FIELDS`), each value
must match its pattern, and any value that looks like a Chinese ID number is
refused even where the pattern would let it through. The auditor checks every
leaf with the same rules, so a row edited to smuggle personal data in is reported too.

The leaf data (RFC 9162's "entry") is the JSON object
``{"appended_at", "index", "kind", "payload", "subject_id", "subject_type", "v"}``;
``appended_at`` is UTC to the microsecond (``2026-07-01T08:00:00.000000Z``).
Binding the index and time into the leaf means a leaf cannot be moved or
re-dated without changing its hash. ``v`` is the leaf format:

* **1** (the first entries, never rewritten): sorted keys, no spaces, UTF-8
  (Python's ``json.dumps``); certificates named by their public id.
* **2** (every entry appended now): the RFC 8785 (JCS) bytes of the object;
  a certificate is named by :func:`certificate_subject`, a digest of its address
  key that only the holder and the paper's bearer can compute, so the log lists no
  value that opens a certificate's QR page or credential. Institutions and signing
  keys (organisations and keys, not people) keep their public ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput
from skillcert.core.jcs import jcs
from skillcert.transparency.choices import SUBJECT_OF_KIND, EventKind, SubjectType
from skillcert.transparency.commitments import Commitment

LEAF_VERSION = 2
"""The format of the leaves appended now; format 1 leaves stay readable and auditable exactly as they are."""
LEAF_VERSIONS = (1, 2)
CERTIFICATE_SUBJECT_LABEL = "skillcert:certificate:"
"""Prefix of the text whose SHA-256 names a certificate in a format 2 leaf (see :func:`certificate_subject`)."""
MAX_PAYLOAD_FIELDS = 8
HEX64 = re.compile(r"[0-9a-f]{64}")
PUBLIC_ID = re.compile(r"[0-9a-z][0-9a-z._:-]{0,63}")
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
MULTIBASE_KEY = re.compile(r"z[1-9A-HJ-NP-Za-km-z]{40,60}")
# An 18-character GB 11643 number (region, birth date, sequence, check) or a 15-digit first-generation one.
ID_NUMBER_LIKE = re.compile(
    r"\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"|\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
)


@dataclass(frozen=True)
class PayloadField:
    pattern: re.Pattern[str]
    meaning: str


PAYLOAD_FIELDS: dict[str, PayloadField] = {
    "credential_sha256": PayloadField(
        HEX64, "SHA-256 (hex) of the signed credential: of its JCS bytes, as served (format 1: of sorted-key JSON)"
    ),
    "facts_sha256": PayloadField(HEX64, "salted commitment to the subject's public facts after the event"),
    "certificate_number_sha256": PayloadField(HEX64, "SHA-256 (hex) of the certificate number; no longer written"),
    "record_sha256": PayloadField(
        HEX64, "SHA-256 (hex) of the institution record snapshot after the change (JCS; format 1: sorted-key JSON)"
    ),
    "issuer_id": PayloadField(PUBLIC_ID, "public id of the issuing institution or department"),
    "related_id": PayloadField(PUBLIC_ID, "public id of a related subject (the certificate a reissue replaces)"),
    "previous_key_id": PayloadField(PUBLIC_ID, "the signing key a rotation retired"),
    "public_key_multibase": PayloadField(MULTIBASE_KEY, "the new signing key (Multikey, base58btc)"),
    "reason_code": PayloadField(CODE, "a reason from a fixed list (never free text)"),
    "status": PayloadField(CODE, "the subject's status after the event"),
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.CERTIFICATE_ISSUED: ("credential_sha256", "facts_sha256"),
    EventKind.CERTIFICATE_REVOKED: ("status", "facts_sha256"),
    EventKind.CERTIFICATE_SUSPENDED: ("status", "facts_sha256"),
    EventKind.CERTIFICATE_REINSTATED: ("status", "facts_sha256"),
    EventKind.CREDENTIAL_REPLACED: ("credential_sha256", "facts_sha256"),
    EventKind.KEY_ROTATED: ("public_key_multibase",),
}
KINDS_SINCE: dict[str, int] = {EventKind.CREDENTIAL_REPLACED: 2}
"""Event kinds a leaf format before this one does not have."""


def certificate_subject(address_key: str) -> str:
    """How a format 2 leaf names a certificate: hex SHA-256 of ``skillcert:certificate:<address key>`` (UTF-8).

    The address key is the last segment of the credential's ``id`` (and of the QR code's
    address), so the holder or the paper's bearer can find the certificate's entries; the
    digest cannot be turned back into the key, so the log opens nothing.
    """
    return hashlib.sha256(f"{CERTIFICATE_SUBJECT_LABEL}{address_key}".encode()).hexdigest()


def credential_digest(credential: Any, version: int | None = None) -> str:
    """The ``credential_sha256`` a leaf of format ``version`` records for ``credential`` (a parsed JSON object).

    Format 2: SHA-256 of the credential's JCS bytes — exactly the bytes the registry serves, so
    ``sha256sum`` of a download reproduces it. Format 1 (older entries, kept as they are): SHA-256 of
    Python's ``json.dumps(credential, ensure_ascii=False, sort_keys=True)``.

    Raises:
        TypeError, ValueError: the value has no canonical form (e.g. it holds a float).
    """
    if (LEAF_VERSION if version is None else version) == 1:
        return hashlib.sha256(json.dumps(credential, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return hashlib.sha256(jcs(credential)).hexdigest()


@dataclass(frozen=True)
class LogEvent:
    """One event to append: what happened to which subject, with hashes and public ids only.

    ``commitment`` is the private half of ``payload["facts_sha256"]`` (salt and fact digests):
    stored beside the leaf, never part of the leaf data.
    """

    kind: str
    subject_type: str
    subject_id: str
    payload: dict[str, str] = field(default_factory=dict)
    commitment: Commitment | None = None


def looks_like_id_number(value: str) -> bool:
    return bool(ID_NUMBER_LIKE.search(value))


def event_problems(event: LogEvent, version: int | None = None) -> dict[str, list[str]]:
    """Every reason the event may not enter a leaf of format ``version`` (default: today's), by field."""
    version = LEAF_VERSION if version is None else version
    problems: dict[str, list[str]] = {}
    if event.kind not in EventKind.values or KINDS_SINCE.get(event.kind, 1) > version:
        problems["kind"] = [_("Unknown event kind %(kind)s.") % {"kind": event.kind}]
    elif SUBJECT_OF_KIND[event.kind] != event.subject_type:
        problems["subject_type"] = [
            _("Events of kind %(kind)s are about a %(type)s.")
            % {"kind": event.kind, "type": SUBJECT_OF_KIND[event.kind]}
        ]
    subject_problem = _subject_problem(event, version)
    if subject_problem:
        problems["subject_id"] = [subject_problem]
    payload_problems = _payload_problems(event.kind, event.payload)
    if payload_problems:
        problems["payload"] = payload_problems
    elif event.commitment is not None and event.payload.get("facts_sha256") != event.commitment.digest:
        problems["payload"] = [_("The facts commitment does not match the payload's facts_sha256.")]
    return problems


def _subject_problem(event: LogEvent, version: int) -> str | None:
    """Format 2 names a certificate by the digest of its address key, anything else by its public id."""
    digest_named = version >= 2 and event.subject_type == SubjectType.CERTIFICATE
    pattern = HEX64 if digest_named else PUBLIC_ID
    if not isinstance(event.subject_id, str) or not pattern.fullmatch(event.subject_id):
        if digest_named:
            return str(_("A certificate is named by the digest of its address key."))
        return str(_("The subject must be named by its public id."))
    if not digest_named and looks_like_id_number(event.subject_id):
        return str(_("The log never holds ID numbers."))
    return None


def _payload_problems(kind: str, payload: Any) -> list[str]:
    if not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_FIELDS:
        return [_("The payload is a small object of hashes and public ids.")]
    problems = [
        _("The payload field %(key)s is required for %(kind)s.") % {"key": key, "kind": kind}
        for key in REQUIRED_FIELDS.get(kind, ())
        if key not in payload
    ]
    for key, value in payload.items():
        spec = PAYLOAD_FIELDS.get(key)
        if spec is None:
            problems.append(_("The payload field %(key)s is not allowed in the log.") % {"key": key})
        elif not isinstance(value, str) or not spec.pattern.fullmatch(value):
            problems.append(_("The payload field %(key)s has the wrong form.") % {"key": key})
        elif spec.pattern is not HEX64 and looks_like_id_number(value):
            problems.append(_("The log never holds ID numbers."))
    return problems


def validate_event(event: LogEvent) -> LogEvent:
    """Return the event when it may enter the log.

    Raises:
        InvalidInput: with the reasons by field; nothing is appended.
    """
    problems = event_problems(event)
    if problems:
        raise InvalidInput(_("This event cannot enter the transparency log."), fields=problems)
    return event


def format_time(moment: dt.datetime) -> str:
    """UTC to the microsecond, ``Z`` suffix: the form bound into the leaf."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_document(
    *, index: int, event: LogEvent, appended_at: dt.datetime, version: int | None = None
) -> dict[str, Any]:
    return {
        "v": LEAF_VERSION if version is None else version,
        "index": index,
        "kind": event.kind,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "payload": dict(event.payload),
        "appended_at": format_time(appended_at),
    }


def encode_leaf(document: dict[str, Any]) -> bytes:
    """The leaf data: format 2 in JCS (RFC 8785); format 1 as it always was, sorted keys, no spaces, UTF-8."""
    if document.get("v") == 1:
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return jcs(document)


def _is_version(value: Any) -> bool:
    return type(value) is int and value in LEAF_VERSIONS


def leaf_document_problem(data: bytes, index: int) -> str | None:
    """Why served or stored leaf data is not a valid leaf at ``index`` (``None`` when it is)."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return "the leaf data is not JSON"
    expected = {"v", "index", "kind", "subject_type", "subject_id", "payload", "appended_at"}
    if not isinstance(document, dict) or set(document) != expected or not _is_version(document["v"]):
        return "the leaf data does not have the leaf fields"
    if document["index"] != index:
        return f"the leaf data says it is entry {document['index']}"
    try:
        canonical = encode_leaf(document)
    except (TypeError, ValueError):
        canonical = b""
    if canonical != data:
        return "the leaf data is not in canonical form"
    event = LogEvent(document["kind"], document["subject_type"], document["subject_id"], document["payload"])
    problems = event_problems(event, document["v"])
    if problems:
        return "the leaf breaks the log's rules: " + "; ".join(
            f"{name}: {', '.join(str(m) for m in messages)}" for name, messages in problems.items()
        )
    return None
