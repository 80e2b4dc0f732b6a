"""ID document types and the rules their numbers follow.

Formats (researched; sources in ``docs/personal-data.md``):

- 居民身份证: GB 11643-1999 公民身份号码, 18 characters: 6-digit address code, 8-digit birth
  date, 3-digit sequence (odd for men, even for women), and a MOD 11-2 check character
  (0-9 or X). The 15-digit first-generation numbers are no longer valid and are refused.
- 港澳台居民居住证: the same structure and check character, address code 810000 (Hong Kong),
  820000 (Macao) or 830000 (Taiwan).
- 外国人永久居留身份证: since December 2023, 18 characters starting with 9 with the same MOD
  11-2 check character (National Immigration Administration, 2023 machine-readable rules);
  cards issued before: 3 letters (nationality) and 12 digits.
- 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 digits, the holder's number for
  life; older permits print 2 more digits counting renewals (Ministry of Public Security,
  2010). Look-ups use the part for life, so a renewed permit finds the same holder.
- 台湾居民来往大陆通行证: 8 digits on the card issued since 2015; 10 digits on older permits.
- 护照: Chinese and foreign passports; 5 to 17 letters and digits (ICAO 9303 allows 9 in the
  machine-readable zone, some countries print longer numbers), at least one digit.

Messages never repeat the number or the expected check character: error texts end up in
logs, screenshots and e-mails.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.errors import InvalidInput
from skillcert.people.choices import Gender

GB11643_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
GB11643_CHECK = "10X98765432"
HMT_PREFIXES = ("810000", "820000", "830000")
_GB11643_SHAPE = re.compile(r"\d{17}[\dX]")
_HK_MACAO = re.compile(r"[HM]\d{8}(\d{2})?")
_TAIWAN = re.compile(r"\d{8}|\d{10}")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_FOREIGN_OLD = re.compile(r"[A-Z]{3}\d{12}")
_REMOVED = re.compile(r"[\s\-()]")
GENDER_WORDS = {"男": Gender.MALE, "女": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE}


class IdType(models.TextChoices):
    """The ID documents a certificate holder may be identified by (证件类型)."""

    RESIDENT_ID = "resident_id", gettext_lazy("Resident identity card")
    HK_MACAO_PERMIT = "hk_macao_permit", gettext_lazy("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", gettext_lazy("Mainland travel permit for Taiwan residents")
    PASSPORT = "passport", gettext_lazy("Passport")
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident", gettext_lazy("Foreign permanent resident ID card")
    HMT_RESIDENCE_PERMIT = (
        "hmt_residence_permit",
        gettext_lazy("Residence permit for Hong Kong, Macao and Taiwan residents"),
    )


def normalise_id_number(id_type: str, raw: str) -> str:
    """Return the number as stored and compared: full-width characters made ASCII, no spaces,
    hyphens or brackets, letters in upper case (so a typed ``x`` check character becomes ``X``)."""
    del id_type  # the same clean-up suits every type; kept in the signature for type-specific rules
    text = unicodedata.normalize("NFKC", raw or "")
    return _REMOVED.sub("", text).upper()


def gb11643_check_character(first17: str) -> str:
    """The MOD 11-2 check character of GB 11643 for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, GB11643_WEIGHTS, strict=True))
    return GB11643_CHECK[total % 11]


def _refuse(message: str, code: str = "invalid_id_number") -> InvalidInput:
    return InvalidInput(message, code=code, fields={"id_number": [message]})


def _check_birth_date(number: str) -> None:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > dt.date.today():
        raise _refuse(_("The birth date in the number (characters 7 to 14) is not a possible date of birth."))


def _check_gb11643(number: str, *, birth_date: bool = True) -> None:
    """Shape, birth date and check character of an 18-character GB 11643 style number."""
    if not _GB11643_SHAPE.fullmatch(number):
        raise _refuse(_("Use digits only; only the last character may be X."))
    if birth_date:
        _check_birth_date(number)
    if gb11643_check_character(number[:17]) != number[17]:
        raise _refuse(_("The check digit is wrong: check the number for typing errors."), "wrong_check_digit")


def _wrong_length(number: str) -> InvalidInput:
    return _refuse(_("The number should have 18 characters; this one has %(count)d.") % {"count": len(number)})


def _validate_resident_id(number: str) -> None:
    if len(number) == 15 and number.isdigit():
        raise _refuse(
            _(
                "15-digit first-generation ID numbers are no longer valid; "
                "enter the 18-character number of the current resident identity card."
            )
        )
    if len(number) != 18:
        raise _wrong_length(number)
    _check_gb11643(number)


def _validate_hmt_residence_permit(number: str) -> None:
    if len(number) != 18:
        raise _wrong_length(number)
    if not number.startswith(HMT_PREFIXES):
        raise _refuse(
            _("A residence permit number of Hong Kong, Macao or Taiwan residents starts with 810000, 820000 or 830000.")
        )
    _check_gb11643(number)


def _validate_foreign_permanent_resident(number: str) -> None:
    if len(number) == 15:
        if not _FOREIGN_OLD.fullmatch(number):
            raise _refuse(_("A 15-character permanent resident ID number is 3 letters followed by 12 digits."))
        return
    if len(number) != 18:
        raise _refuse(
            _(
                "A foreign permanent resident ID number has 18 characters (15 on cards issued before "
                "December 2023); this one has %(count)d."
            )
            % {"count": len(number)}
        )
    if not number.startswith("9"):
        raise _refuse(_("An 18-character foreign permanent resident ID number starts with 9."))
    # The position of the birth date in these numbers is not confirmed by a source we hold: not checked.
    _check_gb11643(number, birth_date=False)


def _validate_hk_macao_permit(number: str) -> None:
    if not _HK_MACAO.fullmatch(number):
        raise _refuse(
            _(
                "A Mainland travel permit number of Hong Kong or Macao residents is H or M followed by 8 digits "
                "(10 on older permits)."
            )
        )


def _validate_taiwan_permit(number: str) -> None:
    if not _TAIWAN.fullmatch(number):
        raise _refuse(_("A Mainland travel permit number of Taiwan residents has 8 digits (10 on older permits)."))


def _validate_passport(number: str) -> None:
    if not _PASSPORT.fullmatch(number) or not any(c.isdigit() for c in number):
        raise _refuse(_("A passport number has 5 to 17 letters and digits, at least one of them a digit."))


VALIDATORS: dict[str, Callable[[str], None]] = {
    IdType.RESIDENT_ID: _validate_resident_id,
    IdType.HK_MACAO_PERMIT: _validate_hk_macao_permit,
    IdType.TAIWAN_PERMIT: _validate_taiwan_permit,
    IdType.PASSPORT: _validate_passport,
    IdType.FOREIGN_PERMANENT_RESIDENT: _validate_foreign_permanent_resident,
    IdType.HMT_RESIDENCE_PERMIT: _validate_hmt_residence_permit,
}


def validate_id_number(id_type: str, number: str) -> None:
    """Raise :class:`InvalidInput` with a precise message unless ``number`` (normalised) is valid for ``id_type``."""
    validator = VALIDATORS.get(id_type)
    if validator is None:
        message = _("Unknown ID type.")
        raise InvalidInput(message, code="invalid_id_type", fields={"id_type": [message]})
    if not number:
        raise _refuse(_("Enter the ID number."), "required")
    validator(number)


def is_valid_id_number(id_type: str, number: str) -> bool:
    """True when :func:`validate_id_number` accepts the number."""
    try:
        validate_id_number(id_type, number)
    except InvalidInput:
        return False
    return True


def matching_id_types(raw: str) -> list[str]:
    """Every ID type whose rules accept ``raw`` (the public query does not ask for the type)."""
    return [str(t) for t in IdType if is_valid_id_number(t, normalise_id_number(t, raw))]


def lookup_form(id_type: str, number: str) -> str:
    """The part of a normalised number that identifies the person for life (hashed for look-ups)."""
    if id_type == IdType.HK_MACAO_PERMIT:
        return number[:9]  # the last two digits of older permits count renewals
    return number


def gender_from_id_number(id_type: str, number: str) -> str:
    """``male``/``female`` from the sequence digit of GB 11643 numbers; ``""`` when the type does not say."""
    if id_type not in (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE_PERMIT) or len(number) != 18:
        return ""
    return "male" if int(number[16]) % 2 else "female"


def check_gender(gender: str, id_type: str, number: str) -> str:
    """The gender to store: ``gender`` (male/female/unspecified, 男/女, M/F) checked against the number.

    Empty or ``unspecified`` takes the gender the number states, if it states one. A gender
    that contradicts a GB 11643 number is refused: the number is authoritative.
    """
    value = (gender or "").strip()
    value = GENDER_WORDS.get(value.lower(), value.lower())
    if value and value not in Gender.values:
        message = _("Gender must be male, female or not stated.")
        raise InvalidInput(message, code="invalid_gender", fields={"gender": [message]})
    from_number = gender_from_id_number(id_type, number)
    if from_number and value in (Gender.MALE, Gender.FEMALE) and value != from_number:
        message = _("The gender does not match the ID number (its 17th digit is odd for men, even for women).")
        raise InvalidInput(message, code="gender_mismatch", fields={"gender": [message]})
    return value if value and value != Gender.UNSPECIFIED else (from_number or Gender.UNSPECIFIED)


def id_type_from_label(raw: str) -> str:
    """Read the 证件类型 cell: empty means 居民身份证; accepts the Chinese or English label or the code."""
    text = raw.strip().lower()
    if not text:
        return str(IdType.RESIDENT_ID)
    for value, label in IdType.choices:
        with translation.override("zh-hans"):
            chinese = str(label).lower()
        if text in (value, str(label).lower(), chinese):
            return str(value)
    raise InvalidInput(
        _("ID type (column 证件类型): not an ID document type the registry knows; leave it empty for a resident ID.")
    )
