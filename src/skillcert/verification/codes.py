"""The code format: 16 characters from an alphabet without look-alikes, shown in groups of four.

Codes are compared by a keyed hash (HMAC with the project's secret), so a copy of
the database does not reveal them. Input is normalised: case, spaces and dashes
do not matter.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from skillcert.core.ids import READABLE_ALPHABET as ALPHABET

CODE_LENGTH = 16


def normalise(text: str) -> str:
    """Upper case without spaces or dashes (bounded, whatever was typed)."""
    return "".join(ch for ch in str(text)[:200].upper() if ch.isalnum())[: CODE_LENGTH * 2]


def code_hash(code: str) -> str:
    return salted_hmac("skillcert.verification.code", normalise(code), algorithm="sha256").hexdigest()


def looks_valid(code: str) -> bool:
    text = normalise(code)
    return len(text) == CODE_LENGTH and all(ch in ALPHABET for ch in text)
