"""Random public identifiers: database ids never appear in URLs or the API."""

import base64
import secrets

# Crockford base32 without ambiguous letters (no I, L, O, U), lower case for URLs.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
PUBLIC_ID_LENGTH = 20  # 100 random bits


def new_public_id(length: int = PUBLIC_ID_LENGTH) -> str:
    """Return a random identifier from :data:`ALPHABET` (5 bits per character).

    Imports create ids by the hundred thousand, so the random bytes are spelled by the C base32
    encoder (every 5 bits one character of RFC 4648's alphabet), then each of its 32 letters is
    translated to the same position of ours: uniform, like one ``secrets.choice`` per character.
    """
    encoded = base64.b32encode(secrets.token_bytes((length * 5 + 7) // 8))
    return encoded[:length].translate(_FROM_RFC4648).decode("ascii")


_FROM_RFC4648 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode("ascii"))


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
