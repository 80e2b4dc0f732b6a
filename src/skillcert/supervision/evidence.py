"""Evidence files: allowed types checked by their first bytes (not the name), size limits, encrypted storage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput
from skillcert.people.protection import encrypt_bytes, read_encrypted_file

# (magic bytes, MIME type, file name endings that may carry it)
SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
]
MAX_FILES = 5


def evidence_dir() -> Path:
    """Where evidence is kept (encrypted): ``<data dir>/uploads/evidence`` unless ``SKILLCERT_EVIDENCE_DIR`` says."""
    configured = getattr(settings, "SKILLCERT_EVIDENCE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "uploads" / "evidence"


def max_file_bytes() -> int:
    return int(getattr(settings, "SKILLCERT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


@dataclass(frozen=True)
class Upload:
    """One uploaded evidence file, read into memory after its size was checked."""

    name: str
    data: bytes


def _refuse(name: str, message: str) -> InvalidInput:
    return InvalidInput(message, code="evidence_refused", fields={"evidence": [message]})


def too_large(name: str) -> InvalidInput:
    """The refusal of a file above the size limit."""
    return _refuse(
        name, _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_file_bytes() // (1024 * 1024)}
    )


def detect_type(name: str, data: bytes) -> str:
    """The MIME type the file really is; refused unless PDF, JPEG or PNG and the name agrees."""
    lower = name.lower()
    for magic, mime, endings in SIGNATURES:
        if data.startswith(magic):
            if not lower.endswith(endings):
                raise _refuse(
                    name,
                    _("%(name)s is a %(type)s file but its name says otherwise; rename it and try again.")
                    % {"name": name, "type": mime},
                )
            return mime
    raise _refuse(name, _("%(name)s is not a PDF, JPG or PNG file; only these types are accepted.") % {"name": name})


def check_uploads(uploads: list[Upload], already: int = 0) -> list[str]:
    """Check count, size and type of every file before anything is stored; return their MIME types."""
    if already + len(uploads) > MAX_FILES:
        raise _refuse("", _("At most %(n)s evidence files per complaint.") % {"n": MAX_FILES})
    limit = max_file_bytes()
    types = []
    for upload in uploads:
        if len(upload.data) > limit:
            raise too_large(upload.name)
        if not upload.data:
            raise _refuse(upload.name, _("%(name)s is empty.") % {"name": upload.name})
        types.append(detect_type(upload.name, upload.data))
    return types


def store(complaint_public_id: str, data: bytes) -> tuple[str, str]:
    """Encrypt and write one file under the data directory; return (path, sha256)."""
    sha256 = hashlib.sha256(data).hexdigest()
    folder = evidence_dir() / complaint_public_id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{sha256}.bin"
    path.write_bytes(encrypt_bytes(data))
    path.chmod(0o600)
    return str(path), sha256


def read(stored_path: str) -> bytes:
    """Decrypt a stored evidence file (case staff only; the view checks)."""
    return read_encrypted_file(stored_path)
