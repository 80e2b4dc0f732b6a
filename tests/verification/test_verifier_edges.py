"""The verifier's edges: both sides of every size and time limit, each well-formed rule, the exact reasons shown."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from skillcert.verification.report import FAILED, OK, UNKNOWN, failed
from skillcert.verification.sources import BundleSource, LiveSource, NoSource
from skillcert.verification.verifier import (
    MAX_INPUT_BYTES,
    VC_V2,
    facts_of,
    log_origin_for_did,
    parse_input,
    too_large_report,
    unreadable_report,
    verify,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
TOO_LARGE_EN = "The file is larger than 1024 KiB; a credential or bundle is much smaller. It was not read."
NOT_CHECKED_EN = "Not checked: the input is not a readable credential."


def reason(report: Any, name: str, language: str = "en") -> str:
    return report.check(name).reason.text(language)


def outcome(report: Any, name: str) -> tuple[str, str]:
    check = report.check(name)
    return check.status, check.code


def local(moment: str, with_time: bool = True) -> str:
    parsed = dt.datetime.fromisoformat(moment).astimezone(SHANGHAI)
    return parsed.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


class Upload:
    """An uploaded file: its declared size is checked before anything is read."""

    def __init__(self, body: bytes, size: int | None) -> None:
        self.body, self.size = body, size

    def read(self, limit: int) -> bytes:
        return self.body[:limit]


def padded(size: int) -> bytes:
    """A JSON object of exactly ``size`` bytes."""
    return b"{}" + b" " * (size - 2)


# --- size limits: exactly the limit is read, one byte more is refused ------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [padded(MAX_INPUT_BYTES), bytearray(padded(MAX_INPUT_BYTES)), padded(MAX_INPUT_BYTES).decode()],
    ids=["bytes", "bytearray", "text"],
)
def test_input_of_exactly_the_limit_is_read(raw):
    document, problem = parse_input(raw)
    assert (document, problem) == ({}, None)


@pytest.mark.parametrize(
    "raw",
    [padded(MAX_INPUT_BYTES + 1), padded(MAX_INPUT_BYTES + 1).decode(), "中" * (MAX_INPUT_BYTES // 3 + 1)],
    ids=["bytes", "text", "text-whose-utf8-is-too-large"],
)
def test_input_one_byte_over_the_limit_is_refused_with_the_limit_named(raw):
    report = verify(raw)
    assert outcome(report, "well_formed") == (FAILED, "too_large")
    assert reason(report, "well_formed") == TOO_LARGE_EN
    assert "1024 KiB" in reason(report, "well_formed", "zh-hans")


def test_an_upload_of_exactly_the_limit_is_read_and_one_byte_more_is_not():
    assert parse_input(Upload(padded(MAX_INPUT_BYTES), MAX_INPUT_BYTES)) == ({}, None)
    assert verify(Upload(padded(MAX_INPUT_BYTES + 1), MAX_INPUT_BYTES + 1)).check("well_formed").code == "too_large"


def test_an_upload_of_unknown_size_is_refused():
    report = verify(Upload(b"{}", None))
    assert outcome(report, "well_formed") == (FAILED, "too_large")


def test_an_upload_larger_than_it_declares_is_still_refused():
    assert verify(Upload(padded(MAX_INPUT_BYTES + 5), 10)).check("well_formed").code == "too_large"


def test_an_object_that_only_looks_like_an_upload_is_not_read_as_one():
    class Reader:  # has read() but no size: not an upload
        def read(self, *_args: Any) -> bytes:
            raise AssertionError("must not be read")

    report = verify(Reader())
    assert outcome(report, "well_formed") == (FAILED, "not_object")
    assert reason(report, "well_formed") == "The input is not a JSON object."


def test_too_large_report_keeps_its_source_and_says_nothing_was_checked():
    report = too_large_report("live")
    assert report.source == "live" and report.verdict == "invalid"
    assert outcome(report, "well_formed") == (FAILED, "too_large")
    assert reason(report, "well_formed") == TOO_LARGE_EN
    assert too_large_report().source == "none"


# --- unreadable input -----------------------------------------------------------------------------------------------
def test_malformed_json_names_line_and_column():
    report = verify(b'{\n  "a": }')
    assert outcome(report, "well_formed") == (FAILED, "malformed_json")
    assert reason(report, "well_formed") == "The text is not valid JSON (line 2, column 8)."


def test_a_json_constant_is_malformed_json_without_a_position():
    report = verify('{"a": Infinity}')
    assert outcome(report, "well_formed") == (FAILED, "malformed_json")
    assert reason(report, "well_formed") == "The text is not valid JSON."


def test_a_byte_order_mark_is_ignored():
    assert parse_input(b"\xef\xbb\xbf{}") == ({}, None)


def test_text_with_a_lone_surrogate_is_read_with_a_replacement_not_a_crash():
    assert parse_input('{"a": "\ud800"}') == ({"a": "?"}, None)


def test_every_other_check_of_unreadable_input_is_not_checked():
    report = verify(b"[]", LiveSource())
    assert report.source == "live"
    assert reason(report, "well_formed") == "The input is not a JSON object."
    rest = report.checks[1:]
    assert [c.name for c in rest] == ["signature", "issuer_key", "status", "log", "dates"]
    assert {(c.status, c.code, c.reason.text("en")) for c in rest} == {(UNKNOWN, "not_checked", NOT_CHECKED_EN)}


def test_input_refused_as_too_complex_says_so_for_every_other_check():
    problem = failed("well_formed", "too_complex", "x")
    report = unreadable_report(problem)
    assert report.source == "none" and report.checks[0] is problem
    texts = {c.reason.text("en") for c in report.checks[1:]}
    assert texts == {"Not checked: the input is too complex to process."}
    other = unreadable_report(failed("well_formed", "too_large", "x"), "bundle")
    assert {c.reason.text("en") for c in other.checks[1:]} == {NOT_CHECKED_EN} and other.source == "bundle"


def test_a_bundle_without_a_credential_is_refused():
    report = verify({"type": "SkillcertVerificationBundle", "credential": "x"})
    assert outcome(report, "well_formed") == (FAILED, "no_credential")
    assert reason(report, "well_formed") == "The bundle contains no credential."
    assert report.source == "bundle"


# --- well-formed: each rule ----------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code", "text"),
    [
        (
            {"@context": ["https://www.w3.org/2018/credentials/v1"]},
            "not_vc2",
            "This is not a W3C Verifiable Credential 2.0: its first @context is not the VC 2.0 context.",
        ),
        (
            {"@context": []},
            "not_vc2",
            "This is not a W3C Verifiable Credential 2.0: its first @context is not the VC 2.0 context.",
        ),
        ({"type": ["OpenBadgeCredential"]}, "wrong_type", "The type does not include VerifiableCredential."),
        ({"issuer": ""}, "no_issuer", "The credential names no issuer."),
        ({"issuer": {"id": ""}}, "no_issuer", "The credential names no issuer."),
        ({"credentialSubject": "someone"}, "no_subject", "The credential has no credentialSubject object."),
        ({"id": 7}, "no_id", "The credential has no id."),
        ({"proof": None}, "no_proof", "The credential carries no proof."),
    ],
)
def test_each_well_formed_rule_gives_its_own_reason(credential, change, code, text):
    credential.update(change)
    report = verify(credential)
    assert outcome(report, "well_formed") == (FAILED, code)
    assert reason(report, "well_formed") == text


@pytest.mark.django_db
def test_a_single_context_string_and_a_single_type_string_are_understood(credential):
    credential["@context"] = VC_V2
    credential["type"] = "VerifiableCredential"
    report = verify(credential)
    assert outcome(report, "well_formed") == (OK, "ok")
    assert reason(report, "well_formed") == "A well-formed Verifiable Credential 2.0 using only known contexts."


@pytest.mark.django_db
def test_an_issuer_given_as_a_plain_string_is_understood(credential):
    credential["issuer"] = credential["issuer"]["id"]
    assert outcome(verify(credential), "well_formed") == (OK, "ok")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("context", "shown"),
    [({"@vocab": "https://evil.example/"}, "{…}"), ("https://evil.example/" + "x" * 200, None)],
)
def test_an_unknown_context_is_named_shortened(credential, context, shown):
    credential["@context"].append(context)
    report = verify(credential)
    assert outcome(report, "well_formed") == (FAILED, "unknown_context")
    expected = shown if shown is not None else context[:120]
    assert reason(report, "well_formed") == f"The credential uses a JSON-LD context that is not known here: {expected}"


# --- signature and issuer key ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_without_a_did_document_signature_and_key_are_unknown_naming_the_issuer(credential):
    report = verify(credential, NoSource())
    issuer = credential["issuer"]["id"]
    for name in ("signature", "issuer_key"):
        assert outcome(report, name) == (UNKNOWN, "no_did_document")
        assert reason(report, name).startswith(f"The issuer's DID document ({issuer}) is not available here")
    assert report.verdict == "unknown"


@pytest.mark.django_db
def test_without_an_issuer_signature_and_key_fail(credential):
    credential["issuer"] = {"name": "某机构"}
    report = verify(credential, LiveSource())
    for name in ("signature", "issuer_key"):
        assert outcome(report, name) == (FAILED, "no_issuer")
        assert reason(report, name) == "The credential names no issuer."


@pytest.mark.django_db
def test_the_stored_copy_is_valid_without_canonicalisation_and_says_so(credential):
    report = verify(credential, LiveSource())
    key = credential["proof"]["verificationMethod"].rpartition("#")[2]
    assert outcome(report, "signature") == (OK, "ok")
    assert reason(report, "signature").startswith("The signature is valid: this is identical to the credential")
    assert f"key {key})" in reason(report, "signature")


@pytest.mark.django_db
def test_the_stored_copy_is_recognised_whatever_the_order_of_its_keys(credential):
    reordered = dict(reversed(list(credential.items())))
    reordered["credentialSubject"] = dict(reversed(list(credential["credentialSubject"].items())))
    assert list(reordered) != list(credential)
    report = verify(reordered, LiveSource())
    assert reason(report, "signature").startswith("The signature is valid: this is identical to the credential")


@pytest.mark.django_db
def test_a_bundle_is_verified_by_its_signature(bundle):
    report = verify(bundle)
    key = bundle["credential"]["proof"]["verificationMethod"].rpartition("#")[2]
    assert reason(report, "signature") == f"The signature is valid (eddsa-rdfc-2022, key {key})."


@pytest.mark.django_db
def test_a_pinned_did_document_verifies_a_bare_credential(bundle):
    report = verify(bundle["credential"], did_document=bundle["didDocument"])
    assert outcome(report, "signature") == (OK, "ok") and outcome(report, "issuer_key") == (OK, "ok")
    assert report.source == "bundle"


@pytest.mark.django_db
def test_a_proof_in_a_one_element_list_is_read(bundle):
    bundle["credential"]["proof"] = [bundle["credential"]["proof"]]
    report = verify(bundle)
    assert outcome(report, "issuer_key") == (OK, "ok")


@pytest.mark.django_db
def test_a_key_of_another_issuer_is_refused_and_named_shortened(bundle):
    method = "did:web:evil.example#" + "k" * 300
    bundle["credential"]["proof"]["verificationMethod"] = method
    report = verify(bundle)
    assert outcome(report, "signature") == (FAILED, "key_of_another_issuer")
    assert reason(report, "signature") == (
        f"The proof was made with the key {method[:160]}, which does not belong to the issuer."
    )
    assert outcome(report, "issuer_key") == (FAILED, "unknown_key")
    assert reason(report, "issuer_key") == (
        f"The key {method[:160]} is not an assertion key in the issuer's DID document."
    )


@pytest.mark.django_db
def test_a_wrong_cryptosuite_names_the_suite_and_the_expected_one(bundle):
    bundle["credential"]["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    report = verify(bundle)
    assert outcome(report, "signature") == (FAILED, "wrong_cryptosuite")
    assert reason(report, "signature") == (
        "The proof uses the cryptosuite ecdsa-rdfc-2019; only eddsa-rdfc-2022 is accepted."
    )


@pytest.mark.django_db
def test_an_unknown_key_of_the_issuer_is_named(bundle):
    did = bundle["credential"]["issuer"]["id"]
    method = f"{did}#key-20990101-deadbeef"
    bundle["credential"]["proof"]["verificationMethod"] = method
    report = verify(bundle)
    assert reason(report, "signature") == f"The key {method} is not in the issuer's DID document."


@pytest.mark.django_db
def test_a_key_listed_but_not_for_assertions_is_refused(bundle):
    bundle["didDocument"]["assertionMethod"] = []
    report = verify(bundle)
    assert outcome(report, "issuer_key") == (FAILED, "unknown_key")


def signing_window(bundle: dict[str, Any], window: Any) -> None:
    method_id = bundle["credential"]["proof"]["verificationMethod"]
    for method in bundle["didDocument"]["verificationMethod"]:
        if method["id"] == method_id:
            method["keyValidity"] = window


@pytest.mark.django_db
def test_the_key_window_failure_names_both_ends_and_the_signing_time(bundle):
    signing_window(bundle, {"validFrom": "2020-01-01T00:00:00Z", "validUntil": "2021-01-01T00:00:00Z"})
    created = bundle["credential"]["proof"]["created"]
    key = bundle["credential"]["proof"]["verificationMethod"]
    report = verify(bundle)
    assert reason(report, "issuer_key") == (
        f"The key {key} was valid from 2020-01-01 08:00 to 2021-01-01 08:00, "
        f"but the credential was signed on {local(created)}."
    )


@pytest.mark.django_db
def test_a_key_window_without_an_end_shows_a_dash(bundle):
    signing_window(bundle, {"validFrom": "2999-01-01T00:00:00Z"})
    report = verify(bundle)
    assert outcome(report, "issuer_key") == (FAILED, "key_not_valid_then")
    assert "valid from 2999-01-01 08:00 to —," in reason(report, "issuer_key")


@pytest.mark.django_db
def test_a_signature_made_exactly_at_either_end_of_the_key_window_passes(bundle):
    created = bundle["credential"]["proof"]["created"]
    signing_window(bundle, {"validFrom": created, "validUntil": created})
    report = verify(bundle)
    issuer = bundle["credential"]["issuer"]["id"]
    assert outcome(report, "issuer_key") == (OK, "ok")
    assert reason(report, "issuer_key") == (
        f"Issued by {issuer} with a key that was in use when it signed ({local(created)})."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("window", [{}, {"validUntil": "2999-01-01T00:00:00Z"}, "always"])
def test_a_key_without_a_start_is_unknown(bundle, window):
    signing_window(bundle, window)
    report = verify(bundle)
    key = bundle["credential"]["proof"]["verificationMethod"]
    assert outcome(report, "issuer_key") == (UNKNOWN, "no_key_window")
    assert reason(report, "issuer_key") == f"The DID document gives no validity window for the key {key}."


@pytest.mark.django_db
def test_without_a_proof_time_the_signing_time_is_valid_from(bundle):
    del bundle["credential"]["proof"]["created"]
    signing_window(bundle, {"validFrom": "2020-01-01T00:00:00Z"})
    valid_from = bundle["credential"]["validFrom"]
    report = verify(bundle)
    assert outcome(report, "issuer_key") == (OK, "ok")
    assert reason(report, "issuer_key").endswith(f"({local(valid_from)}).")


@pytest.mark.django_db
def test_without_any_signing_time_the_key_check_fails(bundle):
    bundle["credential"]["proof"]["created"] = "yesterday"
    bundle["credential"]["validFrom"] = "2026-06-01T00:00:00"  # no time zone
    report = verify(bundle)
    assert outcome(report, "issuer_key") == (FAILED, "no_signing_time")
    assert reason(report, "issuer_key") == (
        "The proof has no valid creation time and the credential no valid validFrom."
    )


# --- dates: both sides of each boundary ------------------------------------------------------------------------------
START = "2026-06-01T00:00:00+00:00"
END = "2027-06-01T00:00:00+00:00"


def dates(credential: dict[str, Any], at: str, **fields: Any) -> Any:
    changed = copy.deepcopy(credential)
    changed.update(fields)
    with time_machine.travel(dt.datetime.fromisoformat(at), tick=False):
        return verify(changed, NoSource())  # no DID document: nothing is canonicalised


@pytest.mark.django_db
def test_a_credential_is_valid_from_the_very_second_of_valid_from(credential):
    credential.pop("validUntil", None)
    at_start = dates(credential, START, validFrom=START)
    assert outcome(at_start, "dates") == (OK, "ok")
    assert reason(at_start, "dates") == "Valid since 2026-06-01, with no end date."
    before = dates(credential, "2026-05-31T23:59:59+00:00", validFrom=START)
    assert outcome(before, "dates") == (FAILED, "not_yet_valid")
    assert reason(before, "dates") == "Not valid before 2026-06-01."


@pytest.mark.django_db
def test_a_credential_is_valid_until_the_very_second_of_valid_until(credential):
    last = dates(credential, END, validFrom=START, validUntil=END)
    assert outcome(last, "dates") == (OK, "ok")
    assert reason(last, "dates") == "Valid from 2026-06-01 until 2027-06-01."
    after = dates(credential, "2027-06-01T00:00:01+00:00", validFrom=START, validUntil=END)
    assert outcome(after, "dates") == (FAILED, "expired")
    assert reason(after, "dates") == "Expired on 2027-06-01."


@pytest.mark.django_db
def test_dates_are_shown_in_china_time(credential):
    late = "2026-06-01T20:00:00+00:00"  # 2 June in Sichuan
    report = dates(credential, "2026-07-01T00:00:00+00:00", validFrom=late)
    assert reason(report, "dates") == "Valid since 2026-06-02, with no end date."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "code", "text"),
    [
        ({"validFrom": "2026-06-01T00:00:00"}, "bad_valid_from", "validFrom is missing or not a date and time"),
        ({"validFrom": 20260601}, "bad_valid_from", "validFrom is missing or not a date and time"),
        ({"validFrom": START, "validUntil": "soon"}, "bad_valid_until", "validUntil is not a date and time"),
        ({"validFrom": START, "validUntil": None}, "bad_valid_until", "validUntil is not a date and time"),
    ],
)
def test_unreadable_dates_fail(credential, fields, code, text):
    report = dates(credential, "2026-07-01T00:00:00+00:00", **fields)
    assert outcome(report, "dates") == (FAILED, code)
    assert reason(report, "dates").startswith(text)


@pytest.mark.django_db
def test_a_date_of_40_characters_is_read_and_a_longer_one_is_not(credential):
    forty = "2026-06-01T00:00:00.00000000000000+00:00"
    assert len(forty) == 40
    assert outcome(dates(credential, END, validFrom=forty), "dates") == (OK, "ok")
    longer = "2026-06-01T00:00:00.000000000000000+00:00"
    assert outcome(dates(credential, END, validFrom=longer), "dates") == (FAILED, "bad_valid_from")


# --- what the report shows beside the checks -------------------------------------------------------------------------
def test_log_origin_of_a_did_web_issuer():
    assert log_origin_for_did("did:web:zs.rst.sc.gov.cn") == "zs.rst.sc.gov.cn/log"
    assert log_origin_for_did("did:web:127.0.0.1%3A8000:skill:cert") == "127.0.0.1:8000/skill/cert/log"
    assert log_origin_for_did("did:key:z6Mk") is None
    assert log_origin_for_did("did:web") is None
    assert log_origin_for_did(42) is None  # type: ignore[arg-type]


def subject_with(level: str = "4") -> dict[str, Any]:
    return {
        "licenseNumber": "S000051000001264000001",
        "identifier": [
            {"identityType": "identifier", "hashed": True, "identityHash": "sha256$ab"},
            {"identityType": "name", "hashed": True, "identityHash": "sha256$cd"},
            {"identityType": "name", "hashed": False, "identityHash": "张三"},
        ],
        "achievement": {
            "name": "焊工",
            "resultDescription": [
                "not a rubric",
                {"rubricCriterionLevel": ["x", {"id": "3", "name": "三级"}, {"id": "4", "name": "四级"}]},
            ],
        },
        "result": [{"achievedLevel": level}],
    }


def test_facts_show_what_the_credential_says():
    credential = {
        "name": "职业技能等级证书",
        "issuer": {"id": "did:web:x", "name": "成都市技师学院"},
        "awardedDate": "2026-06-30T02:00:00Z",
        "credentialSubject": subject_with(),
    }
    assert facts_of(credential) == {
        "title": "职业技能等级证书",
        "name": "张三",
        "number": "S000051000001264000001",
        "achievement": "焊工",
        "level": "四级",
        "issuer": "成都市技师学院",
        "awarded": "2026-06-30",
    }


def test_facts_leave_out_what_is_missing_or_not_text():
    subject = subject_with(level="9")
    subject["identifier"] = subject["identifier"][:2]  # only hashed names
    credential = {"name": 5, "issuer": "did:web:x", "credentialSubject": subject}
    assert facts_of(credential) == {"number": "S000051000001264000001", "achievement": "焊工", "issuer": "did:web:x"}
    assert facts_of({"credentialSubject": {"result": []}}) == {}
    assert facts_of({"credentialSubject": "x", "name": "x" * 300}) == {"title": "x" * 200}


@pytest.mark.django_db
def test_the_report_carries_the_credential_and_its_facts(bundle):
    report = verify(json.dumps(bundle))
    assert report.source == "bundle" and report.credential == bundle["credential"]
    assert report.facts["name"] == "张三" and report.facts["awarded"] == bundle["credential"]["awardedDate"][:10]


def test_a_bundle_source_given_by_the_caller_is_used():
    report = verify({"type": "SkillcertVerificationBundle", "credential": []}, LiveSource())
    assert report.source == "live"
    assert verify({"type": "SkillcertVerificationBundle"}, BundleSource({})).source == "bundle"
