"""A certificate as an Open Badges 3.0 credential, validated against the shipped OB 3.0 schema."""

from __future__ import annotations

import copy
import json

import pytest

from skillcert.credentials.compose import compose_certificate_credential
from skillcert.credentials.schema import published_schema, validate_ob3
from skillcert.credentials.services import issue_credential
from tests.factories.credentials import make_facts, vector_json

SPECIAL = {
    "certificate_type": "special_ability",
    "certificate_number": "ZX5101202600012",
    "occupation_code": "",
    "occupation_name": "",
    "level": None,
    "project_code": "SC-ZX-0101",
    "project_name": "川菜烹饪",
    "issuer_name": "成都市人力资源和社会保障局",
    "status_entries": (),
}
COMPETITION = {
    "issuer_name": "四川省职业技能大赛组委会",
    "issuer_on_behalf": "四川省职业技能鉴定指导中心（代章）",
    "level": 2,
    "job_type": "熔化焊接与热切割",
}


def subject_of(credential):
    return credential["credentialSubject"]


def test_skill_level_certificate_maps_as_the_spec_says():
    credential = compose_certificate_credential(make_facts())
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][1] == "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    subject = subject_of(credential)
    achievement = subject["achievement"]
    assert subject["licenseNumber"] == "S000051000001264000001"
    assert achievement["achievementType"] == "Certificate"
    assert achievement["alignment"][0]["targetCode"] == "6-18-02-04"
    assert achievement["alignment"][0]["targetUrl"] == "http://127.0.0.1:8000/catalog/6-18-02-04/"
    levels = {level["id"]: level["name"] for level in achievement["resultDescription"][0]["rubricCriterionLevel"]}
    assert levels[subject["result"][0]["achievedLevel"]] == "中级（四级） Level 4 (Intermediate)"
    assert "职业技能等级证书" in credential["name"] and "Vocational Skill Level Certificate" in credential["name"]
    assert credential["issuer"]["id"].startswith("did:web:")


def test_the_holder_is_named_and_nothing_stands_for_the_id_number():
    identifiers = subject_of(compose_certificate_credential(make_facts()))["identifier"]
    assert identifiers == [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "张三"},
        {"type": "IdentityObject", "identityType": "ext:romanisedName", "hashed": False, "identityHash": "ZHANG San"},
    ]


def test_status_entries_are_bitstring_entries_with_string_indexes():
    statuses = compose_certificate_credential(make_facts())["credentialStatus"]
    assert statuses[0] == {
        "id": "http://127.0.0.1:8000/credentials/status/revocation/aaaa#1021",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "1021",
        "statusListCredential": "http://127.0.0.1:8000/credentials/status/revocation/aaaa",
    }
    assert [s["statusPurpose"] for s in statuses] == ["revocation", "suspension"]


def test_special_ability_certificate_aligns_to_its_project_and_has_no_level():
    credential = compose_certificate_credential(make_facts(**SPECIAL))
    achievement = subject_of(credential)["achievement"]
    assert achievement["alignment"][0]["targetCode"] == "SC-ZX-0101"
    assert achievement["alignment"][0]["targetUrl"].endswith("/catalog/projects/SC-ZX-0101/")
    assert "result" not in subject_of(credential) and "credentialStatus" not in credential


def test_competition_certificate_names_the_committee_and_the_proxy_seal():
    credential = compose_certificate_credential(make_facts(**COMPETITION))
    source = subject_of(credential)["source"]
    assert source["name"] == "四川省职业技能大赛组委会"
    assert "四川省职业技能鉴定指导中心（代章）" in source["description"]
    assert subject_of(credential)["achievement"]["specialization"] == "熔化焊接与热切割"


def test_qualification_is_a_certification():
    credential = compose_certificate_credential(make_facts(certificate_type="qualification"))
    assert subject_of(credential)["achievement"]["achievementType"] == "Certification"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {},
        SPECIAL,
        COMPETITION,
        {"certificate_type": "qualification", "level": 3},
        {"standard_kind": "industry_specification", "standard_code": "T/CWA 301-2024"},
        {"standard_kind": "", "standard_code": ""},
    ],
)
def test_issued_credentials_validate_against_the_open_badges_schema(signing_key, changes):
    credential = issue_credential(make_facts(**changes))
    assert validate_ob3(credential) == []


def test_the_open_badges_vector_itself_validates():
    assert validate_ob3(vector_json("ob-v3p0/signed-credential.json")) == []


def test_schema_violations_are_listed_with_their_place():
    credential = compose_certificate_credential(make_facts())
    del credential["credentialSubject"]["achievement"]["criteria"]
    credential["validFrom"] = "30 June 2026"
    credential["credentialStatus"][1]["type"] = 5
    errors = validate_ob3(credential)
    assert any(e.startswith("credentialSubject/achievement: 'criteria' is a required property") for e in errors)
    assert any(e.startswith("validFrom:") for e in errors)
    assert any(e.startswith("credentialStatus/1/type:") for e in errors)
    assert validate_ob3([]) == ["(root): a credential must be a JSON object"]


def test_status_entry_without_id_is_accepted_although_the_published_schema_requires_it():
    """Quirk: OB 3.0's CredentialStatus requires ``id``; Bitstring Status List does not."""
    assert published_schema()["$defs"]["CredentialStatus"]["required"] == ["id", "type"]
    credential = compose_certificate_credential(make_facts())
    entry = copy.deepcopy(credential["credentialStatus"][0])
    del entry["id"]
    credential["credentialStatus"] = entry
    assert validate_ob3(credential) == []


def test_credential_text_does_not_depend_on_the_active_language(settings):
    from django.utils import translation

    with translation.override("en"):
        english = json.dumps(compose_certificate_credential(make_facts()), ensure_ascii=False)
    with translation.override("zh-hans"):
        chinese = json.dumps(compose_certificate_credential(make_facts()), ensure_ascii=False)
    assert english == chinese


def _standard(credential):
    alignments = subject_of(credential)["achievement"]["alignment"]
    return [a for a in alignments if a["targetType"] == "ext:EvaluationStandard"]


def test_the_standard_evaluated_against_is_a_second_alignment():
    (standard,) = _standard(compose_certificate_credential(make_facts()))
    assert standard["targetFramework"] == "国家职业技能标准" and standard["targetCode"] == "6-18-02-04"
    assert standard["targetName"] == "国家职业技能标准（6-18-02-04）"
    assert standard["targetUrl"] == "http://127.0.0.1:8000/catalog/6-18-02-04/"
    assert "Evaluated against: National occupational skill standard" in standard["targetDescription"]


def test_a_special_ability_certificate_names_its_project_specification():
    facts = make_facts(**SPECIAL, standard_kind="special_specification", standard_code="SC-ZX-0101")
    (standard,) = _standard(compose_certificate_credential(facts))
    assert standard["targetName"] == "专项考核规范（SC-ZX-0101）"
    assert standard["targetUrl"].endswith("/catalog/projects/SC-ZX-0101/")


def test_a_certificate_without_a_recorded_standard_has_no_standard_alignment():
    assert _standard(compose_certificate_credential(make_facts(standard_kind="", standard_code=""))) == []
