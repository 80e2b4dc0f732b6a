"""The one verifier: each check on its own, and every kind of bad input as a failed or unknown check."""

from __future__ import annotations

import copy
import json

import pytest

from skillcert.verification.report import FAILED, OK, UNKNOWN
from skillcert.verification.sources import LiveSource
from skillcert.verification.verifier import MAX_INPUT_BYTES, verify

pytestmark = pytest.mark.django_db


def statuses(report):
    return {check.name: (check.status, check.code) for check in report.checks}


def test_an_issued_credential_passes_every_check_live(credential):
    report = verify(credential, LiveSource())
    assert report.verdict == "valid", statuses(report)
    assert [check.name for check in report.checks] == [
        "well_formed",
        "signature",
        "issuer_key",
        "status",
        "log",
        "dates",
    ]
    assert report.facts["number"] and "焊工" in report.facts["achievement"] and report.facts["name"] == "张三"


def test_a_bundle_passes_offline_from_text(bundle):
    report = verify(json.dumps(bundle, ensure_ascii=False))
    assert report.verdict == "valid" and report.source == "bundle", statuses(report)


def test_reasons_come_in_chinese_and_english(credential):
    check = verify(credential, LiveSource()).check("signature").as_dict()
    assert "签名" in check["labels"]["zh-hans"] and check["labels"]["en"] == "Signature"
    assert "有效" in check["reasons"]["zh-hans"] and "valid" in check["reasons"]["en"]


def test_a_bare_credential_is_unknown_never_valid(credential):
    report = verify(credential)
    assert report.verdict == "unknown"
    assert statuses(report)["status"][0] == UNKNOWN and statuses(report)["log"] == (UNKNOWN, "no_log_proof")


def test_a_tampered_credential_fails_the_signature_and_the_log(credential):
    credential["credentialSubject"]["licenseNumber"] = "S000051000001264000999"
    report = verify(credential, LiveSource())
    assert statuses(report)["signature"] == (FAILED, "bad_signature")
    assert statuses(report)["log"] == (FAILED, "different_credential")
    assert report.verdict == "invalid"


def test_revocation_shows_in_the_same_request_as_of_now(certificate, credential, operator):
    from skillcert.certificates import services

    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    check = verify(credential, LiveSource()).check("status")
    assert (check.status, check.code) == (FAILED, "revoked")
    assert "已撤销——状态截至 20" in check.reason.text("zh-hans")
    assert "Revoked — status as of 20" in check.reason.text("en")


def test_suspension_is_reported_and_reinstatement_clears_it(certificate, credential, operator):
    from skillcert.certificates import services

    services.suspend_certificate(certificate=certificate, category="under_review", reason="核查中", actor=operator)
    assert verify(credential, LiveSource()).check("status").code == "suspended"
    services.reinstate_certificate(certificate=certificate, reason="核查无误", actor=operator)
    assert verify(credential, LiveSource()).check("status").status == OK


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", "malformed_json"),
        ("[1, 2, 3]", "not_object"),
        (b"[" * 100_000, "malformed_json"),
        ('{"a": NaN}', "malformed_json"),
        (b"\xff\xfe{}", "malformed_json"),
        (b" " * (MAX_INPUT_BYTES + 1), "too_large"),
    ],
)
def test_bad_input_is_a_failed_check_not_a_crash(raw, code):
    report = verify(raw, LiveSource())
    assert statuses(report)["well_formed"] == (FAILED, code)
    assert report.verdict == "invalid" and all(c.status == UNKNOWN for c in report.checks[1:])


def test_a_50_mb_upload_is_refused_before_reading():
    class Upload:
        size = 50 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("must not be read")

    assert verify(Upload(), LiveSource()).check("well_formed").code == "too_large"


def test_an_unknown_context_fails(credential):
    credential["@context"].append("https://example.com/evil/v1")
    report = verify(credential, LiveSource())
    assert statuses(report)["well_formed"] == (FAILED, "unknown_context")
    assert statuses(report)["signature"][0] == FAILED


def test_a_wrong_cryptosuite_fails_with_its_name(credential):
    credential["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    check = verify(credential, LiveSource()).check("signature")
    assert check.code == "wrong_cryptosuite" and "ecdsa-rdfc-2019" in check.reason.text("en")


def test_a_key_not_in_the_did_document_fails(credential):
    did = credential["issuer"]["id"]
    credential["proof"]["verificationMethod"] = f"{did}#key-20990101-deadbeef"
    report = verify(credential, LiveSource())
    assert statuses(report)["signature"] == (FAILED, "unknown_key")
    assert statuses(report)["issuer_key"] == (FAILED, "unknown_key")


def test_a_key_outside_its_validity_window_fails(bundle):
    method = bundle["didDocument"]["verificationMethod"][-1]
    method["keyValidity"] = {"validFrom": "2020-01-01T00:00:00Z", "validUntil": "2021-01-01T00:00:00Z"}
    check = verify(bundle).check("issuer_key")
    assert (check.status, check.code) == (FAILED, "key_not_valid_then")


def test_a_status_index_out_of_range_fails_with_reason(bundle):
    for entry in bundle["credential"]["credentialStatus"]:
        entry["statusListIndex"] = "999999999"
    check = verify(bundle).check("status")
    assert check.status == FAILED and "outside" in check.reason.text("en")


def test_a_missing_status_list_is_unknown_not_valid(bundle):
    bundle["statusLists"] = []
    check = verify(bundle).check("status")
    assert check.status == UNKNOWN and "unknown" in check.reason.text("en")


def test_a_tampered_status_list_is_unknown(bundle):
    bundle["statusLists"][0]["credentialSubject"]["encodedList"] = (
        bundle["statusLists"][0]["credentialSubject"]["encodedList"][:-4] + "AAAA"
    )
    assert verify(bundle).check("status").status in {UNKNOWN, FAILED}
    assert verify(bundle).verdict != "valid"


def test_a_proof_for_another_tree_size_fails(bundle):
    bundle["log"]["treeSize"] += 1
    check = verify(bundle).check("log")
    assert (check.status, check.code) == (FAILED, "wrong_tree_size")


def test_a_forged_checkpoint_fails(bundle):
    lines = bundle["log"]["checkpoint"].split("\n")
    lines[1] = str(int(lines[1]) + 5)
    bundle["log"]["checkpoint"] = "\n".join(lines)
    assert verify(bundle).check("log").status == FAILED


def test_another_logs_key_is_refused(bundle):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from skillcert.transparency.notes import VerifierKey

    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    bundle["log"]["verifierKey"] = VerifierKey.for_public_key("evil.example/log", raw).encode()
    assert verify(bundle).check("log").code == "log_key_mismatch"
    pinned = VerifierKey.for_public_key(bundle["log"]["verifierKey"].split("+")[0], raw).encode()
    assert verify(bundle, log_key=pinned).check("log").status == FAILED


def test_dates_expired_and_not_yet_valid(bundle):
    expired = copy.deepcopy(bundle)
    expired["credential"]["validUntil"] = "2020-01-01T00:00:00Z"
    assert verify(expired).check("dates").code == "expired"
    future = copy.deepcopy(bundle)
    future["credential"]["validFrom"] = "2999-01-01T00:00:00Z"
    assert verify(future).check("dates").code == "not_yet_valid"


def test_hostile_shapes_never_raise(bundle):
    for mutate in (
        lambda b: b.update(credential="x"),
        lambda b: b["credential"].update(proof=[1, 2]),
        lambda b: b["credential"].update(credentialStatus="nope"),
        lambda b: b["credential"].update(issuer={"id": 5}),
        lambda b: b.update(log={"entries": "x", "treeSize": "big"}),
        lambda b: b.update(didDocument=[]),
        lambda b: b["log"]["entries"][0].update(proof=["%%%"]),
    ):
        broken = copy.deepcopy(bundle)
        mutate(broken)
        assert verify(broken).verdict in {"invalid", "unknown"}
