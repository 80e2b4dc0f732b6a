"""Multibase and Multikey encodings for Ed25519 (base58btc, prefix ``z``).

A Multikey public key is ``z`` + base58btc(0xed 0x01 ‖ 32-byte key); a secret
key is ``z`` + base58btc(0x80 0x26 ‖ 32-byte seed); an eddsa-rdfc-2022
``proofValue`` is ``z`` + base58btc(64-byte signature).
"""

from __future__ import annotations

import base58

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
BASE58BTC = "z"


class MultibaseError(ValueError):
    """A multibase or Multikey value could not be decoded."""


def encode_base58btc(data: bytes) -> str:
    """Return ``z`` + base58btc(data)."""
    return BASE58BTC + base58.b58encode(data).decode("ascii")


def decode_base58btc(value: str) -> bytes:
    """Decode a ``z``-prefixed base58btc string, raising :class:`MultibaseError` when malformed."""
    if not isinstance(value, str) or not value.startswith(BASE58BTC) or len(value) < 2:
        raise MultibaseError("not a base58btc multibase value (it must start with 'z')")
    try:
        return base58.b58decode(value[1:])
    except ValueError as exc:
        raise MultibaseError("not valid base58btc") from exc


def _decode_prefixed(value: str, prefix: bytes, what: str) -> bytes:
    raw = decode_base58btc(value)
    if not raw.startswith(prefix) or len(raw) != len(prefix) + 32:
        raise MultibaseError(f"not an Ed25519 {what} Multikey")
    return raw[len(prefix) :]


def encode_public_key(raw: bytes) -> str:
    """Multikey ``publicKeyMultibase`` of a 32-byte Ed25519 public key."""
    return encode_base58btc(ED25519_PUB_PREFIX + raw)


def decode_public_key(value: str) -> bytes:
    """The 32-byte Ed25519 public key of a Multikey ``publicKeyMultibase``."""
    return _decode_prefixed(value, ED25519_PUB_PREFIX, "public key")


def decode_secret_key(value: str) -> bytes:
    """The 32-byte Ed25519 seed of a Multikey ``secretKeyMultibase``."""
    return _decode_prefixed(value, ED25519_PRIV_PREFIX, "secret key")
