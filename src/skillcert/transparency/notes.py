"""C2SP signed notes and tlog checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint). Pure, no Django.

A checkpoint is the note text::

    <origin>
    <tree size, decimal>
    <base64 root hash>

signed with Ed25519 as a note: the text, a blank line, then one line per
signature ``— <key name> base64(key id ‖ signature)``. The key id is the first
four bytes of ``SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)``; the verifier key
an auditor pins is ``<name>+<key id hex>+base64(0x01 ‖ public key)``, the format
Go's ``golang.org/x/mod/sumdb/note`` and the transparency-dev tools read.
Parsing never trusts the input: every problem is a :class:`NoteError` with a
short code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = b"\x01"
SIGNATURE_PREFIX = "— "  # em dash (U+2014) and a space
MAX_SIGNATURES = 16
MAX_NOTE_BYTES = 16_384
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")


class NoteError(ValueError):
    """A note, checkpoint or key that cannot be used; ``code`` says why in one word."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def valid_key_name(name: str) -> bool:
    """Key names are non-empty, without spaces or ``+``."""
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name)


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 note key."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A note verifier: key name, key id and Ed25519 public key."""

    name: str
    key_id: bytes
    public_key: bytes

    @classmethod
    def for_public_key(cls, name: str, public_key: bytes) -> VerifierKey:
        if not valid_key_name(name):
            raise NoteError("bad_key", f"{name!r} is not a valid key name")
        return cls(name, key_id(name, public_key), public_key)

    def encode(self) -> str:
        """``<name>+<key id hex>+base64(0x01 ‖ public key)``."""
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(ED25519 + self.public_key).decode()}"

    def verify(self, text: str, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text.encode())
        except (InvalidSignature, ValueError):
            return False
        return True


def parse_verifier_key(encoded: str) -> VerifierKey:
    """Read ``<name>+<hex id>+<base64 key>``; the id must match the name and key."""
    name, _sep, rest = encoded.strip().partition("+")
    id_hex, _sep, key_b64 = rest.partition("+")
    try:
        raw = base64.b64decode(key_b64, validate=True)
        given_id = bytes.fromhex(id_hex)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("bad_key", "the verifier key is not <name>+<key id>+<base64 key>") from exc
    if not valid_key_name(name) or len(given_id) != 4 or raw[:1] != ED25519 or len(raw) != 33:
        raise NoteError("bad_key", "the verifier key is not an Ed25519 note key")
    key = VerifierKey.for_public_key(name, raw[1:])
    if key.key_id != given_id:
        raise NoteError("bad_key", "the verifier key's id does not match its name and public key")
    return key


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """Sign ``text`` (ending in a newline) and return the whole note."""
    if not text.endswith("\n") or _FORBIDDEN_CONTROL.search(text):
        raise NoteError("malformed", "note text must end with a newline and hold no control characters")
    public = raw_public_key(private_key.public_key())
    blob = key_id(name, public) + private_key.sign(text.encode())
    return f"{text}\n{SIGNATURE_PREFIX}{name} {base64.b64encode(blob).decode()}\n"


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes


def split_note(note: str) -> tuple[str, list[Signature]]:
    """Separate a note into its text and signatures (not verified)."""
    if len(note.encode()) > MAX_NOTE_BYTES or _FORBIDDEN_CONTROL.search(note) or not note.endswith("\n"):
        raise NoteError("malformed", "not a signed note (too long, control characters or no final newline)")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("malformed", "a signed note needs a blank line before its signatures")
    text, lines = note[: cut + 1], note[cut + 2 :].splitlines()
    if not lines or len(lines) > MAX_SIGNATURES:
        raise NoteError("malformed", "a signed note has between 1 and 16 signature lines")
    return text, [_parse_signature_line(line) for line in lines]


def _parse_signature_line(line: str) -> Signature:
    name, _sep, encoded = line.removeprefix(SIGNATURE_PREFIX).partition(" ")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("malformed", "a signature is not base64") from exc
    if not line.startswith(SIGNATURE_PREFIX) or not valid_key_name(name) or len(blob) < 5:
        raise NoteError("malformed", "a signature line is not '— <key name> <base64 signature>'")
    return Signature(name, blob[:4], blob[4:])


def open_note(note: str, verifier: VerifierKey) -> str:
    """Return the note's text when ``verifier`` signed it; every signature by that key must verify.

    Signatures by other keys are ignored, as the signed-note spec requires.
    """
    text, signatures = split_note(note)
    ours = [s for s in signatures if s.name == verifier.name and s.key_id == verifier.key_id]
    if not ours:
        raise NoteError("unknown_key", f"the note is not signed by {verifier.name}")
    if not all(verifier.verify(text, s.signature) for s in ours):
        raise NoteError("bad_signature", f"the signature by {verifier.name} does not verify")
    return text


# ---------------------------------------------------------------------------
# Checkpoints
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckpointBody:
    """The signed statement of a log: its origin, tree size and root hash."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode(), *self.extensions]
        return "\n".join(lines) + "\n"


def parse_checkpoint(text: str) -> CheckpointBody:
    """Read checkpoint note text (origin, decimal size, base64 root, optional extension lines)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
        raise NoteError("malformed", "a checkpoint is an origin, a tree size and a root hash, one per line")
    origin, size_text, root_b64, *extensions = lines[:-1]
    if not _DECIMAL.fullmatch(size_text):
        raise NoteError("malformed", "the checkpoint's tree size is not a decimal number")
    try:
        root_hash = base64.b64decode(root_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError("malformed", "the checkpoint's root hash is not base64") from exc
    if len(root_hash) != 32:
        raise NoteError("malformed", "the checkpoint's root hash is not 32 bytes")
    return CheckpointBody(origin, int(size_text), root_hash, tuple(extensions))


def open_checkpoint(note: str, verifier: VerifierKey, *, origin: str | None = None) -> CheckpointBody:
    """Verify a signed checkpoint and return its body; the origin must match when given."""
    body = parse_checkpoint(open_note(note, verifier))
    if origin is not None and body.origin != origin:
        raise NoteError("wrong_origin", f"the checkpoint is for the log {body.origin!r}, not {origin!r}")
    return body
