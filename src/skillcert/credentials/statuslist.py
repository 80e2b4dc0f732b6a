"""W3C Bitstring Status List encoding, and checking one status entry against its list credential.

A list is a bitstring of at least 131,072 entries; index 0 is the most
significant bit of the first byte. The published ``encodedList`` is ``u`` +
base64url without padding of the GZIP-compressed bitstring.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from skillcert.credentials.loader import DEFAULT_LOADER, LocalLoader
from skillcert.credentials.signing import KeyResolver, verify_proof

MULTIBASE_BASE64URL = "u"
MAX_DECODED_BYTES = 16 * 1024 * 1024  # refuse decompression bombs: 134 million entries is plenty


class StatusListError(ValueError):
    """An encoded list or an index is not usable."""


def empty_bitstring(size: int) -> bytearray:
    """A bitstring of ``size`` entries, all 0 (``size`` must be a multiple of 8)."""
    if size < 8 or size % 8:
        raise StatusListError("the size of a status list must be a positive multiple of 8")
    return bytearray(size // 8)


def get_bit(bits: bytes | bytearray, index: int) -> bool:
    """The entry at ``index`` (0 = most significant bit of the first byte)."""
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"index {index} is outside the list (0–{len(bits) * 8 - 1})")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_bit(bits: bytearray, index: int, value: bool) -> None:
    """Set or clear the entry at ``index`` in place."""
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"index {index} is outside the list (0–{len(bits) * 8 - 1})")
    mask = 0x80 >> (index % 8)
    bits[index // 8] = bits[index // 8] | mask if value else bits[index // 8] & ~mask


def encode(bits: bytes | bytearray) -> str:
    """``u`` + base64url-no-pad(GZIP(bits)); deterministic (no timestamp in the GZIP header)."""
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: object) -> bytes:
    """The bitstring of an ``encodedList``; raises :class:`StatusListError` when malformed."""
    if not isinstance(encoded, str) or not encoded.startswith(MULTIBASE_BASE64URL):
        raise StatusListError("the encoded list must be a base64url multibase string starting with 'u'")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(wbits=31)
        bits = inflater.decompress(compressed, MAX_DECODED_BYTES)
    except (binascii.Error, ValueError, zlib.error) as exc:
        raise StatusListError("the encoded list is not GZIP-compressed base64url") from exc
    if inflater.unconsumed_tail:
        raise StatusListError("the encoded list is too large")
    return bits


@dataclass(frozen=True)
class StatusCheck:
    """The outcome of looking up one status entry. ``is_set`` is None when the status is unknown."""

    ok: bool
    code: str
    message: str
    purpose: str | None = None
    is_set: bool | None = None


def _entry_index(entry: Any) -> int | StatusCheck:
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return StatusCheck(False, "malformed", _("The status entry is not a BitstringStatusListEntry."))
    raw = entry.get("statusListIndex")
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return StatusCheck(False, "malformed", _("The status list index must be a whole number written as text."))
    return int(raw)


def _list_bits(entry: dict[str, Any], list_credential: dict[str, Any]) -> bytes | StatusCheck:
    """The bits of a list credential whose proof was verified (so it is a JSON object)."""
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        return StatusCheck(False, "malformed", _("The status list credential holds no BitstringStatusList."))
    if list_credential.get("id") != entry.get("statusListCredential"):
        return StatusCheck(False, "wrong_list", _("The status list credential is not the one the entry names."))
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        return StatusCheck(False, "wrong_purpose", _("The status list has a different purpose than the entry."))
    try:
        return decode(subject.get("encodedList"))  # decode refuses anything but a string
    except StatusListError:
        return StatusCheck(False, "malformed", _("The status list cannot be decoded."))


def check_status(
    entry: Any, list_credential: Any, *, resolve_key: KeyResolver, loader: LocalLoader = DEFAULT_LOADER
) -> StatusCheck:
    """Look up one ``credentialStatus`` entry in its (already fetched) list credential; never raises.

    The list credential's own proof is checked first: an unsigned or altered list
    says nothing about the status.
    """
    index = _entry_index(entry)
    if isinstance(index, StatusCheck):
        return index
    proof = verify_proof(list_credential, resolve_key=resolve_key, loader=loader)
    if not proof.ok:
        return StatusCheck(
            False,
            "list_not_verified",
            _("The status list's signature is not valid: %(reason)s") % {"reason": proof.message},
        )
    bits = _list_bits(entry, list_credential)
    if isinstance(bits, StatusCheck):
        return bits
    if index >= len(bits) * 8:
        return StatusCheck(
            False,
            "index_out_of_range",
            _("The status index %(index)s is outside the list of %(size)s entries.")
            % {"index": index, "size": len(bits) * 8},
        )
    is_set = get_bit(bits, index)
    return StatusCheck(True, "ok", _("The status was read from the signed list."), entry["statusPurpose"], is_set)
