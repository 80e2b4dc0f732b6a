"""The claim checker's details that the corpus does not pin down, found by mutation testing (`make mutate`).

Each test states one behaviour a reader of the checker's output would notice: which part of a text is
highlighted, how far a warning word reaches, which occupation a certificate word refers to, which
names the checker treats as real qualifications. The pure helpers are called directly with positions
built by hand, so that every boundary (a gap of exactly 15 or 40 characters, a sentence mark at the
first character) is tested on purpose.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from skillcert.supervision import claims
from skillcert.supervision.claims import CheckResult, Finding, Registry
from skillcert.supervision.matcher import Match


def finding(start: int, end: int, code: str = "national_words", text: str = "") -> Finding:
    return Finding(claims.RULES[code], start, end, text[start:end], "")


def registry(
    occupations: list[Match] | None = None, qualifications: list[Match] | None = None, levels: list[int] | None = None
) -> Registry:
    return Registry(occupations or [], levels or [], [], qualifications=qualifications or [])


def match(start: int, end: int, value: Any = "x") -> Match:
    return Match(start, end, "", value)


# ---------------------------------------------------------------------------
# Highlighting (CheckResult.segments)
# ---------------------------------------------------------------------------
def test_highlighting_numbers_findings_from_one_without_empty_chunks():
    """A finding at the very start and one at the very end: no empty chunk before or after, numbers 1 and 2."""
    result = CheckResult("国家级包过", [finding(0, 3), finding(3, 5)])
    assert result.segments() == [("国家级", 1), ("包过", 2)]


def test_an_overlapping_finding_is_skipped_but_later_ones_are_still_highlighted():
    text = "国家级证书，包过。"
    result = CheckResult(text, [finding(0, 5), finding(3, 5), finding(6, 8)])
    assert result.segments() == [("国家级证书", 1), ("，", None), ("包过", 3), ("。", None)]


def test_a_text_without_findings_is_one_plain_chunk():
    assert CheckResult("正规培训", []).segments() == [("正规培训", None)]
    assert CheckResult("", []).segments() == []


# ---------------------------------------------------------------------------
# How far a warning word reaches (_negated)
# ---------------------------------------------------------------------------
def test_a_warning_reaches_ten_characters_even_past_a_quotation_mark():
    """Quotation marks right before the words do not count toward the ten characters a warning reaches."""
    warned = "谨防某些培训班的招生广告“包过”"  # 谨防 + 10 characters + “
    assert claims._negated(warned, warned.index("包过"))
    too_far = "谨防某些培训班的招生广告们“包过”"  # 11 characters
    assert not claims._negated(too_far, too_far.index("包过"))


def test_a_letter_x_before_the_words_counts_like_any_other_character():
    text = "谨防某些培训班的招生广告X包过"  # 谨防 + 11 characters
    assert not claims._negated(text, text.index("包过"))


def test_promises_between_a_warning_and_the_words_count_toward_its_reach():
    """Promises are blanked, not removed: "谨防" followed by eleven characters of promises no longer reaches."""
    text = "谨防包过保过免考代考替考好全国通用"
    assert not claims._negated(text, text.index("全国通用"))
    near = "谨防包过免考全国通用"
    assert claims._negated(near, near.index("全国通用"))


# ---------------------------------------------------------------------------
# Names of real qualifications (qualification_names, _names_real_qualification)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("导游资格", ["导游资格", "导游"]),
        ("社会工作者职业资格（助理社会工作师）", ["社会工作者职业资格", "社会工作者"]),
        ("翻译专业资格(CATTI)", ["翻译专业资格", "翻译"]),
        ("注册会计师", ["注册会计师"]),  # no "资格" ending: nothing cut off
        ("资格", ["资格"]),  # nothing would be left: no empty name
        ("厨资格", ["厨资格"]),  # one character left: too short to be a name of its own
    ],
)
def test_a_qualification_is_recognised_in_full_and_without_its_qualification_ending(name, written):
    assert claims.qualification_names(name) == written


def test_only_the_first_matching_ending_is_cut_off():
    assert claims.qualification_names("护士执业资格") == ["护士执业资格", "护士"]


@pytest.mark.parametrize(
    ("q_start", "q_end", "real"),
    [
        (0, 8, True),  # the words are right after the qualification's name (a gap of two)
        (0, 9, True),  # a gap of one
        (0, 7, False),  # a gap of three: another subject
        (13, 16, False),  # the qualification starts right where the words end
        (12, 16, True),  # the words are part of the name
    ],
)
def test_certificate_words_belong_to_a_qualification_named_right_before_them(q_start, q_end, real):
    assert claims._names_real_qualification(10, 13, registry(qualifications=[match(q_start, q_end)])) is real


# ---------------------------------------------------------------------------
# Sentences (_sentence) and the ministry of a named qualification
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end", "sentence"),
    [
        ("甲。乙。丙丁。戊。", 4, 5, "丙丁"),  # the nearest marks on both sides
        ("\n丙丁", 1, 3, "丙丁"),  # a mark at the first character
        ("丙丁", 0, 2, "丙丁"),  # no marks at all: the whole text
        ("。丙", 0, 0, ""),  # a mark at the very start of the words
        ("X光X丙丁X光。", 3, 5, "X光X丙丁X光"),  # the letter X is no sentence mark
    ],
)
def test_a_sentence_runs_between_the_nearest_sentence_marks(text, start, end, sentence):
    left, right = claims._sentence(text, start, end)
    assert text[left:right] == sentence


PRO = True  # value of a professional-technical qualification's match
TEXT = "。" * 60


def _authority(start: int, end: int, qualifications: list[Match], occupations: list[Match], text: str = TEXT) -> bool:
    found = finding(start, end, "authority_name", text)
    return claims._department_of_named_qualification(found, text, registry(occupations, qualifications))


def test_only_authority_findings_can_be_a_qualifications_department():
    text = "甲" * 30
    found = finding(10, 14, "national_words", text)
    assert not claims._department_of_named_qualification(found, text, registry(qualifications=[match(15, 20, PRO)]))


def test_a_professional_qualification_in_the_same_sentence_makes_the_ministry_its_department():
    text = "甲乙。" + "丙" * 27
    assert _authority(10, 14, [match(15, 20, PRO)], [], text)
    assert _authority(10, 14, [match(20, 30, PRO)], [], text)  # a name that ends the text
    assert not _authority(10, 14, [match(0, 2, PRO)], [], text)  # in the sentence before
    assert not _authority(10, 14, [match(15, 20, False)], [], text)  # not professional-technical


def test_an_occupation_nearer_to_the_ministry_than_the_qualification_keeps_the_finding():
    text = "甲乙。" + "丙" * 27
    assert not _authority(10, 14, [match(20, 25, PRO)], [match(6, 9)], text)
    assert not _authority(10, 14, [match(20, 25, PRO)], [match(3, 9)], text)  # at the sentence's start
    assert not _authority(10, 14, [match(3, 4, PRO)], [match(16, 30)], text)  # at its end (the end of the text)
    assert _authority(10, 14, [match(15, 20, PRO)], [match(0, 2)], text)  # in the sentence before: ignored
    before = "甲" * 8 + "。" + "丙" * 21
    assert _authority(10, 14, [match(17, 20, PRO)], [match(5, 8)], before)  # even when nearer


def test_an_occupation_inside_a_qualifications_name_is_not_a_subject_of_its_own():
    text = "甲" * 30
    assert _authority(10, 14, [match(15, 25, PRO)], [match(16, 19)], text)
    assert _authority(10, 14, [match(16, 25, PRO)], [match(15, 18)], text)  # overlapping its start
    assert _authority(10, 14, [match(0, 8, PRO)], [match(6, 9)], text)  # overlapping its end
    assert not _authority(10, 14, [match(20, 25, PRO)], [match(15, 20)], text)  # right before it: its own subject
    assert not _authority(10, 14, [match(0, 5, PRO)], [match(5, 9)], text)  # right after it


@pytest.mark.parametrize(
    ("qualifications", "occupations", "department"),
    [
        ([match(0, 3, PRO)], [match(5, 9)], False),  # both before: the nearer one, the occupation
        ([match(2, 5, PRO)], [match(16, 18)], False),  # the first subject of the sentence is not the nearest
        ([match(15, 17, PRO)], [match(0, 3)], True),  # a qualification after, near; an occupation far before
        ([match(16, 30, PRO)], [match(0, 7)], True),  # a long name after: its start is what counts
        ([match(18, 20, PRO)], [match(0, 10)], False),  # the occupation touches the ministry
        ([match(15, 17, PRO)], [match(0, 10)], False),  # touching (0) beats a gap of one
        ([match(14, 17, PRO)], [match(8, 12)], True),  # overlapping counts as touching; a tie goes to the qualification
    ],
)
def test_the_nearest_subject_decides(qualifications, occupations, department):
    assert _authority(10, 14, qualifications, occupations, "甲" * 30) is department


# ---------------------------------------------------------------------------
# Which occupation a certificate word refers to (_claimed_occupation)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("occupations", "claimed"),
    [
        ([match(50, 55, "before"), match(63, 66, "after")], "before"),  # the one before wins over one after
        ([match(10, 20, "40 before")], "40 before"),  # ends exactly 40 characters before: still its subject
        ([match(10, 19, "41 before")], None),
        ([match(63, 66, "right after")], "right after"),  # right after the word ("职业资格证书（育婴员）")
        ([match(78, 80, "15 after")], "15 after"),
        ([match(79, 81, "16 after")], None),
        ([match(65, 67, "first"), match(70, 72, "second")], "first"),  # only one
    ],
)
def test_a_certificate_word_refers_to_the_nearest_occupation_before_it_else_one_right_after(occupations, claimed):
    found = claims._claimed_occupation(occupations, 60, 63)
    assert [o.value for o in found] == ([claimed] if claimed else [])


# ---------------------------------------------------------------------------
# Organisation names (_trim_org) and number forms (type_of_number)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("candidate", "name"),
    [
        ("新的四川天府焊接评价中心", "四川天府焊接评价中心"),  # from the place name on
        ("新华成都职业学院", "成都职业学院"),  # six characters from the place name: enough
        ("科华达成都学院", "科华达成都学院"),  # four: the place is part of the name
        ("由华西评价中心", "华西评价中心"),  # a leading particle goes
        ("由我们华西评价中心", "华西评价中心"),
        ("由华西鉴定站", "由华西鉴定站"),  # but never below six characters
    ],
)
def test_an_organisation_name_starts_at_its_place_name_or_after_leading_particles(candidate, name):
    assert claims._trim_org(candidate) == name


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("S000051000101264000001", "skill_level"),
        ("ZX51010112345678", "special_ability"),
        ("ZX5101011234567890", "special_ability"),  # wrong length, but the ZX prefix of the special-ability form
        ("ZX510101123456", "special_ability"),
        ("ZG5101312345678", "qualification"),
        ("1234567890123456", "qualification"),
    ],
)
def test_a_numbers_form_tells_its_certificate_type(number, kind):
    assert claims.type_of_number(number) == kind


# ---------------------------------------------------------------------------
# Explanations in the active language (word_rules)
# ---------------------------------------------------------------------------
WORDS_OF_EACH_RULE = "人社部颁发，国家级，包过，三天拿证，交钱就发证，挂证，加急费"


def test_every_word_rule_explains_itself_in_chinese_by_default():
    """The explanations are translated as a whole: no English sentence leaks into the Chinese page."""
    from django.utils import translation

    with translation.override("zh-hans"):
        found = list(claims.word_rules(WORDS_OF_EACH_RULE))
    assert len(found) == 7
    for item in found:
        assert re.search(r"[A-Za-z]", item.message) is None, item.message
        assert item.message.startswith(f"“{item.excerpt}”"), item.message


def test_the_authority_rule_explains_itself_word_for_word_in_english():
    from django.utils import translation

    with translation.override("en"):
        (found,) = list(claims.word_rules("人社部颁发"))
    assert found.message == (
        "“人社部颁发”: no ministry or government issues vocational skill level certificates; they are issued by "
        "recorded evaluation institutions. Using an authority's name to sell training is false publicity."
    )


# ---------------------------------------------------------------------------
# An institution's recorded scope (_scope_refusal through check_text)
# ---------------------------------------------------------------------------
@pytest.fixture
def scoped(reference: None, centre_user: Any) -> Any:
    from tests.factories import make_institution

    def make(levels: tuple[int, ...]) -> Any:
        return make_institution(centre_user, name="四川蜀焊职业技能评价中心", serial=791, levels=levels)

    return make


def scope_findings(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.excerpt) for f in claims.check_text(text).findings]


@pytest.mark.django_db
@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_an_institution_recorded_for_any_one_level_may_train_an_occupation_named_without_a_level(scoped, level):
    scoped((level,))
    assert scope_findings("四川蜀焊职业技能评价中心焊工培训班招生。") == []


@pytest.mark.django_db
def test_an_occupation_outside_the_scope_is_a_finding_even_without_a_level(scoped):
    scoped((3, 4, 5))
    assert scope_findings("四川蜀焊职业技能评价中心电工培训班招生。") == [
        ("institution_outside_scope", "四川蜀焊职业技能评价中心")
    ]


@pytest.mark.django_db
def test_one_level_outside_the_scope_is_a_finding_and_its_message_names_that_level(scoped):
    scoped((3, 4, 5))
    result = claims.check_text("四川蜀焊职业技能评价中心焊工三级、一级认定。")
    (found,) = [f for f in result.findings if f.code == "institution_outside_scope"]
    assert "一级" in found.message and "三级" in found.message  # covers 三级 … not 一级


# ---------------------------------------------------------------------------
# The name matchers, built from the catalogue (the caches are emptied: every test builds them afresh)
# ---------------------------------------------------------------------------
@pytest.fixture
def fresh_matchers(reference: None, monkeypatch: Any) -> None:
    monkeypatch.setattr(claims, "_occupation_cache", {})
    monkeypatch.setattr(claims, "_qualification_cache", {})


def names_and_values(matches: list[Match]) -> list[tuple[str, Any]]:
    return [(m.name, m.value) for m in matches]


@pytest.mark.django_db
def test_occupations_are_found_by_their_name_and_by_the_names_people_use(fresh_matchers):
    found = claims.occupation_matcher().find_all("育婴员、育婴师、焊工")
    assert names_and_values(found) == [("育婴员", "4-10-01-01"), ("育婴师", "4-10-01-01"), ("焊工", "6-18-02-04")]


@pytest.mark.django_db
def test_a_new_occupation_published_after_the_catalogue_is_found_and_the_matcher_follows_the_catalogue(
    fresh_matchers,
):
    from skillcert.catalog.models import NewOccupation

    published = NewOccupation.objects.filter(occupation__isnull=True).order_by("code").first()
    assert names_and_values(claims.occupation_matcher().find_all(published.name)) == [(published.name, published.code)]
    published.pk, published.code, published.name = None, "N9-99", "数字孪生测试员"
    published.save()
    assert names_and_values(claims.occupation_matcher().find_all("数字孪生测试员")) == [("数字孪生测试员", "N9-99")]


@pytest.mark.django_db
def test_qualifications_are_found_by_name_stem_and_each_sub_item_and_say_whether_professional(fresh_matchers):
    found = claims.qualification_matcher().find_all("航行情报人员、焊接操作工、导游资格、船员资格、社会工作者")
    assert names_and_values(found) == [
        ("航行情报人员", True),  # one of a sub-item list "民用航空电信人员、航行情报人员、气象人员"
        ("焊接操作工", False),  # a skill qualification's sub-item
        ("导游资格", True),
        ("船员资格", True),  # "船员资格（含船员、渔业船员）" without its note
        ("社会工作者", True),  # the name without its "职业资格" ending
    ]


@pytest.mark.django_db
def test_the_qualification_matcher_follows_the_catalogue(fresh_matchers):
    from skillcert.catalog.models import QualificationItem

    assert claims.qualification_matcher().find_all("茶叶评估师资格") == []
    item = QualificationItem.objects.order_by("pk").first()
    item.pk, item.row_no, item.qualification_name, item.sub_item = None, 999, "茶叶评估师资格", ""
    item.save()
    assert [m.name for m in claims.qualification_matcher().find_all("茶叶评估师资格")] == ["茶叶评估师资格"]


# ---------------------------------------------------------------------------
# Certificate numbers in a text (certificate_numbers, numbers_to_check) and the order of findings
# ---------------------------------------------------------------------------
SKILL_NUMBER = "S000051000101264000001"


def test_a_bare_sixteen_digit_number_counts_only_right_after_a_cue_word():
    number = "5101071992010112"
    assert [m.group(0) for m in claims.certificate_numbers(f"证书编号：{number}")] == [number]
    assert [m.group(0) for m in claims.certificate_numbers("编号" + " " * 10 + number)] == [number]  # 12 back
    assert claims.certificate_numbers("编号" + " " * 11 + number) == []  # 13 back: out of reach
    assert claims.certificate_numbers(f"电话{number}") == []  # a phone or account number
    after_a_phone = f"电话{number}，证书编号{SKILL_NUMBER}"
    assert [m.group(0) for m in claims.certificate_numbers(after_a_phone)] == [SKILL_NUMBER]


def test_the_certificate_types_a_text_claims():
    text = "焊工职业技能等级证书、专项职业能力证书"
    assert claims._claimed_types(text) == {"skill_level", "special_ability"}
    assert claims._claimed_types("导游职业资格证") == {"qualification"}


def test_only_numbers_within_the_checked_length_of_a_text_are_read():
    padding = "甲" * (claims.MAX_TEXT_CHARS - len(SKILL_NUMBER))
    assert [m.group(0) for m in claims.certificate_numbers(padding + SKILL_NUMBER)] == [SKILL_NUMBER]
    assert claims.certificate_numbers(padding + "甲" + SKILL_NUMBER) == []


def test_each_distinct_number_is_one_look_up_up_to_the_cap():
    numbers = [f"S0000510001012640{i:05d}" for i in range(7)]
    assert claims.numbers_to_check("、".join([numbers[0], numbers[1], numbers[0]])) == 2
    assert claims.numbers_to_check("、".join(numbers)) == claims.MAX_NUMBERS_CHECKED
    assert claims.numbers_to_check("没有编号") == 0


def test_a_finding_inside_another_of_the_same_rule_is_dropped_but_other_rules_stay():
    outer, inner, other = finding(0, 5), finding(0, 3), finding(1, 3, "no_real_assessment")
    assert claims._drop_nested([outer, inner, other]) == [outer, other]
    assert claims._drop_nested([outer, finding(2, 5)]) == [outer]  # inside, ending with it
    assert claims._drop_nested([finding(0, 3), finding(2, 5)]) == [finding(0, 3), finding(2, 5)]  # overlap only


def test_the_unchecked_message_is_empty_when_every_number_was_checked():
    assert CheckResult("", []).unchecked_message == ""
    assert str(claims.MAX_NUMBERS_CHECKED) in CheckResult("", [], ["S1"]).unchecked_message


@pytest.mark.django_db
def test_a_text_is_checked_even_before_the_qualification_catalogue_is_loaded(fresh_matchers):
    from skillcert.catalog.models import QualificationCoverage, QualificationItem

    QualificationCoverage.objects.all().delete()
    QualificationItem.objects.all().delete()
    assert claims.qualification_matcher().find_all("导游资格证") == []


# ---------------------------------------------------------------------------
# Organisations presented as evaluating or issuing (unrecorded_rule), with an empty directory
# ---------------------------------------------------------------------------
SCHOOL = "成都蓉城培训学校"  # no 评价 or 鉴定 in the name: only the words around it tell


def unrecorded(text: str, institutions: list[tuple[Match, Any]] | None = None) -> list[str]:
    found = claims.unrecorded_rule(text, Registry([], [], institutions or []))
    return [f.excerpt for f in found]


def test_an_issuing_word_counts_within_twelve_characters_after_the_name():
    assert unrecorded(SCHOOL + "a" * 10 + "颁发证书") == [SCHOOL]
    assert unrecorded(SCHOOL + "a" * 11 + "颁发证书") == []


def test_an_issuer_label_counts_within_eight_characters_before_the_name():
    assert unrecorded("发证机构：" + SCHOOL) == [SCHOOL]  # the label opens the text
    assert unrecorded("发证机构：" + " " * 3 + SCHOOL) == [SCHOOL]
    assert unrecorded("发证机构：" + " " * 4 + SCHOOL) == []


def test_every_organisation_of_a_text_is_looked_at():
    plain = SCHOOL + "a" * 12 + "。"
    assert unrecorded(plain + "成都锦江技能评价中心") == ["成都锦江技能评价中心"]
    recorded = Match(0, len(SCHOOL), SCHOOL, None)
    assert unrecorded(SCHOOL + "颁发证书。成都锦江技能评价中心", [(recorded, None)]) == ["成都锦江技能评价中心"]


def test_a_recorded_institution_right_before_or_after_the_name_does_not_hide_it():
    text = "四川甲乙职业学院" + SCHOOL + "颁发证书"
    before = Match(0, 8, "四川甲乙职业学院", None)
    assert SCHOOL in unrecorded(text, [(before, None)])
    after = "发证机构：" + SCHOOL + "四川甲乙职业学院"
    assert unrecorded(after, [(Match(13, 21, "四川甲乙职业学院", None), None)]) == [SCHOOL]


def test_an_unrecorded_organisation_is_explained_in_chinese_and_word_for_word_in_english():
    from django.utils import translation

    with translation.override("zh-hans"):
        (zh,) = claims.unrecorded_rule("发证机构：" + SCHOOL, Registry([], [], []))
    assert zh.code == "institution_not_recorded" and SCHOOL in zh.message
    assert re.search(r"[A-Za-z]", zh.message) is None
    with translation.override("en"):
        (en,) = claims.unrecorded_rule("发证机构：" + SCHOOL, Registry([], [], []))
    assert en.message == (
        f"{SCHOOL} is not in the directory of recorded evaluation institutions: only recorded institutions "
        "may evaluate and issue vocational skill level certificates."
    )


def test_an_organisation_warned_against_is_not_a_finding_and_a_finding_marks_the_name():
    assert unrecorded("谨防冒充的" + SCHOOL + "颁发证书") == []
    (found,) = claims.unrecorded_rule("发证机构：" + SCHOOL + "。", Registry([], [], []))
    assert (found.start, found.end) == (5, 5 + len(SCHOOL))


@pytest.mark.django_db
def test_an_institution_that_has_only_applied_is_not_in_the_directory(reference, centre_user):
    from skillcert.catalog.models import Region
    from skillcert.institutions import services
    from tests.factories import credit_code

    details = services.RecordDetails(
        name="四川申请中职业技能评价中心",
        credit_code=credit_code(792),
        kind="social_org",
        region=Region.objects.get(code="510100"),
        address="成都市武侯区人民南路四段1号",
        contact_person="李老师",
        contact_phone="028-85550000",
    )
    services.apply_institution(details=details, actor=centre_user)
    assert scope_findings("四川申请中职业技能评价中心颁发证书。") == [
        ("institution_not_recorded", "四川申请中职业技能评价中心")
    ]


@pytest.mark.django_db
def test_an_occupation_right_before_an_institutions_name_is_still_its_subject(scoped):
    scoped((3, 4, 5))
    assert scope_findings("电工四川蜀焊职业技能评价中心培训。") == [
        ("institution_outside_scope", "四川蜀焊职业技能评价中心")
    ]


# ---------------------------------------------------------------------------
# A qualification certificate for an occupation outside the catalogue (qualification_rule)
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_occupation_promised_a_qualification_twice_is_reported_once_and_explained(reference):
    from django.utils import translation

    with translation.override("zh-hans"):
        result = claims.check_text("心理咨询师职业资格证书火热报名，心理咨询师职业资格证书包拿。")
    found = [f for f in result.findings if f.code == "qualification_outside_catalogue"]
    assert [f.excerpt for f in found] == ["心理咨询师职业资格证"]
    assert "心理咨询师" in found[0].message and re.search(r"[A-Za-z]", found[0].message) is None
    with translation.override("en"):
        (english,) = [f for f in claims.check_text("心理咨询师职业资格证").findings]
    assert english.message.startswith("心理咨询师 (")
    assert "is not in the national vocational qualification catalogue (2021)" in english.message


@pytest.mark.django_db
def test_a_scope_that_has_ended_is_explained_as_ended_not_as_another_level(scoped, centre_user):
    import datetime as dt

    from skillcert.institutions.services import set_scope_row

    institution = scoped((1,))
    set_scope_row(
        institution=institution,
        occupation_code="6-18-02-04",
        levels=(1,),
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2021, 12, 31),
        reason="备案范围到期",
        actor=centre_user,
    )
    (found,) = claims.check_text("四川蜀焊职业技能评价中心焊工培训。").findings
    assert found.code == "institution_outside_scope"
    assert "2021" in found.message and "二级" not in found.message


@pytest.mark.django_db
def test_a_suspended_institution_is_marked_where_it_is_named_and_explained_in_chinese(scoped, centre_user):
    from django.utils import translation

    from skillcert.institutions.services import suspend_institution

    suspend_institution(institution=scoped((3, 4, 5)), reason="质量调研检查发现考评记录缺失", actor=centre_user)
    text = "报名：四川蜀焊职业技能评价中心焊工四级。"
    with translation.override("zh-hans"):
        (found,) = claims.check_text(text).findings
    assert (found.code, found.start, found.end, found.excerpt) == ("institution_not_active", 3, 15, text[3:15])
    assert "暂停" in found.message and re.search(r"[A-Za-z]", found.message) is None


@pytest.mark.django_db
def test_each_named_institution_is_checked_and_a_scope_finding_names_the_institution(scoped, centre_user):
    from skillcert.institutions.services import suspend_institution
    from tests.factories import make_institution

    suspended = make_institution(centre_user, name="绵阳停业职业技能评价中心", serial=793)
    suspend_institution(institution=suspended, reason="质量调研检查发现考评记录缺失", actor=centre_user)
    active = scoped((3, 4, 5))
    text = "绵阳停业职业技能评价中心、四川蜀焊职业技能评价中心电工培训。"
    found = claims.check_text(text).findings
    assert [f.code for f in found] == ["institution_not_active", "institution_outside_scope"]
    scope = found[1]
    assert (scope.start, scope.end, scope.excerpt) == (13, 25, "四川蜀焊职业技能评价中心")
    assert scope.institution_id == active.public_id and found[0].institution_id == suspended.public_id
