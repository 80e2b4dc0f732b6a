"""The certificate-type rule on real catalogue rows."""

import pytest
from django.utils import translation

from skillcert.catalog.choices import CertificateType
from skillcert.catalog.rules import certificate_types_for
from skillcert.core.errors import NotFound

pytestmark = pytest.mark.usefixtures("reference")
QUAL, SKILL = CertificateType.QUALIFICATION, CertificateType.SKILL_LEVEL


def codes(answer):
    return [r.code for r in answer.reasons]


def test_whole_occupation_in_the_catalogue_gets_only_a_qualification_certificate():
    answer = certificate_types_for("4-07-05-01")  # 保安员
    assert answer.types == (QUAL,)
    assert codes(answer) == ["in_qualification_catalogue"]
    assert answer.qualification_parts[0].department == "公安部"
    assert answer.qualification_parts[0].department_unverified
    assert not answer.allows(SKILL)


def test_partial_entry_does_not_block_skill_certificates_for_the_rest_of_the_occupation():
    with translation.override("zh-hans"):
        answer = certificate_types_for("6-18-02-04")  # 焊工: only nuclear-safety and regulated welding are covered
    assert answer.types == (QUAL, SKILL)
    assert codes(answer) == ["partly_in_qualification_catalogue", "outside_catalogue_category_3_6"]
    assert "民用核安全设备焊工" in answer.reasons[0].message
    assert {p.name for p in answer.qualification_parts} == {
        "民用核安全设备焊工、焊接操作工",
        "国防科技工业军用核安全设备焊接人员",
        "特种作业人员（焊接与热切割作业）",
        "特种设备作业人员（特种设备焊接作业）",
    }


def test_job_type_inside_the_partial_entry_needs_the_qualification():
    answer = certificate_types_for("6-18-02-04", "民用核安全设备焊工")
    assert answer.types == (QUAL,)
    assert codes(answer) == ["job_type_in_qualification_catalogue"]
    assert [p.name for p in answer.qualification_parts] == ["民用核安全设备焊工、焊接操作工"]
    other = certificate_types_for("6-18-02-04", "手工电弧焊")
    assert other.types == (QUAL, SKILL)


def test_major_category_two_gets_no_skill_certificate():
    answer = certificate_types_for("2-02-07-09")  # 焊接工程技术人员
    assert answer.types == ()
    assert codes(answer) == ["category_2_not_skill"]


def test_published_new_occupation_in_category_two_is_still_technical():
    answer = certificate_types_for("2-02-38-01")  # 人工智能工程技术人员, 2019 batch 1
    assert answer.types == ()
    assert codes(answer) == ["category_2_not_skill", "published_new_occupation"]


def test_category_six_outside_the_catalogue_gets_skill_level_certificates():
    answer = certificate_types_for("6-01-01-01")
    assert answer.types == (SKILL,)
    assert codes(answer) == ["outside_catalogue_category_3_6"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("1-01-00-01", "category_1_not_skill"),
        ("7-01-00-00", "category_7_not_skill"),
        ("8-00-00-00", "category_8_not_skill"),
    ],
)
def test_categories_one_seven_and_eight_get_nothing(code, reason):
    answer = certificate_types_for(code)
    assert answer.types == ()
    assert codes(answer) == [reason]


def test_new_occupation_without_a_known_code_is_not_classified_from_its_name():
    from skillcert.catalog.models import NewOccupation

    streamer = NewOccupation.objects.get(name="网络主播")  # the name reads like a skill job; no code is known
    answer = certificate_types_for(streamer.code)
    assert answer.types == ()
    assert codes(answer) == ["new_occupation_unclassified"]


@pytest.mark.parametrize(
    ("name", "code", "types", "reason"),
    [
        ("生成式人工智能系统应用员", "4-04-05-13", (SKILL,), "new_skill_occupation"),
        ("跨境电商运营管理师", "4-01-06-03", (SKILL,), "new_skill_occupation"),
        ("咖啡加工工", "6-02-06-13", (SKILL,), "new_skill_occupation"),
        ("养老服务师", "2-07-11-04", (), "new_occupation_technical"),  # ends in 师, but category 2
    ],
)
def test_new_occupations_with_an_official_code_are_classed_by_its_major_category(name, code, types, reason):
    from skillcert.catalog.models import NewOccupation

    new = NewOccupation.objects.get(name=name)
    assert (new.code, new.legacy_code[:1], new.occupation) == (code, "N", None)
    answer = certificate_types_for(code)
    assert (answer.types, codes(answer), answer.major_category) == (types, [reason], code[0])
    assert certificate_types_for(new.legacy_code).code == code  # the old project code still finds it
    assert new.batch_name and new.published_date and new.code_source


def test_new_occupation_in_public_comment_gets_nothing_yet():
    from skillcert.catalog.models import NewOccupation

    proposed = NewOccupation.objects.get(name="电解水制氢工")
    answer = certificate_types_for(proposed.code)
    assert answer.types == ()
    assert codes(answer) == ["new_occupation_not_published"]


def test_a_category_is_not_an_occupation():
    assert codes(certificate_types_for("6-18")) == ["not_an_occupation"]


def test_unknown_code_is_not_found_with_a_message_in_the_active_language():
    with translation.override("en"), pytest.raises(NotFound) as caught:
        certificate_types_for("9-99-99-99")
    assert "9-99-99-99" in str(caught.value.message)


def test_refusal_message_names_the_type_and_the_reasons():
    with translation.override("zh-hans"):
        message = certificate_types_for("4-07-05-01").refusal(SKILL)
    assert "职业技能等级证书" in message and "保安员" in message and "国家职业资格目录" in message


@pytest.mark.parametrize(
    ("code", "qualification", "department"),
    [
        ("4-07-04-01", "导游资格", "文化和旅游部"),  # 导游
        ("4-02-04-04", "民航专业技术人员资格（航空安全员）", "中国民用航空局"),
        ("5-04-03-02", "船员资格（含船员、渔业船员）", "交通运输部"),  # 渔业船员
        ("4-06-02-01", "房地产经纪专业人员职业资格", "住房和城乡建设部"),
        ("4-08-05-08", "公路水运工程试验检测专业技术人员职业资格", "交通运输部"),
        ("2-07-11-01", "社会工作者职业资格", "民政部"),
        ("2-05-08-04", "护士执业资格", "国家卫生健康委"),  # 外科护士
        ("2-02-10-01", "通信专业技术人员职业资格", "工业和信息化部"),
        ("2-10-05-00", "翻译专业资格", "中国外文局"),
        ("2-06-07-09", "拍卖师", "中国拍卖行业协会"),
    ],
)
def test_occupations_the_issue_names_get_their_professional_qualification_and_no_skill_certificate(
    code, qualification, department
):
    answer = certificate_types_for(code)
    assert answer.types == (QUAL,)
    assert codes(answer)[0] == "professional_qualification"
    assert any(p.qualification == qualification and department in p.department for p in answer.qualification_parts)
    assert not answer.allows(SKILL)


def test_pharmacists_are_covered_by_the_health_qualification_and_partly_by_licensed_pharmacists():
    answer = certificate_types_for("2-05-06-01")  # 药师
    assert answer.types == (QUAL,)
    assert codes(answer) == ["professional_qualification", "partly_professional_qualification"]
    assert [p.qualification for p in answer.qualification_parts] == ["执业药师", "卫生专业技术资格"]


def test_the_nurse_answer_reads_as_the_catalogue_states_it():
    with translation.override("zh-hans"):
        message = certificate_types_for("2-05-08-01").reasons[0].message
    assert message.startswith("护士执业资格（国家职业资格目录，准入类），由国家卫生健康委")
    assert message.endswith("实施 — 不是职业技能等级证书。")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("1-01-00-01", "category_1_not_skill"),
        ("2-07-11-03", "category_2_not_skill"),  # 心理咨询师 left the catalogue in 2017
        ("2-02-38-01", "category_2_not_skill"),
        ("7-01-00-00", "category_7_not_skill"),
        ("8-00-00-00", "category_8_not_skill"),
    ],
)
def test_occupations_of_categories_one_two_seven_and_eight_outside_the_catalogue_get_nothing(code, reason):
    answer = certificate_types_for(code)
    assert answer.types == ()
    assert codes(answer)[0] == reason
    assert answer.qualification_parts == ()


def test_the_source_s_working_markers_never_reach_a_qualification_name():
    answer = certificate_types_for("4-02-04-04")  # 航空安全员: the source doubts the group name
    part = answer.qualification_parts[0]
    assert "未核实" not in part.qualification and "未核实" not in part.name and "未核实" not in part.department
    assert part.qualification_name_unverified and answer.has_unverified_facts
