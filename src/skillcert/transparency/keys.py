"""The log's own Ed25519 note key: ``<DATA_DIR>/keys/log-note.key`` (PKCS#8 PEM, mode 0600).

The key signs checkpoints only; it is not the issuer's credential key, so a
rotation of credential keys never changes how auditors verify the log. It is
created on first use. The key name, and so the checkpoint origin, is
``<host and path of SKILLCERT_PUBLIC_URL>/log`` (``zs.example.cn/log``), as
C2SP recommends (a schema-less URL).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from skillcert.transparency.notes import VerifierKey, raw_public_key

KEY_FILE_NAME = "log-note.key"
KEY_FILE_MODE = 0o600
KEY_DIR_MODE = 0o700


class NoteKeyError(RuntimeError):
    """The note key file cannot be used (unreadable, too open, not Ed25519)."""


def origin() -> str:
    """The log's origin line and key name: ``<host[:port]>[/path]/log``."""
    parts = urlsplit(settings.PUBLIC_URL)
    return f"{parts.netloc}{parts.path.rstrip('/')}/log"


def key_path() -> Path:
    directory = Path(settings.DATA_DIR) / "keys"
    directory.mkdir(mode=KEY_DIR_MODE, parents=True, exist_ok=True)
    return directory / KEY_FILE_NAME


def _create(path: Path) -> None:
    """Write a new key atomically: a private temporary file, then a hard link that fails if another won."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process created it first: use theirs
    finally:
        temporary.unlink()


def _read(path: Path) -> Ed25519PrivateKey:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise NoteKeyError(f"the log key file {path} is readable by others (mode {mode:o}); it must be 600")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise NoteKeyError(f"the log key file {path} cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise NoteKeyError(f"the log key file {path} does not hold an Ed25519 key")
    return key


_CACHE: dict[tuple[str, float], Ed25519PrivateKey] = {}


def private_key() -> Ed25519PrivateKey:
    """The note key, created on first use; cached per process until the file changes."""
    path = key_path()
    if not path.exists():
        _create(path)
    cache_key = (str(path), path.stat().st_mtime)
    key = _CACHE.get(cache_key)
    if key is None or stat.S_IMODE(path.stat().st_mode) & 0o077:
        key = _read(path)
        _CACHE.clear()
        _CACHE[cache_key] = key
    return key


def verifier() -> VerifierKey:
    """The verifier key auditors pin: ``<origin>+<key id>+<base64 key>``."""
    return VerifierKey.for_public_key(origin(), raw_public_key(private_key().public_key()))
