"""The 统一社会信用代码 (unified social credit code) of GB 32100-2015 and its check character.

18 characters: registration authority (1), organisation kind (1), administrative
division (6 digits), organisation code (9), check character (1). The alphabet
has 31 characters (digits and capitals without I, O, Z, S, V); position i
(0-based) weighs 3^i mod 31 and the check character makes the weighted sum
divisible by 31.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
LENGTH = 18


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters (already validated)."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Upper-case and strip spaces, as people type codes from paper."""
    return "".join(code.split()).upper()


def validate_credit_code(code: str) -> str:
    """Return the normalised code, or raise :class:`InvalidInput` saying precisely what is wrong."""
    code = normalise(code)
    if len(code) != LENGTH:
        raise _invalid(_("A unified social credit code has 18 characters; this one has %(n)s.") % {"n": len(code)})
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            raise _invalid(
                _("Character %(position)s (“%(char)s”) may not appear in a unified social credit code.")
                % {"position": position, "char": char}
            )
    if not code[2:8].isdigit():
        raise _invalid(_("Characters 3 to 8 of a unified social credit code are the division code: six digits."))
    if check_character(code[:17]) != code[17]:
        raise _invalid(
            _("The check character (the 18th) of this unified social credit code is wrong: check for a typing error.")
        )
    return code


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_credit_code", fields={"credit_code": [message]})
