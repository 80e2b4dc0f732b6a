"""Names: what is accepted, what is refused with which message, and the romanised form."""

from __future__ import annotations

import pytest
from django.utils import translation
from pypinyin import Style, pinyin

from skillcert.core.errors import InvalidInput
from skillcert.people.names import romanise_name, surname_table, validate_person_name


def refusal(name: str) -> str:
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        validate_person_name(name)
    return str(caught.value.message)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("张三", "张三"),
        ("王㛃", "王㛃"),  # CJK Extension A
        ("𠮷田", "𠮷田"),  # CJK Extension B (outside the Basic Multilingual Plane)
        ("阿卜杜拉·买买提", "阿卜杜拉·买买提"),
        ("阿卜杜拉・买买提", "阿卜杜拉·买买提"),  # katakana middle dot U+30FB
        ("阿卜杜拉•买买提", "阿卜杜拉·买买提"),  # bullet U+2022
        (" 张　三 ", "张三"),  # blanks typed inside a Chinese name
        ("李〇", "李〇"),
        ("Jean-Luc O’Neil", "Jean-Luc O'Neil"),
        ("José  García", "José García"),
        ("ＪＯＨＮ SMITH", "JOHN SMITH"),
    ],
)
def test_accepted_names_and_their_normal_form(raw, stored):
    assert validate_person_name(raw) == stored


def test_length_counts_code_points_not_utf16_units():
    assert validate_person_name("𠮷" * 30) == "𠮷" * 30
    assert "31" in refusal("𠮷" * 31)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("张三1", "数字"),
        ("张３", "数字"),  # full-width digit
        ("张" * 31, "最多30个字"),
        ("李" * 50, "当前为50个字"),
        ("张三!", "“!”"),
        ("张<三>", "“<”"),
        ("", "请填写姓名"),
        ("   ", "请填写姓名"),
        ("·买买提", "间隔号"),
        ("阿卜杜拉··买买提", "间隔号"),
        ("Zhang三", "拉丁字母"),
        ("-John", "字母开头"),
    ],
)
def test_refused_names_get_a_precise_message(name, words):
    assert words in refusal(name)


def test_the_table_readings_are_readings_the_pinyin_dictionary_knows():
    for surname, reading in surname_table().items():
        options = [set(p) for p in pinyin(surname, style=Style.NORMAL, heteronym=True)]

        def fits(rest: str, index: int, options: list[set[str]] = options) -> bool:
            if index == len(options):
                return rest == ""
            return any(rest.startswith(o) and fits(rest[len(o) :], index + 1) for o in options[index])

        assert fits(reading, 0), (surname, reading)


def test_every_table_entry_romanises_the_surname_by_its_reading():
    table = surname_table()
    assert len(table) > 100
    for surname, reading in table.items():
        assert romanise_name(surname + "明") == f"{reading.capitalize()} Ming", surname


@pytest.mark.parametrize(
    ("name", "romanised"),
    [
        ("张三丰", "Zhang Sanfeng"),
        ("张三", "Zhang San"),
        ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"),
        ("解缙", "Xie Jin"),
        ("仇英", "Qiu Ying"),
        ("朴槿惠", "Piao Jinhui"),
        ("区家麟", "Ou Jialin"),
        ("查良镛", "Zha Liangyong"),
        ("欧阳修", "Ouyang Xiu"),
        ("司马光", "Sima Guang"),
        ("诸葛亮", "Zhuge Liang"),
        ("上官婉儿", "Shangguan Wan'er"),
        ("东方朔", "Dongfang Shuo"),
        ("尉迟恭", "Yuchi Gong"),
        ("万俟卨", "Moqi Xie"),
        ("长孙无忌", "Zhangsun Wuji"),
        ("吕布", "Lyu Bu"),  # ü as "yu", as on passports
        ("王西安", "Wang Xi'an"),  # syllable boundary marked
        ("阿卜杜拉·买买提", "Abodula Maimaiti"),
        ("John Smith", "John Smith"),
    ],
)
def test_romanised_names_put_the_surname_first_and_join_the_given_name(name, romanised):
    assert romanise_name(name) == romanised


def test_overrides_win_over_the_shipped_table():
    assert romanise_name("覃明") == "Qin Ming"
    assert romanise_name("覃明", {"覃": "tan"}) == "Tan Ming"
    assert romanise_name("东方明", {"东方": "dongfang"}) == "Dongfang Ming"


def test_a_character_without_a_known_reading_asks_for_the_romanised_name_by_hand():
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        romanise_name("𠮷田")
    assert "𠮷" in str(caught.value.message)
    assert "romanised_name" in caught.value.fields
