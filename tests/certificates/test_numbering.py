"""Certificate numbers: the national 22-character rule and the documented project formats."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from skillcert.certificates import numbering
from skillcert.core.errors import InvalidInput


def test_skill_level_number_follows_the_national_rule():
    prefix = numbering.skill_level_prefix(letter="S", institution_code="0000", site_serial="000123", year=2026, level=3)
    number = numbering.format_number("skill_level", prefix, 42)
    assert number == "S000051000123263000042"
    assert len(number) == 22
    numbering.check_number_format("skill_level", number)


def test_project_formats():
    assert numbering.format_number(
        "special_ability", numbering.special_ability_prefix(region_code4="5101", year=2025), 7
    ) == ("ZX510125" + "00000007")
    assert (
        numbering.format_number("qualification", numbering.qualification_prefix(year=2026, level=None), 1)
        == "ZG51260" + "00000001"
    )


@pytest.mark.django_db
def test_serials_are_reserved_consecutively_and_never_reused():
    with transaction.atomic():
        first = numbering.reserve_serials("S00005100012326", 3)
        second = numbering.reserve_serials("S00005100012326", 2)
    assert (first, second) == (1, 4)


def test_exhausted_prefix_is_refused():
    with pytest.raises(InvalidInput, match=r"站点序列码|new site serial"):
        numbering.format_number("skill_level", "S00005100012326" + "3", 1_000_000)


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("skill_level", "S00005100012326300004"),  # 21 characters
        ("skill_level", "X000051000123263000042"),  # wrong letter
        ("skill_level", "S000051000123266000042"),  # level digit 6
        ("qualification", "2651000000000000"),  # level digit 0 in the 16-digit format
        ("special_ability", "zx-1"),
    ],
)
def test_malformed_legacy_numbers_are_refused(kind, number):
    with pytest.raises(InvalidInput):
        numbering.check_number_format(kind, number)


@given(
    st.sampled_from("YS"),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.integers(2000, 2099),
    st.integers(1, 5),
    st.integers(1, 999_999),
)
def test_every_issued_number_passes_the_format_check(letter, site, year, level, serial):
    prefix = numbering.skill_level_prefix(
        letter=letter, institution_code="0000", site_serial=site, year=year, level=level
    )
    numbering.check_number_format("skill_level", numbering.format_number("skill_level", prefix, serial))
