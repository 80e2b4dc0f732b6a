"""Tracking codes: 20 characters of an unambiguous alphabet (about 99 bits), stored only as a keyed hash.

Guessing is hopeless (2^99 codes, and look-ups are rate-limited); the code is shown once,
grouped by four (``ABCD-EFGH-…``); look-ups ignore case, spaces and dashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
LENGTH = 20


def new_code() -> str:
    """A fresh tracking code, grouped by four characters."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """Upper case without separators; empty when the input cannot be a code."""
    raw = "".join(ch for ch in code.upper() if ch not in " -\t")
    return raw if len(raw) == LENGTH and all(ch in ALPHABET for ch in raw) else ""


def digest(code: str) -> str:
    """The keyed hash stored in place of the code (HMAC-SHA256 with the personal-data hash key)."""
    key = (getattr(settings, "PII_HASH_KEY", "") or settings.SECRET_KEY).encode("utf-8")
    return hmac.new(key, b"complaint\x1f" + normalise(code).encode("ascii"), hashlib.sha256).hexdigest()
