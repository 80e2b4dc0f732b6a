"""Signed, short-lived links to a holder page, handed out after a successful two-factor query.

The link carries only the holder's public id, signed with the secret key and
valid for :data:`MAX_AGE` seconds, so the holder page needs no account and
cannot be reached by guessing.
"""

from __future__ import annotations

from django.core import signing

SALT = "skillcert.holder-page"
MAX_AGE = 30 * 60


def make_token(holder_public_id: str) -> str:
    """The signed link token for one holder (a 20-character public id gains nothing from compression)."""
    return signing.dumps(holder_public_id, salt=SALT)


def read_token(token: str) -> str | None:
    """Return the holder public id, or None when the link is forged or expired."""
    try:
        return str(signing.loads(token, salt=SALT, max_age=MAX_AGE))
    except signing.BadSignature:
        return None
