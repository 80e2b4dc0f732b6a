"""The certificate-type rule, answer by answer: every field and the exact reasons a user reads.

The reasons are what the issuing form, the public catalogue page and the API show when a certificate type is
refused, so the tests compare whole answers (codes, names, types, parts and the wording in English and
Chinese), for each branch of the rule, on real catalogue rows and on a few rows made here for the cases the
shipped catalogue does not contain (a department not stated or verified, a whole and a partial entry on one
occupation, new occupations with and without an official code).
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
    ProjectStatus,
    WorkKind,
)
from skillcert.catalog.models import (
    NewOccupation,
    Occupation,
    QualificationCoverage,
    QualificationItem,
    SpecialAbilityProject,
)
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
NEITHER = (
    " It is not covered by the national vocational qualification catalogue (2021): neither a vocational "
    "qualification certificate nor a skill level certificate applies."
)
REST_NEITHER = (
    " For the rest of the occupation neither a vocational qualification nor a skill level certificate applies."
)
CIVIL_NAMED = "民用核安全设备焊工、焊接操作工 (skill section, class unverified), implemented by 生态环境部 (unverified)"
MILITARY_NAMED = (
    "国防科技工业军用核安全设备焊接人员 (skill section, class unverified), implemented by "
    "国家国防科技工业局 (unverified)"
)


def brief(part: QualificationPart) -> tuple[str, str, str, bool, bool, bool, str]:
    """The fields of a part a reader sees: name, extent, department, its flag, section, mapping flag, class."""
    return (
        part.name,
        part.extent,
        part.department,
        part.department_unverified,
        part.professional,
        part.mapping_unverified,
        part.access_class,
    )


WELDING_CIVIL = ("民用核安全设备焊工、焊接操作工", CoverageExtent.PART, "生态环境部", True, False, False, "")
WELDING_MILITARY = (
    "国防科技工业军用核安全设备焊接人员",
    CoverageExtent.PART,
    "国家国防科技工业局",
    True,
    False,
    False,
    "",
)


def in_english(code: str, job_type: str = "") -> CertificateTypeAnswer:
    with translation.override("en"):
        return certificate_types_for(code, job_type)


def in_chinese(code: str, job_type: str = "") -> CertificateTypeAnswer:
    with translation.override("zh-hans"):
        return certificate_types_for(code, job_type)


def make_occupation(code: str, major: str, name: str = "测试工") -> Occupation:
    return Occupation.objects.create(code=code, level=OccupationLevel.OCCUPATION, name=name, major_code=major)


def make_item(
    row_no: int, name: str, department: str, unverified: bool, sub_item: str = "", *, professional: bool = False
) -> QualificationItem:
    return QualificationItem.objects.create(
        row_no=row_no,
        section="专业技术人员职业资格" if professional else "技能人员职业资格",
        qualification_name=name,
        sub_item=sub_item,
        category="准入类",
        grouping_status="reconciled",
        implementing_department=department,
        department_unverified=unverified,
    )


def cover(
    item: QualificationItem, occupation: Occupation, extent: str, part_name: str = "", *, verified: bool = True
) -> None:
    QualificationCoverage.objects.create(
        item=item,
        occupation=occupation,
        extent=extent,
        part_name=part_name,
        verified=verified,
        unverified_reason="" if verified else "测试原因",
    )


def make_new_occupation(
    code: str, *, status: str, work_kind: str, occupation=None, legacy_code: str = ""
) -> NewOccupation:
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
        legacy_code=legacy_code,
    )


# Occupations of the classification -------------------------------------------------------------------------------


def test_a_whole_skill_catalogue_occupation_gets_the_whole_answer_in_english():
    answer = in_english("4-07-05-01")
    assert (answer.code, answer.name, answer.major_category, answer.types) == ("4-07-05-01", "保安员", "4", (QUAL,))
    assert answer.reasons == (
        Reason(
            "in_qualification_catalogue",
            "Listed in the national vocational qualification catalogue (2021): 保安员 (skill section, class "
            "unverified), implemented by 公安部 (unverified)." + WHOLE_TAIL,
        ),
    )
    assert [brief(p) for p in answer.qualification_parts] == [
        ("保安员", CoverageExtent.WHOLE, "公安部", True, False, False, "")
    ]
    assert answer.qualification_parts[0].qualification == "保安员"


def test_a_whole_skill_catalogue_occupation_reads_in_chinese():
    assert in_chinese("4-07-05-01").reasons[0].message == (
        "已列入《国家职业资格目录（2021年版）》：保安员（技能人员职业资格，类别未核实），由公安部（未核实）实施。"
        "只能由实施部门组织评价、颁发职业资格证书；目录内职业不颁发职业技能等级证书。"
    )


def test_a_professional_catalogue_occupation_names_the_qualification_class_and_department():
    answer = in_chinese("2-05-08-01")  # 内科护士
    assert answer.types == (QUAL,)
    assert answer.reasons == (
        Reason(
            "professional_qualification",
            "护士执业资格（国家职业资格目录，准入类），由国家卫生健康委、人力资源社会保障部实施"
            " — 不是职业技能等级证书。",
        ),
    )
    assert [brief(p) for p in answer.qualification_parts] == [
        ("护士执业资格", CoverageExtent.WHOLE, "国家卫生健康委、人力资源社会保障部", False, True, False, "准入类")
    ]


def test_a_professional_answer_reads_in_english_with_its_class():
    answer = in_english("4-08-05-08")  # 公路水运工程试验检测员: 水平评价类
    assert answer.types == (QUAL,)
    assert answer.reasons[0].message == (
        "公路水运工程试验检测专业技术人员职业资格 (national vocational qualification catalogue, 水平评价类, level "
        "evaluation), implemented by 交通运输部、人力资源社会保障部 — not a vocational skill level certificate."
    )


def test_a_partly_covered_occupation_names_each_part_in_catalogue_order():
    answer = in_english("6-18-02-04")
    assert (answer.code, answer.name, answer.major_category, answer.types) == ("6-18-02-04", "焊工", "6", (QUAL, SKILL))
    assert [r.code for r in answer.reasons] == ["partly_in_qualification_catalogue", "outside_catalogue_category_3_6"]
    assert answer.reasons[0].message.startswith(
        "Part of this occupation is in the national vocational qualification catalogue (2021): "
        f"{CIVIL_NAMED}; {MILITARY_NAMED}; "
    )
    assert answer.reasons[0].message.endswith(
        "That part needs a vocational qualification certificate; the rest of the occupation does not."
    )
    assert answer.reasons[1] == CATEGORY_6
    assert [brief(p) for p in answer.qualification_parts][:2] == [WELDING_CIVIL, WELDING_MILITARY]
    assert [p.name for p in answer.qualification_parts][2:] == [
        "特种作业人员（焊接与热切割作业）",
        "特种设备作业人员（特种设备焊接作业）",
    ]


def test_the_parts_are_joined_with_a_chinese_semicolon_in_chinese():
    message = in_chinese("6-18-02-04").reasons[0].message
    assert (
        "民用核安全设备焊工、焊接操作工（技能人员职业资格，类别未核实），由生态环境部（未核实）实施；"
        "国防科技工业军用核安全设备焊接人员（技能人员职业资格，类别未核实），由国家国防科技工业局（未核实）实施；"
    ) in message
    assert message.startswith("该职业的一部分列入《国家职业资格目录（2021年版）》：")


def test_an_unverified_mapping_is_said_in_the_reason():
    message = in_chinese("6-18-02-04").reasons[0].message
    assert (
        "特种作业人员（焊接与热切割作业）（技能人员职业资格，准入类），由应急管理部、国家矿山安全监察局（未核实）实施（与本职业的对应关系未核实）"
        in message
    )


def test_a_job_type_inside_a_part_gets_only_the_qualification_with_its_own_reason():
    answer = in_english("6-18-02-04", "民用核安全设备焊工")
    assert answer.types == (QUAL,)
    assert answer.reasons == (
        Reason(
            "job_type_in_qualification_catalogue",
            "The job type 民用核安全设备焊工 falls under the national vocational qualification catalogue (2021): "
            f"{CIVIL_NAMED}. Only a vocational qualification certificate applies to it.",
        ),
    )
    assert [brief(p) for p in answer.qualification_parts] == [WELDING_CIVIL]


def test_a_job_type_that_contains_a_part_name_and_blanks_around_it_also_match():
    answer = in_english("6-18-02-04", "  国防科技工业军用核安全设备焊接人员（高级）  ")
    assert answer.types == (QUAL,)
    assert [brief(p) for p in answer.qualification_parts] == [WELDING_MILITARY]
    assert answer.reasons[0].message.startswith(
        "The job type 国防科技工业军用核安全设备焊接人员（高级） falls under the national vocational"
    )


def test_a_blank_job_type_matches_no_part():
    assert in_english("6-18-02-04", "   ") == in_english("6-18-02-04")


def test_the_job_type_reason_reads_in_chinese():
    message = in_chinese("6-18-02-04", "民用核安全设备焊工").reasons[0].message
    assert message == (
        "工种“民用核安全设备焊工”属于《国家职业资格目录（2021年版）》："
        "民用核安全设备焊工、焊接操作工（技能人员职业资格，类别未核实），由生态环境部（未核实）实施。只适用职业资格证书。"
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
def test_categories_one_two_seven_and_eight_outside_the_catalogue_say_why_nothing_applies(code, name, major, sentence):
    assert in_english(code) == CertificateTypeAnswer(
        code, name, major, (), (Reason(f"category_{major}_not_skill", sentence + NEITHER),)
    )


def test_a_category_reason_reads_in_chinese():
    assert in_chinese("7-01-00-00").reasons[0].message == (
        "第 7 大类（军人）不在技能人才评价范围内。 "
        "该职业不在《国家职业资格目录（2021年版）》内：既不适用职业资格证书，也不适用职业技能等级证书。"
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
        "6-99-99-01", status=NewOccupationStatus.PUBLIC_COMMENT, work_kind=WorkKind.SKILL, occupation=occupation
    )
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


# Departments and sections as the catalogue states them ---------------------------------------------------------


def test_a_department_the_source_does_not_state_is_said_to_be_missing():
    occupation = make_occupation("6-99-99-02", "6")
    cover(make_item(9001, "测试资格", "", False, sub_item="甲"), occupation, CoverageExtent.WHOLE)
    answer = in_english("6-99-99-02")
    assert [brief(p) for p in answer.qualification_parts] == [
        ("测试资格（甲）", CoverageExtent.WHOLE, "", False, False, False, "准入类")
    ]
    assert answer.reasons[0].message == (
        "Listed in the national vocational qualification catalogue (2021): 测试资格（甲） (skill section, 准入类, "
        "licensing), implemented by department not stated in the source." + WHOLE_TAIL
    )
    assert (
        "测试资格（甲）（技能人员职业资格，准入类），由来源未列明实施部门实施"
        in in_chinese("6-99-99-02").reasons[0].message
    )


def test_a_verified_department_is_named_without_a_marker():
    occupation = make_occupation("6-99-99-03", "6")
    cover(make_item(9002, "测试资格", "测试部", False), occupation, CoverageExtent.WHOLE)
    assert (
        "测试资格 (skill section, 准入类, licensing), implemented by 测试部."
        in in_english("6-99-99-03").reasons[0].message
    )


def test_an_unverified_mapping_is_flagged_on_the_part_and_in_the_answer():
    occupation = make_occupation("6-99-99-07", "6")
    cover(make_item(9008, "测试资格", "测试部", False), occupation, CoverageExtent.WHOLE, verified=False)
    answer = in_english("6-99-99-07")
    assert answer.qualification_parts[0].mapping_unverified
    assert answer.qualification_parts[0].unverified_reason == "测试原因"
    assert answer.has_unverified_facts
    assert "implemented by 测试部 (mapping to this occupation unverified)." in answer.reasons[0].message
    assert not in_english("4-08-05-08").has_unverified_facts  # sourced mapping, sourced departments


def test_a_whole_entry_wins_over_a_partial_one_and_both_are_named():
    occupation = make_occupation("6-99-99-04", "6")
    cover(make_item(9003, "部分资格", "部一", False), occupation, CoverageExtent.PART, part_name="部分工种")
    cover(make_item(9004, "整体资格", "部二", False), occupation, CoverageExtent.WHOLE)
    answer = in_english("6-99-99-04", "部分工种")
    assert answer.types == (QUAL,)
    assert [p.name for p in answer.qualification_parts] == ["部分工种", "整体资格"]
    assert [r.code for r in answer.reasons] == ["in_qualification_catalogue", "partly_in_qualification_catalogue"]
    assert "整体资格" in answer.reasons[0].message and "部分工种" not in answer.reasons[0].message


def test_a_professional_whole_entry_and_a_skill_one_give_one_reason_each():
    occupation = make_occupation("4-99-99-01", "4")
    cover(make_item(9006, "专技资格", "部四", False, professional=True), occupation, CoverageExtent.WHOLE)
    cover(make_item(9007, "技能资格", "部五", False), occupation, CoverageExtent.WHOLE)
    answer = in_english("4-99-99-01")
    assert answer.types == (QUAL,)
    assert [r.code for r in answer.reasons] == ["professional_qualification", "in_qualification_catalogue"]


def test_a_part_in_category_two_allows_only_the_qualification_and_says_the_rest_gets_nothing():
    occupation = make_occupation("2-99-99-01", "2")
    cover(make_item(9005, "技术资格", "部三", False, professional=True), occupation, CoverageExtent.PART, "某工种")
    answer = in_english("2-99-99-01")
    assert answer.types == (QUAL,)
    assert [r.code for r in answer.reasons] == ["partly_professional_qualification", "category_2_not_skill"]
    assert answer.reasons[0].message == (
        "Part of this occupation needs a professional qualification: 某工种 (national vocational qualification "
        "catalogue, 准入类, licensing), implemented by 部三 — not a vocational skill level certificate."
    )
    assert answer.reasons[1].message.endswith(REST_NEITHER)
    assert [brief(p) for p in answer.qualification_parts] == [
        ("某工种", CoverageExtent.PART, "部三", False, True, False, "准入类")
    ]


# New occupations outside the 2022 book --------------------------------------------------------------------------


def test_a_published_skill_new_occupation_gets_skill_level_certificates():
    make_new_occupation("4-99-99-02", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL)
    assert in_english("4-99-99-02") == CertificateTypeAnswer(
        "4-99-99-02",
        "测试新职业",
        "4",
        (SKILL,),
        (
            Reason(
                "new_skill_occupation",
                "A skill-type new occupation published by the Ministry of Human Resources and Social Security "
                "(测试批次, 测试文号〔2030〕1号; code 4-99-99-02 in major category 4): a vocational skill level "
                "certificate may be issued by a recorded evaluation institution.",
            ),
        ),
    )


def test_a_new_occupation_is_found_under_its_former_project_code():
    make_new_occupation(
        "4-99-99-03", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL, legacy_code="N99-07"
    )
    assert in_english("n99-07") == in_english("4-99-99-03")
    assert in_english("N99-07").code == "4-99-99-03"


def test_a_technical_new_occupation_gets_nothing():
    make_new_occupation("2-99-99-02", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.TECHNICAL)
    assert in_english("2-99-99-02") == CertificateTypeAnswer(
        "2-99-99-02",
        "测试新职业",
        "2",
        (),
        (
            Reason(
                "new_occupation_technical",
                "A new professional and technical occupation (测试批次, 测试文号〔2030〕1号; code 2-99-99-02 in major "
                "category 2): evaluated through professional titles, not skill certificates.",
            ),
        ),
    )


def test_a_technical_new_occupation_reads_in_chinese():
    make_new_occupation("2-99-99-03", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.TECHNICAL)
    assert in_chinese("2-99-99-03").reasons[0].message == (
        "专业技术类新职业（测试批次，测试文号〔2030〕1号；编码 2-99-99-03，属第 2 大类）："
        "通过职称评审评价，不颁发技能类证书。"
    )


def test_a_new_occupation_without_a_known_code_gets_nothing_and_says_why():
    make_new_occupation("N99-01", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.UNKNOWN)
    answer = in_english("N99-01")
    assert (answer.code, answer.major_category, answer.types) == ("N99-01", "", ())
    assert answer.reasons[0].code == "new_occupation_unclassified"
    assert "no source here gives its classification code" in answer.reasons[0].message
    assert "在登记编码之前，不能确认适用任何证书" in in_chinese("N99-01").reasons[0].message


def test_a_new_occupation_in_public_comment_gets_nothing_yet():
    make_new_occupation("N99-05", status=NewOccupationStatus.PUBLIC_COMMENT, work_kind=WorkKind.SKILL)
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


# Special ability projects ---------------------------------------------------------------------------------------


def make_project(code: str, status: str) -> SpecialAbilityProject:
    return SpecialAbilityProject.objects.create(
        code=code, name="测试项目", content="内容", assessment_method="实操", publisher="四川省人力资源和社会保障厅",
        status=status, published_on="2024-06-01",
    )  # fmt: skip


def test_a_project_code_answers_with_a_special_ability_certificate():
    make_project("S510000-ZX-9901", ProjectStatus.PUBLISHED)
    answer = in_english("S510000-ZX-9901")
    assert (answer.types, answer.is_project) == ((CertificateType.SPECIAL_ABILITY,), True)
    assert [r.code for r in answer.reasons] == ["special_ability_project"]
    assert not answer.allows(QUAL) and not answer.allows(SKILL)


def test_a_retired_project_answers_with_nothing():
    make_project("S510000-ZX-9902", ProjectStatus.RETIRED)
    answer = in_chinese("S510000-ZX-9902")
    assert answer.types == ()
    assert answer.reasons[0] == Reason(
        "special_ability_project_retired", "专项职业能力考核项目 S510000-ZX-9902 已停用：不再颁发新证书。"
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
    make_new_occupation("N99-06", status=NewOccupationStatus.PUBLISHED, work_kind=WorkKind.SKILL, occupation=occupation)
    with translation.override("en"), pytest.raises(NotFound):
        certificate_types_for("N99-06")
    assert in_english("6-99-99-05").types == (SKILL,)
