"""The unified social credit code (GB 32100) and its check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.errors import InvalidInput
from skillcert.institutions.creditcode import ALPHABET, check_character, validate_credit_code

body = st.tuples(
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
).map("".join)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", " 91350100m000100y43 "])
def test_published_codes_are_accepted_and_normalised(code):
    assert validate_credit_code(code) == code.strip().upper()


@given(body)
def test_a_code_with_its_check_character_is_valid(first17):
    code = first17 + check_character(first17)
    assert validate_credit_code(code) == code


@given(body, st.integers(min_value=0, max_value=16), st.sampled_from(ALPHABET))
def test_changing_one_character_is_caught(first17, position, replacement):
    code = first17 + check_character(first17)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code or not changed[2:8].isdigit():
        return
    with pytest.raises(InvalidInput):
        validate_credit_code(changed)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9135010", "统一社会信用代码应为 18 位，这个代码有 7 位。"),
        ("91350100M000100YI3", "第 17 位字符“I”不能出现在统一社会信用代码中。"),
        ("91AB0100M000100Y43", "统一社会信用代码第 3 至 8 位是登记管理机关行政区划码，应为 6 位数字。"),
        ("91350100M000100Y44", "统一社会信用代码的校验码（第 18 位）不正确，请检查是否输错。"),
    ],
)
def test_each_fault_has_its_own_chinese_message(code, message):
    with pytest.raises(InvalidInput) as caught:
        validate_credit_code(code)
    assert caught.value.as_dict()["fields"] == {"credit_code": [message]}
    assert caught.value.code == "invalid_credit_code"
