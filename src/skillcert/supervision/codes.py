"""Tracking codes: 20 characters of an unambiguous alphabet (about 99 bits), stored only as a keyed hash.

Guessing is hopeless (2^99 codes, and look-ups are rate-limited); the code is shown once,
grouped by four (``ABCD-EFGH-…``); look-ups ignore case, spaces and dashes.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from skillcert.core.ids import READABLE_ALPHABET as ALPHABET
from skillcert.core.ids import grouped, new_readable_code

LENGTH = 20


def new_code() -> str:
    """A fresh tracking code, grouped by four characters."""
    return grouped(new_readable_code(LENGTH))


def normalise(code: str) -> str:
    """Upper case without separators; empty when the input cannot be a code."""
    raw = "".join(ch for ch in code.upper() if ch not in " -\t")
    return raw if len(raw) == LENGTH and all(ch in ALPHABET for ch in raw) else ""


def digest(code: str) -> str:
    """The keyed hash stored in place of the code (HMAC-SHA256 with the personal-data hash key)."""
    key = (getattr(settings, "PII_HASH_KEY", "") or settings.SECRET_KEY).encode("utf-8")
    return hmac.new(key, b"complaint\x1f" + normalise(code).encode("ascii"), hashlib.sha256).hexdigest()
