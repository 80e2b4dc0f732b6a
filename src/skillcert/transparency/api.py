"""Transparency log API under ``/api/v1/log``: checkpoints, entries, proofs and the verifier key. All public.

Hashes are base64 (as in checkpoints); proofs are lists of base64 hashes in the
order RFC 9162 defines. Numbers are plain ASCII digits given once (``core.params``): ``1_0``,
``+5``, `` 5`` or a repeated parameter answer 400; impossible sizes and indexes 422, sizes the
log does not have yet 404 — all in the one error shape, never 500.
"""

from __future__ import annotations

import base64

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from skillcert.core.params import StrictInt
from skillcert.transparency import keys, selectors
from skillcert.transparency.models import Checkpoint, LogLeaf

router = Router(tags=["transparency log"])
MAX_INDEX = 2**63 - 1  # what the database can store; larger numbers are refused as invalid input


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class CheckpointOut(Schema):
    origin: str
    tree_size: int
    root_hash: str = Field(description="base64 Merkle tree hash (RFC 9162)")
    note: str = Field(description="the checkpoint as a C2SP signed note")
    key_name: str
    verifier_key: str = Field(description="<name>+<key id>+<base64 key>, to verify the note")
    published_at: str


class CheckpointListOut(Schema):
    checkpoints: list[CheckpointOut]


class EntryOut(Schema):
    index: int
    v: int = Field(description="leaf format: 2 (JCS leaf data; certificates named by an address digest) or 1")
    kind: str
    subject_type: str
    subject_id: str
    payload: dict[str, str]
    appended_at: str
    data: str = Field(description="the leaf data exactly as hashed (UTF-8 JSON)")
    leaf_hash: str = Field(description="base64 SHA-256(0x00 ‖ data)")


class EntriesOut(Schema):
    start: int
    end: int
    entries: list[EntryOut]


class InclusionOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str
    root_hash: str
    proof: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


class KeyOut(Schema):
    origin: str
    key_name: str
    key_id: str = Field(description="hex, first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)")
    algorithm: str
    public_key: str = Field(description="base64 Ed25519 public key (32 bytes)")
    verifier_key: str


class CheckpointParams(Schema):
    format: str = Field("text", pattern="^(text|json)$", description="text (the signed note) or json")


class CheckpointListParams(Schema):
    after: StrictInt = Field(-1, ge=-1, le=MAX_INDEX, description="only checkpoints with a larger tree size")
    limit: StrictInt = Field(100, ge=1, le=selectors.MAX_CHECKPOINTS)


class EntriesParams(Schema):
    start: StrictInt = Field(..., ge=0, le=MAX_INDEX)
    end: StrictInt = Field(..., ge=1, le=MAX_INDEX, description=f"exclusive; at most {selectors.MAX_ENTRIES} per call")


class InclusionParams(Schema):
    index: StrictInt = Field(..., ge=0, le=MAX_INDEX)
    tree_size: StrictInt = Field(..., ge=1, le=MAX_INDEX)


class ConsistencyParams(Schema):
    first: StrictInt = Field(..., ge=0, le=MAX_INDEX)
    second: StrictInt = Field(..., ge=0, le=MAX_INDEX)


def checkpoint_out(checkpoint: Checkpoint) -> CheckpointOut:
    return CheckpointOut(
        origin=checkpoint.origin,
        tree_size=checkpoint.tree_size,
        root_hash=b64(bytes.fromhex(checkpoint.root_hash)),
        note=checkpoint.note,
        key_name=checkpoint.key_name,
        verifier_key=keys.verifier().encode(),
        published_at=checkpoint.published_at.isoformat(),
    )


def entry_out(leaf: LogLeaf) -> EntryOut:
    data = selectors.leaf_data(leaf)
    return EntryOut(
        index=leaf.index,
        v=leaf.leaf_format,
        kind=leaf.kind,
        subject_type=leaf.subject_type,
        subject_id=leaf.subject_id,
        payload=leaf.payload,
        appended_at=leaf.appended_at.isoformat(),
        data=data.decode(),
        leaf_hash=b64(bytes.fromhex(leaf.leaf_hash)),
    )


NOTE_RESPONSE = {
    "responses": {200: {"content": {"text/plain": {"schema": {"type": "string", "description": "C2SP signed note"}}}}}
}


@router.get("/checkpoint", response=CheckpointOut, url_name="log_checkpoint", openapi_extra=NOTE_RESPONSE)
def latest_checkpoint(request: HttpRequest, params: Query[CheckpointParams]) -> HttpResponse | CheckpointOut:
    """The latest signed checkpoint: the signed note as text/plain, or JSON with ``format=json``
    (or ``Accept: application/json``)."""
    checkpoint = selectors.latest_checkpoint()
    wants_json = params.format == "json" or "application/json" in request.headers.get("Accept", "")
    if wants_json:
        return checkpoint_out(checkpoint)
    return HttpResponse(checkpoint.note, content_type="text/plain; charset=utf-8")


@router.get("/checkpoints", response=CheckpointListOut, url_name="log_checkpoints")
def list_checkpoints(request: HttpRequest, params: Query[CheckpointListParams]) -> CheckpointListOut:
    """Every stored checkpoint, smallest tree first, for auditors checking consistency with the latest."""
    rows = selectors.checkpoints(after=params.after, limit=params.limit)
    return CheckpointListOut(checkpoints=[checkpoint_out(row) for row in rows])


@router.get("/entries", response=EntriesOut, url_name="log_entries")
def entries(request: HttpRequest, params: Query[EntriesParams]) -> EntriesOut:
    """Entries ``[start, end)``; fewer when the range passes the end of the log or the per-call cap."""
    rows = selectors.entries(start=params.start, end=params.end)
    return EntriesOut(start=params.start, end=params.start + len(rows), entries=[entry_out(row) for row in rows])


@router.get("/proof/inclusion", response=InclusionOut, url_name="log_inclusion_proof")
def inclusion_proof(request: HttpRequest, params: Query[InclusionParams]) -> InclusionOut:
    """The audit path of entry ``index`` in the tree of ``tree_size`` entries (RFC 9162 §2.1.3)."""
    found = selectors.inclusion_proof(index=params.index, tree_size=params.tree_size)
    return InclusionOut(
        index=found.index,
        tree_size=found.tree_size,
        leaf_hash=b64(found.leaf_hash),
        root_hash=b64(found.root_hash),
        proof=[b64(h) for h in found.proof],
    )


@router.get("/proof/consistency", response=ConsistencyOut, url_name="log_consistency_proof")
def consistency_proof(request: HttpRequest, params: Query[ConsistencyParams]) -> ConsistencyOut:
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second`` (RFC 9162 §2.1.4)."""
    found = selectors.consistency_proof(first=params.first, second=params.second)
    return ConsistencyOut(
        first=found.first,
        second=found.second,
        first_root=b64(found.first_root),
        second_root=b64(found.second_root),
        proof=[b64(h) for h in found.proof],
    )


@router.get("/key", response=KeyOut, url_name="log_key")
def verifier_key(request: HttpRequest) -> KeyOut:
    """The log's note verifier key (Ed25519). Auditors pin it once and check every checkpoint with it."""
    key = keys.verifier()
    return KeyOut(
        origin=keys.origin(),
        key_name=key.name,
        key_id=key.key_id.hex(),
        algorithm="Ed25519",
        public_key=b64(key.public_key),
        verifier_key=key.encode(),
    )
