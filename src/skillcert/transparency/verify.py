"""Checks a verifier runs on a log proof it was handed: never raises, always a result with a reason.

Used by the certificate verifier ("log inclusion") on the page, in the
API and offline. Input comes from outside — a proof file, a QR payload, another
server — so every problem is a failed check (``ok=False``) or, when something
needed is missing, an unknown one (``ok=None``) with a code and a message.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from skillcert.transparency import merkle
from skillcert.transparency.notes import CheckpointBody, NoteError, VerifierKey, open_checkpoint, parse_verifier_key


@dataclass(frozen=True)
class LogCheck:
    """One verification result: ``ok`` is True, False (failed) or None (unknown)."""

    ok: bool | None
    code: str
    message: str


def _hashes(values: Sequence[bytes | str]) -> list[bytes] | None:
    """Proof hashes given as bytes or base64 strings; ``None`` when any is not a 32-byte hash."""
    decoded = []
    for value in values:
        try:
            raw = value if isinstance(value, bytes) else base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError, TypeError):
            return None
        if len(raw) != merkle.HASH_SIZE:
            return None
        decoded.append(raw)
    return decoded


def open_signed_checkpoint(note: str | None, verifier_key: str | VerifierKey) -> tuple[LogCheck, CheckpointBody | None]:
    """Verify a checkpoint's signature; the body is returned only when it verifies."""
    if not note:
        return LogCheck(None, "no_checkpoint", _("No signed checkpoint was available to check against.")), None
    try:
        key = verifier_key if isinstance(verifier_key, VerifierKey) else parse_verifier_key(verifier_key)
        body = open_checkpoint(note, key, origin=key.name)
    except NoteError as exc:
        messages = {
            "bad_key": _("The log's verifier key is not valid."),
            "unknown_key": _("The checkpoint is not signed by the log's key."),
            "bad_signature": _("The checkpoint's signature does not verify."),
            "wrong_origin": _("The checkpoint is for another log."),
        }
        return LogCheck(False, exc.code, str(messages.get(exc.code, _("The checkpoint is malformed.")))), None
    return LogCheck(True, "checkpoint_ok", _("The checkpoint is signed by the log.")), body


def check_inclusion(
    *,
    leaf_hash: bytes,
    index: int,
    tree_size: int,
    proof: Sequence[bytes | str],
    checkpoint_note: str | None,
    verifier_key: str | VerifierKey,
) -> LogCheck:
    """Is the leaf at ``index`` in the tree the signed checkpoint describes?"""
    signed, body = open_signed_checkpoint(checkpoint_note, verifier_key)
    if body is None:
        return signed
    if tree_size != body.size:
        return LogCheck(
            False,
            "wrong_tree_size",
            _("The proof is for a tree of %(proof)s entries, the checkpoint for %(checkpoint)s.")
            % {"proof": tree_size, "checkpoint": body.size},
        )
    path = _hashes(proof)
    if path is None or not isinstance(index, int) or len(leaf_hash) != merkle.HASH_SIZE:
        return LogCheck(False, "malformed_proof", _("The inclusion proof is malformed."))
    if not 0 <= index < body.size:
        return LogCheck(False, "index_out_of_range", _("Entry %(index)s is outside the checkpoint.") % {"index": index})
    if not merkle.verify_inclusion(leaf_hash, index, body.size, path, body.root_hash):
        return LogCheck(False, "not_included", _("The proof does not lead to the checkpoint's root hash."))
    return LogCheck(True, "included", _("Entry %(index)s is in the signed log.") % {"index": index})


def check_consistency(
    *, first_note: str | None, second_note: str | None, proof: Sequence[bytes | str], verifier_key: str | VerifierKey
) -> LogCheck:
    """Is the log of ``first_note`` a prefix of the log of ``second_note`` (nothing removed or rewritten)?"""
    first_check, first = open_signed_checkpoint(first_note, verifier_key)
    second_check, second = open_signed_checkpoint(second_note, verifier_key)
    if first is None:
        return first_check
    if second is None:
        return second_check
    path = _hashes(proof)
    if path is None:
        return LogCheck(False, "malformed_proof", _("The consistency proof is malformed."))
    if first.size > second.size:
        return LogCheck(False, "wrong_order", _("The first checkpoint is larger than the second."))
    if not merkle.verify_consistency(first.size, second.size, first.root_hash, second.root_hash, path):
        return LogCheck(False, "inconsistent", _("The two checkpoints do not describe the same history."))
    return LogCheck(True, "consistent", _("The later checkpoint extends the earlier one."))
