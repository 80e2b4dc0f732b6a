"""ID numbers: GB 11643 check characters and the formats of the other ID documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.errors import InvalidInput
from skillcert.people.idnumbers import (
    IdType,
    gb11643_check_character,
    gender_from_id_number,
    is_valid_id_number,
    lookup_form,
    matching_id_types,
    normalise_id_number,
    validate_id_number,
)

# Weights and check characters written out as GB 11643-1999 tables them (independent of the module).
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]


def with_check(first17: str) -> str:
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def message_of(id_type: str, number: str, language: str = "zh-hans") -> str:
    with translation.override(language), pytest.raises(InvalidInput) as caught:
        validate_id_number(id_type, number)
    return str(caught.value.message)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the worked example of GB 11643-1999 (check character X)
        "510107199003071236",
        "511324199612163556",
    ],
)
def test_resident_id_numbers_with_a_correct_check_character_are_accepted(number):
    validate_id_number(IdType.RESIDENT_ID, number)


def test_check_character_of_the_standards_examples():
    assert gb11643_check_character("11010519491231002") == "X"
    assert gb11643_check_character("44052418800101001") == "4"  # born 1880: too early for a holder, but the sum holds


def test_wrong_check_digit_says_so_without_echoing_the_number_or_the_expected_digit():
    message = message_of(IdType.RESIDENT_ID, "110105194912310021")
    assert "校验位不正确" in message
    assert "110105194912310021" not in message
    assert "X" not in message and "11010519491231002" not in message
    assert "check digit is wrong" in message_of(IdType.RESIDENT_ID, "110105194912310021", "en")


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("11010519491231002", "18位"),
        ("1101051949123100211", "18位"),
        ("110105491231002", "15位"),
        ("11010519491231X02X", "数字"),
        (with_check("11010519490230002"), "出生日期"),  # 30 February
        (with_check("11010520991231002"), "出生日期"),  # in the future
        (with_check("11010518891231002"), "出生日期"),  # before 1900
        ("", "请填写"),
    ],
)
def test_each_kind_of_bad_resident_id_number_gets_its_own_message(number, words):
    assert words in message_of(IdType.RESIDENT_ID, number)


def test_normalisation_strips_blanks_and_upper_cases_x_and_full_width_digits():
    assert normalise_id_number(IdType.RESIDENT_ID, " 110105 19491231 002x ") == "11010519491231002X"
    assert normalise_id_number(IdType.RESIDENT_ID, "１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert normalise_id_number(IdType.HK_MACAO_PERMIT, "h1234-5678") == "H12345678"


@pytest.mark.parametrize("number", ["810000199408230021", "820000200001010016", "830000198511110035"])
def test_residence_permits_of_hong_kong_macao_and_taiwan_residents(number):
    validate_id_number(IdType.HMT_RESIDENCE_PERMIT, number)


def test_residence_permit_needs_its_prefix_and_check_character():
    assert "810000" in message_of(IdType.HMT_RESIDENCE_PERMIT, "510107199003071236")
    assert "校验位不正确" in message_of(IdType.HMT_RESIDENCE_PERMIT, "810000199408230022")


def test_foreign_permanent_resident_cards_old_and_new():
    validate_id_number(IdType.FOREIGN_PERMANENT_RESIDENT, "911036198506130012")  # 2023 card: 9…, MOD 11-2
    validate_id_number(IdType.FOREIGN_PERMANENT_RESIDENT, "USA110085061301")  # earlier card: 3 letters + 12 digits
    assert "9" in message_of(IdType.FOREIGN_PERMANENT_RESIDENT, "510107199003071236")
    assert "校验位不正确" in message_of(IdType.FOREIGN_PERMANENT_RESIDENT, "911036198506130013")
    assert "3个字母" in message_of(IdType.FOREIGN_PERMANENT_RESIDENT, "US1110085061301")


@pytest.mark.parametrize(
    ("id_type", "good", "bad"),
    [
        (IdType.HK_MACAO_PERMIT, ["H12345678", "M87654321", "H1234567800"], ["A12345678", "H1234567", "H123456789"]),
        (IdType.TAIWAN_PERMIT, ["12345678", "1234567890"], ["1234567", "123456789", "A1234567"]),
        (IdType.PASSPORT, ["E12345678", "EA1234567", "G12345678", "X1234"], ["ABCDEFGH", "E12", "E123 4567!"]),
    ],
)
def test_other_id_types_are_checked_against_their_own_format(id_type, good, bad):
    for number in good:
        validate_id_number(id_type, normalise_id_number(id_type, number))
    for number in bad:
        assert not is_valid_id_number(id_type, normalise_id_number(id_type, number)), number


def test_a_renewed_hong_kong_permit_identifies_the_same_person():
    assert lookup_form(IdType.HK_MACAO_PERMIT, "H1234567801") == lookup_form(IdType.HK_MACAO_PERMIT, "H12345678")


def test_unknown_id_type_is_refused():
    with pytest.raises(InvalidInput) as caught:
        validate_id_number("driving_licence", "123")
    assert "id_type" in caught.value.fields


def test_matching_types_and_gender_from_the_sequence_digit():
    assert matching_id_types("11010519491231002X") == [IdType.RESIDENT_ID]
    assert set(matching_id_types("12345678")) == {IdType.TAIWAN_PERMIT, IdType.PASSPORT}
    assert gender_from_id_number(IdType.RESIDENT_ID, "11010519491231002X") == "female"
    assert gender_from_id_number(IdType.RESIDENT_ID, "510107199003071236") == "male"
    assert gender_from_id_number(IdType.PASSPORT, "E12345678") == ""


valid_first17 = st.builds(
    lambda region, born, sequence: f"{region:06d}{born:%Y%m%d}{sequence:03d}",
    st.integers(min_value=110000, max_value=829999),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
)


@given(valid_first17)
def test_property_numbers_with_a_computed_check_character_are_accepted(first17):
    validate_id_number(IdType.RESIDENT_ID, with_check(first17))


@given(valid_first17, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_property_any_single_character_change_is_rejected(first17, position, replacement):
    number = with_check(first17)
    if number[position] == replacement:
        replacement = "7" if replacement != "7" else "3"
    changed = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_id_number(IdType.RESIDENT_ID, changed)


def test_gender_words_and_contradictions():
    from skillcert.people.idnumbers import check_gender

    assert check_gender("女", IdType.RESIDENT_ID, "11010519491231002X") == "female"
    assert check_gender("", IdType.RESIDENT_ID, "510107199003071236") == "male"
    assert check_gender("F", IdType.PASSPORT, "E12345678") == "female"
    assert check_gender("", IdType.PASSPORT, "E12345678") == "unspecified"
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        check_gender("男", IdType.RESIDENT_ID, "11010519491231002X")
    assert "性别与证件号码不符" in str(caught.value.message)
    with pytest.raises(InvalidInput):
        check_gender("other", IdType.PASSPORT, "E12345678")
