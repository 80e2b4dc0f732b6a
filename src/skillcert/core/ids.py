"""Random public identifiers: database ids never appear in URLs or the API."""

import secrets

# Crockford base32 without ambiguous letters (no I, L, O, U), lower case for URLs.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
PUBLIC_ID_LENGTH = 20  # 100 random bits


def new_public_id(length: int = PUBLIC_ID_LENGTH) -> str:
    """Return a random identifier from :data:`ALPHABET` (5 bits per character).

    One call to the system's random source per id: imports create ids by the
    hundred thousand, and a ``secrets.choice`` per character was the slowest step.
    """
    value = int.from_bytes(secrets.token_bytes((length * 5 + 7) // 8), "big")
    characters = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        characters.append(ALPHABET[digit])
    return "".join(characters)


ADDRESS_KEY_LENGTH = 32  # 160 random bits


def new_address_key() -> str:
    """A certificate's address key: the secret in its QR code and credential address (160 random bits).

    Unlike a public id it is never listed anywhere (not in the log, the status lists or the API), so
    only the paper's bearer and the holder can open the certificate's public pages.
    """
    return new_public_id(ADDRESS_KEY_LENGTH)


# Codes people read aloud or type from paper (complaint tracking, verification codes):
# upper case without 0/O and 1/I/L.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_readable_code(length: int) -> str:
    """A random code of ``length`` characters from :data:`READABLE_ALPHABET` (about 4.95 bits each)."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def grouped(code: str) -> str:
    """The code as shown to people: groups of four joined by dashes (``ABCD-EFGH-…``)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
