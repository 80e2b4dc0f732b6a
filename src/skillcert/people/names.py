"""Person names: validation and the romanised (pinyin) form printed on the English side of certificates.

Accepted names:

- Chinese names of any length up to 30 characters, including rare characters from the CJK
  extensions (㛃 in Extension A, 𠮷 in Extension B, and later blocks up to Extension I), and
  〇, which some given names use;
- names of minority nationalities written in characters with the middle dot
  (阿卜杜拉·买买提); the look-alike dots people type (・ • ‧ ･ ∙ ⋅) become U+00B7;
- Latin-letter names of foreigners (with accents, spaces, hyphens, apostrophes and a full stop
  for initials).

Romanised names follow the order and spelling of Chinese certificates and passports: the
surname first, each part capitalised, the syllables of the given name run together
("Zhang Sanfeng"), ü written as "yu" ("Lyu Bu"), and an apostrophe where a syllable starting
with a, o or e would run into the one before (Hanyu Pinyin orthography: "Wang Xi'an").
Surnames with a special reading and compound surnames come from ``data/surnames.csv``,
overridden by :class:`skillcert.people.models.SurnameReading` rows (pass them as ``overrides``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from skillcert.core.errors import InvalidInput

MAX_NAME_LENGTH = 30
MAX_ROMANISED_LENGTH = 64
MIDDLE_DOT = "\u00b7"
DOT_VARIANTS = "\u30fb\u2022\u2027\uff65\u2219\u22c5\u0387\u16eb\u2e31"
SURNAME_FILE = Path(__file__).resolve().parent / "data" / "surnames.csv"
CJK_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2FA1F),  # Extensions B to F, I and compatibility supplement
    (0x30000, 0x323AF),  # Extensions G and H
)
LATIN_PUNCTUATION = " -'."
_READING = re.compile(r"[a-z]+")
_ROMANISED = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:[ \-'][A-Za-z\u00C0-\u024F]+)*")


def is_cjk(char: str) -> bool:
    """True for a Chinese character (any CJK ideograph block, including the extensions)."""
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


def _is_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, "")


def _invalid(message: str, field: str = "name") -> InvalidInput:
    return InvalidInput(message, code="invalid_name", fields={field: [message]})


def _clean(raw: str) -> str:
    """Full-width Latin letters and spaces made ASCII, dot variants made U+00B7, blanks collapsed."""
    chars = []
    for char in raw:
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E:
            char = chr(code - 0xFEE0)
        elif char == "\u3000":
            char = " "
        elif char in DOT_VARIANTS:
            char = MIDDLE_DOT
        elif char in "\u2019\u2018":
            char = "'"
        chars.append(char)
    return " ".join("".join(chars).split())


def _describe(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _check_characters(text: str, chinese: bool) -> None:
    for char in text:
        if not is_cjk(char) and (unicodedata.category(char) in ("Nd", "No", "Nl") or char.isdigit()):
            raise _invalid(_("A name cannot contain digits."))
    for char in text:
        allowed = (
            is_cjk(char) or char == MIDDLE_DOT
            if chinese
            else _is_latin_letter(char) or unicodedata.category(char) == "Mn" or char in LATIN_PUNCTUATION
        )
        if allowed:
            continue
        if chinese and _is_latin_letter(char):
            raise _invalid(_("A name in Chinese characters cannot contain Latin letters."))
        raise _invalid(_("A name cannot contain the character “%(char)s”.") % {"char": _describe(char)})


def _check_dots(text: str) -> None:
    if text.startswith(MIDDLE_DOT) or text.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in text:
        raise _invalid(_("The middle dot “·” must stand between two parts of the name."))


def validate_person_name(name: str) -> str:
    """Return the normalised name, or raise :class:`InvalidInput` with a precise message."""
    text = _clean(name or "")
    if not text:
        raise _invalid(_("Enter the name."))
    chinese = any(is_cjk(char) for char in text)
    # 张 三 typed with a space is 张三; ideographs keep their exact code points (NFC would change some).
    text = text.replace(" ", "") if chinese else unicodedata.normalize("NFC", text)
    _check_characters(text, chinese)
    _check_dots(text)
    if not chinese and not (_is_latin_letter(text[0]) and (_is_latin_letter(text[-1]) or text[-1] == ".")):
        raise _invalid(_("A name in Latin letters must begin and end with a letter."))
    if len(text) > MAX_NAME_LENGTH:
        raise _invalid(
            _("The name is too long: at most %(max)d characters, this one has %(count)d.")
            % {"max": MAX_NAME_LENGTH, "count": len(text)}
        )
    return text


def validate_romanised_name(text: str) -> str:
    """Return a hand-entered romanised name with blanks collapsed, or raise :class:`InvalidInput`."""
    value = " ".join(_clean(text or "").split())
    if not value:
        return ""
    if not _ROMANISED.fullmatch(value):
        raise _invalid(
            _("The romanised name may contain Latin letters, spaces, hyphens and apostrophes only."), "romanised_name"
        )
    if len(value) > MAX_ROMANISED_LENGTH:
        raise _invalid(
            _("The romanised name is too long: at most %(max)d characters.") % {"max": MAX_ROMANISED_LENGTH},
            "romanised_name",
        )
    return value


def validate_surname_reading(surname: str, reading: str) -> tuple[str, str]:
    """Check one surname table entry: one or two Chinese characters, a toneless pinyin reading."""
    surname = (surname or "").strip()
    reading = (reading or "").strip().lower().replace(" ", "").replace("ü", "v")
    if not 1 <= len(surname) <= 2 or not all(is_cjk(char) for char in surname):
        raise _invalid(_("A surname is one or two Chinese characters."), "surname")
    if not _READING.fullmatch(reading):
        raise _invalid(_("Write the reading in pinyin letters without tones, e.g. shan."), "reading")
    return surname, reading


@lru_cache(maxsize=1)
def surname_table() -> dict[str, str]:
    """The shipped surname readings (``data/surnames.csv``): surname → toneless pinyin."""
    with SURNAME_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["surname"]: row["reading"] for row in csv.DictReader(handle)}


def _syllables(text: str) -> list[str]:
    unknown: list[str] = []

    def keep_unknown(chars: str) -> str:
        unknown.extend(chars)
        return ""

    syllables = [s.replace("v", "yu") for s in lazy_pinyin(text, style=Style.NORMAL, errors=keep_unknown)]
    if unknown:
        raise _invalid(
            _("No pinyin is known for “%(char)s”; enter the romanised name by hand.") % {"char": unknown[0]},
            "romanised_name",
        )
    return [s for s in syllables if s]


def _join(syllables: list[str]) -> str:
    """Run syllables together, with an apostrophe before a, o or e inside a word (Xi'an)."""
    word = ""
    for syllable in syllables:
        word += "'" + syllable if word and syllable[0] in "aoe" else syllable
    return word.capitalize()


def split_surname(name: str, table: Mapping[str, str]) -> tuple[str, str]:
    """(surname, given name): a compound surname in the table wins over a single character."""
    if len(name) >= 3 and name[:2] in table:
        return name[:2], name[2:]
    return name[:1], name[1:]


def romanise_name(name: str, overrides: Mapping[str, str] | None = None) -> str:
    """The romanised name, e.g. 张三丰 → "Zhang Sanfeng", 单雄信 → "Shan Xiongxin", 欧阳修 → "Ouyang Xiu".

    ``overrides`` (surname → reading) take precedence over the shipped table; services pass the
    readings centre staff keep in :class:`~skillcert.people.models.SurnameReading`. Latin names
    come back unchanged; names with a middle dot are romanised part by part, in their order.
    Raises :class:`InvalidInput` when a character has no known reading.
    """
    text = validate_person_name(name)
    if not any(is_cjk(char) for char in text):
        return text
    if MIDDLE_DOT in text:
        return " ".join(_join(_syllables(part)) for part in text.split(MIDDLE_DOT))
    table = {**surname_table(), **(overrides or {})}
    surname, given = split_surname(text, table)
    surname_reading = table.get(surname) or "".join(_syllables(surname))
    parts = [surname_reading.capitalize()]
    if given:
        parts.append(_join(_syllables(given)))
    return " ".join(parts)
