"""The certificate-type rule, answer by answer: every field and the exact reasons a user reads.

The reasons are what the issuing form, the public catalogue page and the API show when a certificate type is
refused, so the tests compare whole answers (codes, names, types, parts and the wording in English and
Chinese), for each branch of the rule, on real catalogue rows and on a few rows made here for the cases the
shipped catalogue does not contain (a department not stated or verified, a whole and a partial entry on one
occupation, new occupations classified from their name).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from skillcert.catalog.choices import (
    CertificateType,
    CoverageExtent,
    NewOccupationKind,
    NewOccupationStatus,
    OccupationLevel,
    WorkKind,
)
from skillcert.catalog.models import NewOccupation, Occupation, QualificationCoverage, QualificationItem
from skillcert.catalog.rules import (
    CertificateTypeAnswer,
    QualificationPart,
    Reason,
    certificate_types_for,
)
from skillcert.core.errors import NotFound

pytestmark = pytest.mark.usefixtures("reference")
QUAL, SKILL = CertificateType.QUALIFICATION, CertificateType.SKILL_LEVEL

WHOLE_TAIL = (
    " Only a vocational qualification certificate issued under the implementing department applies; skill level "
    "certificates are not issued for catalogue occupations."
)
CATEGORY_6 = Reason(
    "outside_catalogue_category_3_6",
    "Outside the qualification catalogue and in major category 6 of the occupational classification (2022): a "
    "vocational skill level certificate may be issued by an evaluation institution whose record covers this "
    "occupation and level.",
)
NEITHER = " Neither a vocational qualification certificate nor a skill level certificate applies."
WELDING_CIVIL = QualificationPart("民用核安全设备焊工、焊接操作工", CoverageExtent.PART, "生态环境部", True)
WELDING_MILITARY = QualificationPart("国防科技工业军用核安全设备焊接人员", CoverageExtent.PART, "国防科工局", True)
CIVIL_NAMED = "民用核安全设备焊工、焊接操作工 (implementing department: 生态环境部 (unverified))"
MILITARY_NAMED = "国防科技工业军用核安全设备焊接人员 (implementing department: 国防科工局 (unverified))"


def in_english(code: str, job_type: str = "") -> CertificateTypeAnswer:
    with translation.override("en"):
        return certificate_types_for(code, job_type)


def in_chinese(code: str, job_type: str = "") -> CertificateTypeAnswer:
    with translation.override("zh-hans"):
        return certificate_types_for(code, job_type)


def make_occupation(code: str, major: str, name: str = "测试工") -> Occupation:
    return Occupation.objects.create(code=code, level=OccupationLevel.OCCUPATION, name=name, major_code=major)


def make_item(row_no: int, name: str, department: str, unverified: bool, sub_item: str = "") -> QualificationItem:
    return QualificationItem.objects.create(
        row_no=row_no,
        section="技能人员职业资格",
        qualification_name=name,
        sub_item=sub_item,
        category="准入类",
        grouping_status="reconciled",
        implementing_department=department,
        department_unverified=unverified,
    )


def cover(item: QualificationItem, occupation: Occupation, extent: str, part_name: str = "") -> None:
    QualificationCoverage.objects.create(item=item, occupation=occupation, extent=extent, part_name=part_name)


def make_new_occupation(code: str, *, status: str, work_kind: str, inferred: bool, occupation=None) -> NewOccupation:
    return NewOccupation.objects.create(
        code=code,
        batch=9,
        batch_name="测试批次",
        kind=NewOccupationKind.OCCUPATION,
        name="测试新职业",
        occupation=occupation,
        document_no="测试文号〔2030〕1号",
        status=status,
        work_kind=work_kind,
        work_kind_inferred=inferred,
    )


# Occupations of the classification -------------------------------------------------------------------------------


def test_a_whole_catalogue_occupation_gets_the_whole_answer_in_english():
    assert in_english("4-07-05-01") == CertificateTypeAnswer(
        code="4-07-05-01",
        name="保安员",
        major_category="4",
        types=(QUAL,),
        reasons=(
            Reason(
                "in_qualification_catalogue",
                "Listed in the national vocational qualification catalogue (2021): 保安员 (implementing department: "
                "公安部 (unverified))." + WHOLE_TAIL,
            ),
        ),
        qualification_parts=(QualificationPart("保安员", CoverageExtent.WHOLE, "公安部", True),),
    )


def test_a_whole_catalogue_occupation_reads_in_chinese():
    assert in_chinese("4-07-05-01").reasons[0].message == (
        "已列入《国家职业资格目录（2021年版）》：保安员（实施部门：公安部（未核实））。"
        "只能由实施部门组织评价、颁发职业资格证书；目录内职业不颁发职业技能等级证书。"
    )


def test_a_partly_covered_occupation_names_each_part_in_catalogue_order():
    assert in_english("6-18-02-04") == CertificateTypeAnswer(
        code="6-18-02-04",
        name="焊工",
        major_category="6",
        types=(QUAL, SKILL),
        reasons=(
            Reason(
                "partly_in_qualification_catalogue",
                "Part of this occupation is in the national vocational qualification catalogue (2021): "
                f"{CIVIL_NAMED}; {MILITARY_NAMED}. That part needs a vocational qualification certificate; the rest "
                "of the occupation does not.",
            ),
            CATEGORY_6,
        ),
        qualification_parts=(WELDING_CIVIL, WELDING_MILITARY),
    )


def test_the_parts_are_joined_with_a_chinese_semicolon_in_chinese():
    message = in_chinese("6-18-02-04").reasons[0].message
    assert (
        "民用核安全设备焊工、焊接操作工（实施部门：生态环境部（未核实））；"
        "国防科技工业军用核安全设备焊接人员（实施部门：国防科工局（未核实））。"
    ) in message
    assert message.startswith("该职业的一部分列入《国家职业资格目录（2021年版）》：")


def test_a_job_type_inside_a_part_gets_only_the_qualification_with_its_own_reason():
    assert in_english("6-18-02-04", "民用核安全设备焊工") == CertificateTypeAnswer(
        code="6-18-02-04",
        name="焊工",
        major_category="6",
        types=(QUAL,),
        reasons=(
            Reason(
                "job_type_in_qualification_catalogue",
                "The job type 民用核安全设备焊工 falls under the national vocational qualification catalogue (2021): "
                f"{CIVIL_NAMED}. Only a vocational qualification certificate applies to it.",
            ),
        ),
        qualification_parts=(WELDING_CIVIL,),
    )


def test_a_job_type_that_contains_a_part_name_and_blanks_around_it_also_match():
    answer = in_english("6-18-02-04", "  国防科技工业军用核安全设备焊接人员（高级）  ")
    assert answer.types == (QUAL,)
    assert answer.qualification_parts == (WELDING_MILITARY,)
    assert answer.reasons[0].message.startswith(
        "The job type 国防科技工业军用核安全设备焊接人员（高级） falls under the national vocational"
    )


def test_a_blank_job_type_matches_no_part():
    assert in_english("6-18-02-04", "   ") == in_english("6-18-02-04")


def test_the_job_type_reason_reads_in_chinese():
    message = in_chinese("6-18-02-04", "民用核安全设备焊工").reasons[0].message
    assert message == (
        "工种“民用核安全设备焊工”属于《国家职业资格目录（2021年版）》："
        "民用核安全设备焊工、焊接操作工（实施部门：生态环境部（未核实））。只适用职业资格证书。"
    )


def test_category_six_outside_the_catalogue_gets_the_skill_level_answer():
    assert in_english("6-01-01-01") == CertificateTypeAnswer("6-01-01-01", "制米工", "6", (SKILL,), (CATEGORY_6,))


@pytest.mark.parametrize(
    ("code", "name", "major", "sentence"),
    [
        (
            "1-01-00-01",
            "中国共产党机关负责人",
            "1",
            "Major category 1 (leaders of organisations and enterprises) is not a skill occupation.",
        ),
        (
            "2-02-07-09",
            "焊接工程技术人员",
            "2",
            "Major category 2 (professional and technical personnel) is evaluated through professional titles and "
            "professional qualifications, not through skill certificates.",
        ),
        ("7-01-00-00", "军官(警官)", "7", "Major category 7 (military personnel) is outside skill evaluation."),
        (
            "8-00-00-00",
            "不便分类的其他从业人员",
            "8",
            "Major category 8 (personnel not classifiable) is outside skill evaluation.",
        ),
    ],
)
def test_categories_one_two_seven_and_eight_say_why_nothing_applies(code, name, major, sentence):
    assert in_english(code) == CertificateTypeAnswer(
        code, name, major, (), (Reason(f"category_{major}_not_skill", sentence + NEITHER),)
    )


def test_a_category_reason_reads_in_chinese():
    assert in_chinese("7-01-00-00").reasons[0].message == (
        "第 7 大类（军人）不在技能人才评价范围内。 既不适用职业资格证书，也不适用职业技能等级证书。"
    )


def test_a_published_new_occupation_in_category_two_adds_its_publication_note():
    answer = in_english("2-02-38-01")
    assert answer.types == ()
    assert answer.reasons[1] == Reason(
        "published_new_occupation",
        "Published as a new occupation by the Ministry of Human Resources and Social Security (2019年第一批, "
        "人社厅发〔2019〕48号).",
    )


def test_a_published_new_occupation_in_a_skill_category_adds_its_note_after_the_rule():
    answer = in_english("4-08-08-23")  # 建筑信息模型技术员, 2019 batch 1
    assert answer.types == (SKILL,)
    assert [r.code for r in answer.reasons] == ["outside_catalogue_category_3_6", "published_new_occupation"]
    assert "in major category 4 of the occupational classification" in answer.reasons[0].message
    assert answer.reasons[1].message.endswith("(2019年第一批, 人社厅发〔2019〕48号).")


def test_a_new_occupation_still_in_public_comment_adds_no_note_to_its_occupation():
    occupation = make_occupation("6-99-99-01", "6")
    make_new_occupation(
        "6-99-99-01", status=NewOccupationStatus.PUBLIC_COMMENT, work_kind=WorkKind.SKILL, inferred=False,
        occupation=occupation,
    )  # fmt: skip
    assert in_english("6-99-99-01").reasons == (CATEGORY_6,)


def test_a_category_is_not_an_occupation_and_gets_nothing():
    assert in_english("6-18") == CertificateTypeAnswer(
        "6-18",
        "机械制造基础加工人员",
        "6",
        (),
        (
            Reason(
                "not_an_occupation",
                "6-18 is a category of the classification, not an occupation; certificates name an occupation "
                "(细类, a code like 6-18-02-04).",
            ),
        ),
    )


def test_an_unknown_code_says_so_with_its_own_error_code():
    with translation.override("en"), pytest.raises(NotFound) as caught:
        certificate_types_for("9-99-99-99")
    assert caught.value.message == "No occupation has the code 9-99-99-99."
    assert caught.value.code == "unknown_occupation"


# Departments as the catalogue states them ---------------------------------------------------------------------


def test_a_department_the_source_does_not_state_is_said_to_be_missing():
    occupation = make_occupation("6-99-99-02", "6")
    cover(make_item(9001, "测试资格", "", False, sub_item="甲"), occupation, CoverageExtent.WHOLE)
    answer = in_english("6-99-99-02")
    assert answer.qualification_parts == (QualificationPart("测试资格（甲）", CoverageExtent.WHOLE, "", False),)
    assert answer.reasons[0].message == (
        "Listed in the national vocational qualification catalogue (2021): 测试资格（甲） (implementing department: "
        "department not stated in the source)." + WHOLE_TAIL
    )
    assert "测试资格（甲）（实施部门：来源未列明实施部门）" in in_chinese("6-99-99-02").reasons[0].message


def test_a_verified_department_is_named_without_a_marker():
    occupation = make_occupation("6-99-99-03", "6")
    cover(make_item(9002, "测试资格", "测试部", False), occupation, CoverageExtent.WHOLE)
    assert "测试资格 (implementing department: 测试部)." in in_english("6-99-99-03").reasons[0].message


def test_a_whole_entry_wins_over_a_partial_one_and_only_the_whole_is_named():
    occupation = make_occupation("6-99-99-04", "6")
    cover(make_item(9003, "部分资格", "部一", False), occupation, CoverageExtent.PART, part_name="部分工种")
    cover(make_item(9004, "整体资格", "部二", False), occupation, CoverageExtent.WHOLE)
    answer = in_english("6-99-99-04", "部分工种")
    assert answer.types == (QUAL,)
    assert answer.qualification_parts == (QualificationPart("整体资格", CoverageExtent.WHOLE, "部二", False),)
    assert [r.code for r in answer.reasons] == ["in_qualification_catalogue"]


def test_a_part_in_category_two_allows_only_the_qualification_and_gives_both_reasons():
    occupation = make_occupation("2-99-99-01", "2")
    cover(make_item(9005, "技术资格", "部三", False), occupation, CoverageExtent.PART, part_name="某工种")
    answer = in_english("2-99-99-01")
    assert answer.types == (QUAL,)
    assert [r.code for r in answer.reasons] == ["partly_in_qualification_catalogue", "category_2_not_skill"]
    assert answer.qualification_parts == (QualificationPart("某工种", CoverageExtent.PART, "部三", False),)


# New occupations without a classification code ----------------------------------------------------------------


def test_a_published_skill_new_occupation_gets_skill_level_certificates():
    make_new_occupation("N99-01", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL, inferred=False)
    assert in_english("N99-01") == CertificateTypeAnswer(
        "N99-01",
        "测试新职业",
        "",
        (SKILL,),
        (
            Reason(
                "new_skill_occupation",
                "A skill-type new occupation published by the Ministry of Human Resources and Social Security "
                "(测试批次, 测试文号〔2030〕1号): a vocational skill level certificate may be issued by a recorded "
                "evaluation institution.",
            ),
        ),
    )


def test_a_skill_new_occupation_classified_from_its_name_says_so():
    make_new_occupation("N99-02", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL, inferred=True)
    message = in_english("N99-02").reasons[0].message
    assert "(测试批次, 测试文号〔2030〕1号) (classified from its name; the source gives no code): a" in message
    assert "（来源未给出大典编码，职业性质按名称推断）" in in_chinese("N99-02").reasons[0].message


def test_a_technical_new_occupation_gets_nothing():
    make_new_occupation("N99-03", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.TECHNICAL, inferred=False)
    assert in_english("N99-03") == CertificateTypeAnswer(
        "N99-03",
        "测试新职业",
        "",
        (),
        (
            Reason(
                "new_occupation_technical",
                "A new professional and technical occupation (测试批次, 测试文号〔2030〕1号): evaluated through "
                "professional titles, not skill certificates.",
            ),
        ),
    )


def test_a_technical_new_occupation_classified_from_its_name_says_so():
    make_new_occupation("N99-04", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.TECHNICAL, inferred=True)
    assert in_chinese("N99-04").reasons[0].message == (
        "专业技术类新职业（测试批次，测试文号〔2030〕1号）（来源未给出大典编码，职业性质按名称推断）："
        "通过职称评审评价，不颁发技能类证书。"
    )


def test_a_new_occupation_in_public_comment_gets_nothing_yet():
    make_new_occupation("N99-05", status=NewOccupationStatus.PUBLIC_COMMENT, work_kind=WorkKind.SKILL, inferred=True)
    assert in_english("N99-05") == CertificateTypeAnswer(
        "N99-05",
        "测试新职业",
        "",
        (),
        (
            Reason(
                "new_occupation_not_published",
                "Proposed as a new occupation and still in public comment (测试文号〔2030〕1号): no certificate "
                "applies yet.",
            ),
        ),
    )


# Refusals -----------------------------------------------------------------------------------------------------


def test_a_refusal_names_the_type_the_occupation_and_every_reason_in_order():
    answer = in_english("6-18-02-04", "")
    with translation.override("en"):
        message = answer.refusal(QUAL)
    assert message == (
        f"Vocational qualification certificate may not be issued for 6-18-02-04 焊工: {answer.reasons[0].message} "
        f"{answer.reasons[1].message}"
    )


def test_a_refusal_reads_in_chinese():
    answer = in_chinese("7-01-00-00")
    with translation.override("zh-hans"):
        message = answer.refusal(SKILL)
    assert message == f"7-01-00-00 军官(警官) 不得颁发职业技能等级证书：{answer.reasons[0].message}"


def test_allows_answers_for_each_type():
    answer = in_english("6-01-01-01")
    assert answer.allows(SKILL)
    assert not answer.allows(QUAL)
    assert not answer.allows(CertificateType.SPECIAL_ABILITY)


def test_an_occupation_in_a_major_category_without_its_own_sentence_still_gets_nothing():
    make_occupation("9-99-99-01", "9")
    assert in_english("9-99-99-01").reasons == (Reason("category_9_not_skill", NEITHER),)


def test_a_new_occupation_placed_in_the_classification_is_answered_only_under_its_classification_code():
    occupation = make_occupation("6-99-99-05", "6")
    make_new_occupation(
        "N99-06", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL, inferred=False, occupation=occupation
    )
    with translation.override("en"), pytest.raises(NotFound):
        certificate_types_for("N99-06")
    assert in_english("6-99-99-05").types == (SKILL,)
