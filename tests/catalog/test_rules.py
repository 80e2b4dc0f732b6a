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
        answer = certificate_types_for("6-18-02-04")  # 焊工: only nuclear-safety welding is in the catalogue
    assert answer.types == (QUAL, SKILL)
    assert codes(answer) == ["partly_in_qualification_catalogue", "outside_catalogue_category_3_6"]
    assert "民用核安全设备焊工" in answer.reasons[0].message
    assert {p.name for p in answer.qualification_parts} == {
        "民用核安全设备焊工、焊接操作工",
        "国防科技工业军用核安全设备焊接人员",
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


def test_new_skill_occupation_without_a_classification_code():
    from skillcert.catalog.models import NewOccupation

    streamer = NewOccupation.objects.get(name="网络主播")
    answer = certificate_types_for(streamer.code)
    assert answer.types == (SKILL,)
    assert codes(answer) == ["new_skill_occupation"]


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
