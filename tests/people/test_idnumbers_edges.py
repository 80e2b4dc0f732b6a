"""ID numbers at their edges: the exact message and error code of each refusal, both sides of each boundary.

The messages are what a clerk reads next to the ID number field of a form or an import row, so each refusal
is compared word for word (in English, and in Chinese for the language users see first), together with the
field it is attached to and the error code the API returns. None of them repeats the number.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from skillcert.core.errors import InvalidInput
from skillcert.people.idnumbers import (
    IdType,
    check_gender,
    gender_from_id_number,
    lookup_form,
    matching_id_types,
    normalise_id_number,
    validate_id_number,
)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
TODAY = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)


def with_check(first17: str) -> str:
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def refusal(id_type: str, number: str, language: str = "en") -> InvalidInput:
    with translation.override(language), pytest.raises(InvalidInput) as caught:
        validate_id_number(id_type, number)
    return caught.value


def assert_refused(id_type: str, number: str, message: str, code: str = "invalid_id_number") -> None:
    error = refusal(id_type, number)
    assert (str(error.message), error.code, error.fields) == (message, code, {"id_number": [message]})
    assert not number or number not in message


# Resident identity cards ------------------------------------------------------------------------------------------


def test_a_missing_number_asks_for_it():
    assert_refused(IdType.RESIDENT_ID, "", "Enter the ID number.", "required")
    assert str(refusal(IdType.RESIDENT_ID, "", "zh-hans").message) == "请填写证件号码。"


@pytest.mark.parametrize(("number", "count"), [("1101051949123100", 16), ("11010519491231002X1", 19), ("X" * 15, 15)])
def test_a_number_of_the_wrong_length_says_how_long_it_is(number, count):
    assert_refused(IdType.RESIDENT_ID, number, f"The number should have 18 characters; this one has {count}.")


def test_the_wrong_length_reads_in_chinese():
    assert str(refusal(IdType.RESIDENT_ID, "1101051949123100", "zh-hans").message) == "号码应为18位，当前为16位。"


def test_a_fifteen_digit_first_generation_number_is_refused_with_its_own_message():
    assert_refused(
        IdType.RESIDENT_ID,
        "110105491231002",
        "15-digit first-generation ID numbers are no longer valid; enter the 18-character number of the current "
        "resident identity card.",
    )


def test_letters_inside_the_number_are_refused():
    assert_refused(IdType.RESIDENT_ID, "1101051949123100XX", "Use digits only; only the last character may be X.")


BIRTH = "The birth date in the number (characters 7 to 14) is not a possible date of birth."


@time_machine.travel(TODAY, tick=False)
def test_born_today_is_accepted_and_born_tomorrow_is_refused():
    validate_id_number(IdType.RESIDENT_ID, with_check("51010720260315123"))
    assert_refused(IdType.RESIDENT_ID, with_check("51010720260316123"), BIRTH)


def test_born_on_the_first_day_of_1900_is_accepted_and_the_day_before_is_refused():
    validate_id_number(IdType.RESIDENT_ID, with_check("51010719000101123"))
    assert_refused(IdType.RESIDENT_ID, with_check("51010718991231123"), BIRTH)


def test_an_impossible_date_is_refused_with_the_birth_date_message():
    assert_refused(IdType.RESIDENT_ID, with_check("51010719901301123"), BIRTH)  # month 13


def test_a_wrong_check_digit_has_its_own_code():
    assert_refused(
        IdType.RESIDENT_ID,
        "510107199003071235",
        "The check digit is wrong: check the number for typing errors.",
        "wrong_check_digit",
    )


# Residence permits of Hong Kong, Macao and Taiwan residents -------------------------------------------------------


def test_a_residence_permit_of_the_wrong_length_says_how_long_it_is():
    assert_refused(
        IdType.HMT_RESIDENCE_PERMIT, "81000019940823002", "The number should have 18 characters; this one has 17."
    )


def test_a_residence_permit_with_another_prefix_is_refused():
    assert_refused(
        IdType.HMT_RESIDENCE_PERMIT,
        "510107199003071236",
        "A residence permit number of Hong Kong, Macao or Taiwan residents starts with 810000, 820000 or 830000.",
    )


def test_a_residence_permit_birth_date_is_checked():
    assert_refused(IdType.HMT_RESIDENCE_PERMIT, with_check("81000018991231002"), BIRTH)


# Foreign permanent resident ID cards ------------------------------------------------------------------------------


def test_an_old_foreign_card_needs_three_letters_and_twelve_digits():
    assert_refused(
        IdType.FOREIGN_PERMANENT_RESIDENT,
        "US1110085061301",
        "A 15-character permanent resident ID number is 3 letters followed by 12 digits.",
    )


@pytest.mark.parametrize(("number", "count"), [("USA11008506130", 14), ("9110361985061300", 16)])
def test_a_foreign_card_of_another_length_says_how_long_it_is(number, count):
    assert_refused(
        IdType.FOREIGN_PERMANENT_RESIDENT,
        number,
        "A foreign permanent resident ID number has 18 characters (15 on cards issued before December 2023); "
        f"this one has {count}.",
    )


def test_a_new_foreign_card_starts_with_nine():
    assert_refused(
        IdType.FOREIGN_PERMANENT_RESIDENT,
        "510107199003071236",
        "An 18-character foreign permanent resident ID number starts with 9.",
    )


def test_a_new_foreign_card_is_not_checked_for_a_birth_date():
    validate_id_number(IdType.FOREIGN_PERMANENT_RESIDENT, with_check("91103600000000001"))


def test_a_new_foreign_card_has_the_shape_and_check_character_rules():
    assert_refused(
        IdType.FOREIGN_PERMANENT_RESIDENT, "9110361985061300AB", "Use digits only; only the last character may be X."
    )
    assert refusal(IdType.FOREIGN_PERMANENT_RESIDENT, "911036198506130013").code == "wrong_check_digit"


# Travel permits and passports ---------------------------------------------------------------------------------------


def test_the_travel_permit_and_passport_messages():
    assert_refused(
        IdType.HK_MACAO_PERMIT,
        "A12345678",
        "A Mainland travel permit number of Hong Kong or Macao residents is H or M followed by 8 digits (10 on "
        "older permits).",
    )
    assert_refused(
        IdType.TAIWAN_PERMIT,
        "123456789",
        "A Mainland travel permit number of Taiwan residents has 8 digits (10 on older permits).",
    )
    assert_refused(
        IdType.PASSPORT, "ABCDEFGH", "A passport number has 5 to 17 letters and digits, at least one of them a digit."
    )


def test_passport_numbers_from_five_to_seventeen_characters():
    for number in ["E1234", "E" + "1" * 16, "12345"]:
        validate_id_number(IdType.PASSPORT, number)
    for number in ["E123", "E" + "1" * 17, "e12345"]:
        assert refusal(IdType.PASSPORT, number).code == "invalid_id_number", number


def test_an_unknown_type_is_refused_on_the_type_field():
    error = refusal("driving_licence", "E12345678")
    assert (str(error.message), error.code, error.fields) == (
        "Unknown ID type.",
        "invalid_id_type",
        {"id_type": ["Unknown ID type."]},
    )
    assert str(refusal("driving_licence", "", "zh-hans").message) == "未知的证件类型。"


# Normalisation, look-ups and gender -------------------------------------------------------------------------------


def test_normalisation_removes_brackets_and_tolerates_nothing():
    assert normalise_id_number(IdType.HK_MACAO_PERMIT, "H12345678(01)") == "H1234567801"
    assert normalise_id_number(IdType.PASSPORT, "\te12\n345 ") == "E12345"
    assert normalise_id_number(IdType.PASSPORT, None) == ""  # type: ignore[arg-type]


def test_matching_types_are_plain_strings():
    assert matching_id_types("810000199408230021") == ["resident_id", "hmt_residence_permit"]
    assert [type(t) for t in matching_id_types("810000199408230021")] == [str, str]


def test_only_hong_kong_and_macao_permits_drop_the_renewal_digits():
    assert lookup_form(IdType.HK_MACAO_PERMIT, "H1234567801") == "H12345678"
    assert lookup_form(IdType.TAIWAN_PERMIT, "1234567890") == "1234567890"
    assert lookup_form(IdType.PASSPORT, "E1234567801") == "E1234567801"


def test_gender_comes_from_the_residence_permit_and_not_from_other_eighteen_character_numbers():
    assert gender_from_id_number(IdType.HMT_RESIDENCE_PERMIT, "810000199408230021") == "female"
    assert gender_from_id_number(IdType.HMT_RESIDENCE_PERMIT, "830000198511110035") == "male"
    assert gender_from_id_number(IdType.FOREIGN_PERMANENT_RESIDENT, "911036198506130012") == ""
    assert gender_from_id_number(IdType.RESIDENT_ID, "51010719900307123") == ""


MALE_NUMBER, FEMALE_NUMBER = "510107199003071236", "11010519491231002X"


@pytest.mark.parametrize(("word", "stored"), [("男", "male"), ("M", "male"), ("m", "male"), (" Male ", "male")])
def test_every_word_for_male_is_understood(word, stored):
    assert check_gender(word, IdType.RESIDENT_ID, MALE_NUMBER) == stored


@pytest.mark.parametrize("word", ["女", "F", "f", "FEMALE"])
def test_every_word_for_female_is_understood(word):
    assert check_gender(word, IdType.PASSPORT, "E12345678") == "female"


def test_not_stated_takes_the_gender_of_the_number_when_it_has_one():
    assert check_gender("unspecified", IdType.RESIDENT_ID, FEMALE_NUMBER) == "female"
    assert check_gender(None, IdType.RESIDENT_ID, MALE_NUMBER) == "male"  # type: ignore[arg-type]
    assert check_gender("unspecified", IdType.PASSPORT, "E12345678") == "unspecified"
    assert check_gender("female", IdType.PASSPORT, "E12345678") == "female"


def test_gender_refusals_say_what_is_wrong_on_the_gender_field():
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        check_gender("other", IdType.PASSPORT, "E12345678")
    message = "Gender must be male, female or not stated."
    assert (str(caught.value.message), caught.value.code, caught.value.fields) == (
        message,
        "invalid_gender",
        {"gender": [message]},
    )
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        check_gender("female", IdType.RESIDENT_ID, MALE_NUMBER)
    message = "The gender does not match the ID number (its 17th digit is odd for men, even for women)."
    assert (str(caught.value.message), caught.value.code, caught.value.fields) == (
        message,
        "gender_mismatch",
        {"gender": [message]},
    )


@pytest.mark.parametrize("digits", ["1101051949123100", "110105194912310021"])
def test_the_check_character_needs_exactly_seventeen_digits(digits):
    from skillcert.people.idnumbers import gb11643_check_character

    with pytest.raises(ValueError):
        gb11643_check_character(digits)
