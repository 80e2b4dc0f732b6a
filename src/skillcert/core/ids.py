"""Random public identifiers: database ids never appear in URLs or the API (STYLE §4)."""

import secrets

# Crockford base32 without ambiguous letters (no I, L, O, U), lower case for URLs.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
PUBLIC_ID_LENGTH = 20  # 100 random bits


def new_public_id(length: int = PUBLIC_ID_LENGTH) -> str:
    """Return a random identifier from :data:`ALPHABET` (5 bits per character)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
