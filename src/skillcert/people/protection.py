"""Protection of ID numbers: keyed hashes for look-ups, encryption for authorised staff, masks for display.

- :func:`hash_id_number`: HMAC-SHA256 with ``settings.PII_HASH_KEY``. Without the key nobody can
  test guesses against the database (an ID number has little entropy: region, birth date and a
  three-digit sequence), which a plain hash would allow.
- :func:`encrypt` / :func:`decrypt`: Fernet (AES-128-CBC + HMAC-SHA256) through a MultiFernet over
  ``settings.PII_ENCRYPTION_KEYS``, newest key first: new tokens use the first key, old tokens
  still decrypt with the older keys, and :func:`rotate` re-encrypts a token under the newest.
- :func:`mask_id_number`: what pages, the API and the change log show.
- :func:`id_number_matches`: whether a typed number is a holder's, answered yes or no in
  constant time (the verification-code page's counted "核对证件号码" check). Nothing derived
  from an ID number ever leaves the registry: an unkeyed hash of one, salted or not, is
  reversed offline by trying the few thousand numbers of a known region and birth date.

Nothing here logs, and no error message contains a number or a key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from skillcert.people.idnumbers import lookup_form, normalise_id_number

MIN_HASH_KEY_LENGTH = 32


class ProtectionError(RuntimeError):
    """A key is missing or unusable, or a token does not decrypt with any configured key."""


def _hash_key() -> bytes:
    key = getattr(settings, "PII_HASH_KEY", "")
    if len(key) < MIN_HASH_KEY_LENGTH:
        raise ProtectionError(f"PII_HASH_KEY must have at least {MIN_HASH_KEY_LENGTH} characters")
    return key.encode("utf-8")


def hash_id_number(id_type: str, number: str) -> str:
    """The keyed hash (hex) that finds a holder by ID type and number; never reversible without the key."""
    form = lookup_form(id_type, normalise_id_number(id_type, number))
    message = f"{id_type}\x1f{form}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ProtectionError("PII_ENCRYPTION_KEYS is empty")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ProtectionError("PII_ENCRYPTION_KEYS holds a value that is not a Fernet key") from exc


def fernet() -> MultiFernet:
    """The MultiFernet over the configured keys (newest first)."""
    return _multifernet(tuple(getattr(settings, "PII_ENCRYPTION_KEYS", ())))


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes (e.g. an uploaded results file) with the newest key."""
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt bytes encrypted with any configured key."""
    try:
        return fernet().decrypt(token)
    except InvalidToken as exc:
        raise ProtectionError("the data does not decrypt with any configured PII encryption key") from exc


def read_encrypted_file(path: str | Path) -> bytes:
    """The plain bytes of a file kept encrypted at rest (results files, photo ZIPs, complaint evidence).

    Every app that keeps an upload reads it back through here, so a key rotation or a change of storage
    is made in one place.
    """
    return decrypt_bytes(Path(path).read_bytes())


def encrypt(text: str) -> str:
    """Encrypt a text with the newest key; returns the Fernet token as text."""
    return encrypt_bytes(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made by :func:`encrypt` under any configured key."""
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (key rotation); the plain text never leaves this function."""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise ProtectionError("the token does not decrypt with any configured PII encryption key") from exc


def mask_id_number(number: str) -> str:
    """``510***********123X`` for 18 characters: the first 3 and last 4 stay visible.

    Shorter numbers show less (2 + 2 characters from 9 to 14 characters, 1 + 1 from 5 to 8,
    nothing below), so that less than half of any number is ever visible.
    """
    length = len(number)
    if length >= 15:
        head, tail = 3, 4
    elif length >= 9:
        head, tail = 2, 2
    elif length >= 5:
        head, tail = 1, 1
    else:
        return "*" * length
    return number[:head] + "*" * (length - head - tail) + number[length - tail :]


def id_number_matches(*, id_type: str, stored_hash: str, typed: str) -> bool:
    """Whether ``typed`` is the number behind a holder's stored keyed hash (``Holder.id_number_hash``).

    The comparison takes the same time whatever the digests share, so the answer is the only
    thing a caller learns; callers count and rate-limit the questions (an oracle all the same).
    """
    candidate = hash_id_number(id_type, typed)
    return hmac.compare_digest(candidate.encode("ascii"), (stored_hash or "").encode("ascii"))


def check_keys(hash_key: str, encryption_keys: Sequence[str]) -> list[str]:
    """Problems with the configured keys, as sentences without key material (empty when usable)."""
    problems = []
    if len(hash_key or "") < MIN_HASH_KEY_LENGTH:
        problems.append(f"PII_HASH_KEY must have at least {MIN_HASH_KEY_LENGTH} characters.")
    if not encryption_keys:
        problems.append("PII_ENCRYPTION_KEYS is empty: personal data cannot be encrypted.")
    for position, key in enumerate(encryption_keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            problems.append(f"PII_ENCRYPTION_KEYS entry {position} is not a Fernet key (32 url-safe base64 bytes).")
    return problems
