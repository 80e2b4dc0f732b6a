"""Certificate numbers at their edges: the exact refusal a clerk reads, both sides of every length and range.

Refusals come back to the person configuring an institution's numbering or importing legacy certificates,
so each one is compared word for word (English here; the Chinese catalogue is checked by the i18n tests).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from skillcert.certificates import numbering
from skillcert.certificates.models import NumberSequence
from skillcert.core.errors import InvalidInput

PARTS = {"letter": "S", "institution_code": "0000", "site_serial": "000123", "year": 2026, "level": 3}
CODE_MESSAGE = "The institution's number letter or institution code is not usable in certificate numbers."
SITE_MESSAGE = "The institution's site serial must be 6 digits to number certificates."
LEVEL_MESSAGE = "The level must be between 1 and 5."


def refusal(function, *args, **kwargs) -> str:
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        function(*args, **kwargs)
    return str(caught.value.message)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"letter": "X"}, CODE_MESSAGE),
        ({"letter": "YS"}, CODE_MESSAGE),
        ({"institution_code": "123"}, CODE_MESSAGE),
        ({"institution_code": "1234\n"}, CODE_MESSAGE),
        ({"site_serial": "12345"}, SITE_MESSAGE),
        ({"site_serial": "1234567"}, SITE_MESSAGE),
        ({"level": 0}, LEVEL_MESSAGE),
        ({"level": 6}, LEVEL_MESSAGE),
    ],
)
def test_each_unusable_prefix_part_gets_its_own_message(changes, message):
    assert refusal(numbering.skill_level_prefix, **(PARTS | changes)) == message


@pytest.mark.parametrize(("letter", "level"), [("Y", 1), ("S", 5)])
def test_both_letters_and_the_outer_levels_are_usable(letter, level):
    prefix = numbering.skill_level_prefix(**(PARTS | {"letter": letter, "level": level}))
    assert prefix == f"{letter}000051000123" + "26" + str(level)


def test_a_year_in_the_first_decade_of_a_century_keeps_its_leading_zero():
    assert numbering.skill_level_prefix(**(PARTS | {"year": 2105})).endswith("053")
    assert numbering.special_ability_prefix(region_code4="5100", year=2107) == "ZX510007"
    assert numbering.qualification_prefix(year=2009, level=2) == "ZG51092"


@pytest.mark.parametrize(
    ("kind", "prefix", "last"),
    [
        ("skill_level", "S00005100012326" + "3", 999_999),
        ("special_ability", "ZX510125", 99_999_999),
        ("qualification", "ZG51263", 99_999_999),
    ],
)
def test_an_exhausted_prefix_says_how_many_serials_it_had(kind, prefix, last):
    assert numbering.format_number(kind, prefix, last).endswith(str(last))
    assert refusal(numbering.format_number, kind, prefix, last + 1) == (
        f"All {last} serial numbers under {prefix} are used; the centre must assign a new site serial."
    )


@pytest.mark.django_db
def test_serials_are_reserved_per_prefix():
    with transaction.atomic():
        assert numbering.reserve_serials("ZG51263", 5) == 1
        assert numbering.reserve_serials("ZG51264", 1) == 1
        assert numbering.reserve_serials("ZG51263", 1) == 6
    assert NumberSequence.objects.get(prefix="ZG51263").last_value == 6


SKILL_SHAPE = "A skill level certificate number is Y or S followed by 21 digits."
QUALIFICATION_SHAPE = (
    "A vocational qualification certificate number is 16 digits (national format) or ZG51… (this registry)."
)
LEVEL_DIGIT = "Position 16 of a skill level certificate number is the level digit 1–5."
SPECIAL_SHAPE = "A special ability certificate number is 8–32 capital letters or digits."


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("skill_level", "S00005100012326300004", SKILL_SHAPE),
        ("skill_level", "Y0000510001232630000421", SKILL_SHAPE),
        ("skill_level", "S000051000123260000042", LEVEL_DIGIT),
        ("skill_level", "S000051000123269000042", LEVEL_DIGIT),
        ("qualification", "2651000000000000", QUALIFICATION_SHAPE),
        ("qualification", "265100000010000", QUALIFICATION_SHAPE),
        ("qualification", "ZG5226300000005", QUALIFICATION_SHAPE),
        ("special_ability", "ABCDEFG", SPECIAL_SHAPE),
        ("special_ability", "A" * 33, SPECIAL_SHAPE),
        ("special_ability", "abcdefgh", SPECIAL_SHAPE),
    ],
)
def test_each_broken_rule_on_import_gets_its_own_message(kind, number, message):
    assert refusal(numbering.check_number_format, kind, number) == message


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("skill_level", "Y000051000123261000042"),
        ("skill_level", "S000051000123265000042"),
        ("qualification", "2651000000100000"),
        ("qualification", "2651000000500000"),
        ("qualification", "ZG5126000000005"),
        ("qualification", "ZG5126500000005"),
        ("special_ability", "ABCDEFGH"),
        ("special_ability", "A" * 32),
        ("special_ability", "ZX51012500000007"),
    ],
)
def test_numbers_at_the_edges_of_each_rule_are_accepted_on_import(kind, number):
    numbering.check_number_format(kind, number)
