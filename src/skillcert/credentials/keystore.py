"""Private signing keys in files under ``<DATA_DIR>/keys/`` (directory 0700, files 0600).

The signer is pluggable: :class:`FileSigner` reads a PKCS#8 PEM file now; an
HSM or KMS signer only has to offer ``sign(data) -> bytes`` for a key id.
Private keys never enter the database, the change log or a response.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from skillcert.credentials.multikey import encode_public_key

KEY_FILE_MODE = 0o600
KEY_DIR_MODE = 0o700


class KeyFileError(Exception):
    """A private key file is missing, unreadable, too open, or does not match its public key."""


class Signer(Protocol):
    """Signs bytes with one private key."""

    def sign(self, data: bytes) -> bytes: ...


def keys_dir() -> Path:
    """``<DATA_DIR>/keys``, created owner-only when missing."""
    path = Path(settings.DATA_DIR) / "keys"
    path.mkdir(mode=KEY_DIR_MODE, parents=True, exist_ok=True)
    return path


def public_multibase(private_key: Ed25519PrivateKey) -> str:
    """The Multikey public key of a private key."""
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return encode_public_key(raw)


def write_private_key(file_name: str, private_key: Ed25519PrivateKey) -> Path:
    """Write a new key file with mode 0600; an existing file is never overwritten."""
    path = keys_dir() / file_name
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path


def _check_mode(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError as exc:
        raise KeyFileError(f"the key file {path} is missing") from exc
    if mode & 0o077:
        raise KeyFileError(f"the key file {path} is readable by others (mode {mode:o}); it must be 600")


def load_private_key(file_name: str, expected_public: str) -> Ed25519PrivateKey:
    """Read and check one key file.

    Raises:
        KeyFileError: missing, too open, unreadable, not Ed25519, or not the expected key.
    """
    path = keys_dir() / file_name
    _check_mode(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise KeyFileError(f"the key file {path} cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"the key file {path} does not hold an Ed25519 key")
    if public_multibase(key) != expected_public:
        raise KeyFileError(f"the key file {path} does not match the public key on record")
    return key


@dataclass(frozen=True)
class FileSigner:
    """Signs with a private key read from its file."""

    private_key: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


_SIGNERS: dict[tuple[str, str, float], FileSigner] = {}


def signer_for(file_name: str, expected_public: str) -> Signer:
    """A signer for a key file, cached per process until the file changes."""
    path = keys_dir() / file_name
    try:
        cache_key = (str(path), expected_public, path.stat().st_mtime)
    except FileNotFoundError as exc:
        raise KeyFileError(f"the key file {path} is missing") from exc
    signer = _SIGNERS.get(cache_key)
    if signer is None:
        signer = FileSigner(load_private_key(file_name, expected_public))
        _SIGNERS[cache_key] = signer
    else:
        _check_mode(path)  # a file made world-readable after loading is refused at once
    return signer
