"""What a log leaf may hold, and the exact bytes that are hashed into the tree.

A leaf is one event about one subject, named by its public id, with a payload of
hashes and public ids only: no names, no ID numbers, no free text. The payload
keys are an allow-list (:data:`PAYLOAD_FIELDS`), each value must match its
pattern, and any value that looks like a Chinese ID number is refused even where
the pattern would let it through. The auditor checks every leaf with the same
rules, so a row edited to smuggle personal data in is reported too.

The leaf data (RFC 9162's "entry") is the JSON object
``{"appended_at", "index", "kind", "payload", "subject_id", "subject_type", "v"}``
with sorted keys, no spaces, UTF-8; ``appended_at`` is UTC to the microsecond
(``2026-07-01T08:00:00.000000Z``). Binding the index and time into the leaf
means a leaf cannot be moved or re-dated without changing its hash.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput
from skillcert.transparency.choices import SUBJECT_OF_KIND, EventKind
from skillcert.transparency.commitments import Commitment

LEAF_VERSION = 1
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
    "credential_sha256": PayloadField(HEX64, "SHA-256 (hex) of the signed credential JSON as stored and served"),
    "facts_sha256": PayloadField(HEX64, "salted commitment to the subject's public facts after the event"),
    "certificate_number_sha256": PayloadField(HEX64, "SHA-256 (hex) of the certificate number; no longer written"),
    "record_sha256": PayloadField(HEX64, "SHA-256 (hex) of the institution record snapshot after the change"),
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
    EventKind.KEY_ROTATED: ("public_key_multibase",),
}


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


def event_problems(event: LogEvent) -> dict[str, list[str]]:
    """Every reason the event may not enter the log, by field (empty when it may)."""
    problems: dict[str, list[str]] = {}
    if event.kind not in EventKind.values:
        problems["kind"] = [_("Unknown event kind %(kind)s.") % {"kind": event.kind}]
    elif SUBJECT_OF_KIND[event.kind] != event.subject_type:
        problems["subject_type"] = [
            _("Events of kind %(kind)s are about a %(type)s.")
            % {"kind": event.kind, "type": SUBJECT_OF_KIND[event.kind]}
        ]
    if not isinstance(event.subject_id, str) or not PUBLIC_ID.fullmatch(event.subject_id):
        problems["subject_id"] = [_("The subject must be named by its public id.")]
    elif looks_like_id_number(event.subject_id):
        problems["subject_id"] = [_("The log never holds ID numbers.")]
    payload_problems = _payload_problems(event.kind, event.payload)
    if payload_problems:
        problems["payload"] = payload_problems
    elif event.commitment is not None and event.payload.get("facts_sha256") != event.commitment.digest:
        problems["payload"] = [_("The facts commitment does not match the payload's facts_sha256.")]
    return problems


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


def leaf_document(*, index: int, event: LogEvent, appended_at: dt.datetime) -> dict[str, Any]:
    return {
        "v": LEAF_VERSION,
        "index": index,
        "kind": event.kind,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "payload": dict(event.payload),
        "appended_at": format_time(appended_at),
    }


def encode_leaf(document: dict[str, Any]) -> bytes:
    """The leaf data: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def leaf_document_problem(data: bytes, index: int) -> str | None:
    """Why served or stored leaf data is not a valid leaf at ``index`` (``None`` when it is)."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return "the leaf data is not JSON"
    expected = {"v", "index", "kind", "subject_type", "subject_id", "payload", "appended_at"}
    if not isinstance(document, dict) or set(document) != expected or document["v"] != LEAF_VERSION:
        return "the leaf data does not have the leaf fields"
    if document["index"] != index:
        return f"the leaf data says it is entry {document['index']}"
    if encode_leaf(document) != data:
        return "the leaf data is not in canonical form"
    event = LogEvent(document["kind"], document["subject_type"], document["subject_id"], document["payload"])
    problems = event_problems(event)
    if problems:
        return "the leaf breaks the log's rules: " + "; ".join(
            f"{name}: {', '.join(str(m) for m in messages)}" for name, messages in problems.items()
        )
    return None
