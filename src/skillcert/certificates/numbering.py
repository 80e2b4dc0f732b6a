"""Certificate numbers.

职业技能等级证书 — the national 22-character rule (``certificate_numbering_rules.json``):
kind letter (Y 用人单位 / S 社会培训评价组织) + institution code (4; 0000 when first recorded
with the province) + province code (2; 51 = 四川) + site serial (6) + issue year (2) +
level digit (1) + serial (6).

专项职业能力证书 and 职业资格证书 — no national rule was found, so skillcert uses one
documented project format each (``docs/certificates.md``):

- 专项职业能力证书: ``ZX`` + issuing region code (4 digits, ``5100`` for the province,
  ``5101`` 成都 …) + issue year (2) + serial (8) = 16 characters.
- 职业资格证书: ``ZG51`` + issue year (2) + level digit (``0`` when the qualification has no
  level) + serial (8) = 15 characters.

Serials come from :class:`~skillcert.certificates.models.NumberSequence` rows, one per
prefix, reserved inside the issuing transaction (row lock on PostgreSQL; SQLite's
immediate transactions serialise writers), so numbers are unique and never reused.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.choices import CertificateType
from skillcert.certificates.models import NumberSequence
from skillcert.core.errors import InvalidInput

PROVINCE_CODE = "51"
PROVINCE_REGION_CODE4 = "5100"
SKILL_LEVEL_RE = re.compile(r"^[YS][0-9]{21}$")
LEGACY_QUALIFICATION_RE = re.compile(r"^[0-9]{16}$")
QUALIFICATION_RE = re.compile(r"^ZG51[0-9]{2}[0-5][0-9]{8}$")
SPECIAL_ABILITY_RE = re.compile(r"^ZX51[0-9]{2}[0-9]{2}[0-9]{8}$")
SERIAL_WIDTH = {CertificateType.SKILL_LEVEL: 6, CertificateType.SPECIAL_ABILITY: 8, CertificateType.QUALIFICATION: 8}


def skill_level_prefix(*, letter: str, institution_code: str, site_serial: str, year: int, level: int) -> str:
    """The first 16 characters of a 职业技能等级证书 number; the serial completes it."""
    if letter not in ("Y", "S") or not re.fullmatch(r"[0-9]{4}", institution_code):
        raise InvalidInput(
            _("The institution's number letter or institution code is not usable in certificate numbers.")
        )
    if not re.fullmatch(r"[0-9]{6}", site_serial):
        raise InvalidInput(_("The institution's site serial must be 6 digits to number certificates."))
    if level not in range(1, 6):
        raise InvalidInput(_("The level must be between 1 and 5."))
    return f"{letter}{institution_code}{PROVINCE_CODE}{site_serial}{year % 100:02d}{level}"


def special_ability_prefix(*, region_code4: str, year: int) -> str:
    """``ZX`` + issuing region (``5100`` province) + year."""
    return f"ZX{region_code4}{year % 100:02d}"


def qualification_prefix(*, year: int, level: int | None) -> str:
    """``ZG51`` + year + level digit (0 without level)."""
    return f"ZG{PROVINCE_CODE}{year % 100:02d}{level or 0}"


def reserve_serials(prefix: str, count: int) -> int:
    """Reserve ``count`` consecutive serials under ``prefix``; return the first. Call inside the issuing transaction."""
    assert transaction.get_connection().in_atomic_block, "numbers are reserved inside the issuing transaction"
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix)
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return first


def format_number(certificate_type: str, prefix: str, serial: int) -> str:
    """Append the zero-padded serial; refuse a serial that no longer fits (the prefix is exhausted)."""
    width = SERIAL_WIDTH[CertificateType(certificate_type)]
    if serial >= 10**width:
        raise InvalidInput(
            _("All %(n)s serial numbers under %(prefix)s are used; the centre must assign a new site serial.")
            % {"n": 10**width - 1, "prefix": prefix}
        )
    return f"{prefix}{serial:0{width}d}"


def check_number_format(certificate_type: str, number: str) -> None:
    """Check an existing number's format (legacy import). Raises InvalidInput with the rule broken."""
    if certificate_type == CertificateType.SKILL_LEVEL:
        if not SKILL_LEVEL_RE.match(number):
            raise InvalidInput(_("A skill level certificate number is Y or S followed by 21 digits."))
        if number[15] not in "12345":
            raise InvalidInput(_("Position 16 of a skill level certificate number is the level digit 1–5."))
        return
    if certificate_type == CertificateType.QUALIFICATION:
        if LEGACY_QUALIFICATION_RE.match(number) and number[10] in "12345":
            return
        if QUALIFICATION_RE.match(number):
            return
        raise InvalidInput(
            _("A vocational qualification certificate number is 16 digits (national format) or ZG51… (this registry).")
        )
    if not (SPECIAL_ABILITY_RE.match(number) or re.fullmatch(r"[A-Z0-9]{8,32}", number)):
        raise InvalidInput(_("A special ability certificate number is 8–32 capital letters or digits."))
