"""Identifiers with correct check characters, so that tests never trip over a typo in a fixed number."""

from __future__ import annotations


def valid_id(first17: str) -> str:
    """A 居民身份证 number with its GB 11643 check digit."""
    from skillcert.people.idnumbers import gb11643_check_character

    return first17 + gb11643_check_character(first17)


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码 (GB 32100) built around a serial number."""
    from skillcert.institutions.creditcode import check_character

    first17 = f"52510100MJ{serial:07d}"[:17]
    return first17 + check_character(first17)
