"""Certificate numbers against worked examples written out by hand from the public rule (docs/certificates.md).

职业技能等级证书: kind letter Y/S + institution code (4) + province 51 + site serial (6) + year (2) + level
digit (1) + sequence (6) = 22 characters. The expected strings below are typed out piece by piece, not
built with the code under test.
"""

from __future__ import annotations

import pytest

from skillcert.certificates import numbering
from skillcert.core.errors import InvalidInput

# (letter, institution code, site serial, year, level, serial) → the number, assembled by hand
WORKED_EXAMPLES = [
    (("S", "0000", "000123", 2026, 3, 42), "S" + "0000" + "51" + "000123" + "26" + "3" + "000042"),
    (("Y", "1234", "510104", 2025, 5, 1), "Y" + "1234" + "51" + "510104" + "25" + "5" + "000001"),
    (("S", "9876", "000001", 2030, 1, 999_999), "S" + "9876" + "51" + "000001" + "30" + "1" + "999999"),
    (("Y", "0000", "123456", 2100, 2, 10), "Y" + "0000" + "51" + "123456" + "00" + "2" + "000010"),
]


@pytest.mark.parametrize(("parts", "expected"), WORKED_EXAMPLES)
def test_skill_level_numbers_match_the_worked_examples(parts, expected):
    letter, code, site, year, level, serial = parts
    prefix = numbering.skill_level_prefix(
        letter=letter, institution_code=code, site_serial=site, year=year, level=level
    )
    number = numbering.format_number("skill_level", prefix, serial)
    assert number == expected
    assert len(number) == 22
    assert (number[0], number[1:5], number[5:7], number[7:13], number[13:15], number[15], number[16:]) == (
        letter, code, "51", site, f"{year % 100:02d}", str(level), f"{serial:06d}",
    )  # fmt: skip
    numbering.check_number_format("skill_level", number)


def test_project_formats_match_the_worked_examples():
    special = numbering.format_number(
        "special_ability", numbering.special_ability_prefix(region_code4="5101", year=2025), 7
    )
    assert special == "ZX" + "5101" + "25" + "00000007"
    province = numbering.format_number(
        "special_ability", numbering.special_ability_prefix(region_code4="5100", year=2031), 12
    )
    assert province == "ZX" + "5100" + "31" + "00000012"
    assert numbering.format_number("qualification", numbering.qualification_prefix(year=2026, level=3), 5) == (
        "ZG" + "51" + "26" + "3" + "00000005"
    )
    assert numbering.format_number("qualification", numbering.qualification_prefix(year=2026, level=None), 1) == (
        "ZG" + "51" + "26" + "0" + "00000001"
    )


def test_the_last_serial_of_a_prefix_still_fits_and_the_next_is_refused():
    prefix = "S" + "0000" + "51" + "000123" + "26" + "3"
    assert numbering.format_number("skill_level", prefix, 999_999) == prefix + "999999"
    with pytest.raises(InvalidInput):
        numbering.format_number("skill_level", prefix, 1_000_000)
    assert numbering.format_number("special_ability", "ZX510125", 99_999_999) == "ZX510125" + "99999999"
    with pytest.raises(InvalidInput):
        numbering.format_number("special_ability", "ZX510125", 100_000_000)


@pytest.mark.parametrize(
    "changes",
    [
        {"letter": "X"},
        {"letter": "s"},
        {"institution_code": "123"},
        {"institution_code": "12a4"},
        {"institution_code": "12345"},
        {"site_serial": "12345"},
        {"site_serial": "1234567"},
        {"site_serial": "12345a"},
        {"level": 0},
        {"level": 6},
    ],
)
def test_a_prefix_against_the_rule_is_refused(changes):
    parts = {"letter": "S", "institution_code": "0000", "site_serial": "000123", "year": 2026, "level": 3} | changes
    with pytest.raises(InvalidInput):
        numbering.skill_level_prefix(**parts)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_every_level_digit_is_accepted_on_import(level):
    numbering.check_number_format("skill_level", "S000051000123263000042"[:15] + str(level) + "000042")


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("skill_level", "S000051000123260000042"),  # level digit 0
        ("skill_level", "s000051000123263000042"),  # small letter
        ("skill_level", "S0000510001232630000421"),  # 23 characters
        ("qualification", "ZG5126600000001"),  # level digit 6
        ("qualification", "ZG512630000001"),  # 14 characters
        ("qualification", "2651000000600000"),  # 16 digits, level digit 6 at position 11
        ("special_ability", "ZX5101-25"),
        ("special_ability", "ZX51"),  # 4 characters
    ],
)
def test_numbers_against_the_rule_are_refused_on_import(kind, number):
    with pytest.raises(InvalidInput):
        numbering.check_number_format(kind, number)


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("qualification", "ZG5126300000005"),
        ("qualification", "2651000000300000"),  # national 16 digits, level digit 3 at position 11
        ("special_ability", "ZX51012500000007"),
        ("special_ability", "ABCDEFGH"),  # other issuers' numbers: 8–32 capitals or digits
    ],
)
def test_numbers_following_the_rule_are_accepted_on_import(kind, number):
    numbering.check_number_format(kind, number)
