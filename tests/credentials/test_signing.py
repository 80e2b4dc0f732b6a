"""Sign → verify → tamper → fail, and every kind of bad input is a failed check with a reason."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.credentials import did, selectors
from skillcert.credentials.compose import compose_certificate_credential
from skillcert.credentials.multikey import encode_base58btc
from skillcert.credentials.services import CredentialSigningError, issue_credential
from skillcert.credentials.signing import ProofCheck, sign_credential, verify_proof
from tests.factories.credentials import make_facts


@pytest.fixture
def credential(signing_key: Any) -> dict[str, Any]:
    return issue_credential(make_facts())


def check(document: Any) -> ProofCheck:
    return verify_proof(document, resolve_key=selectors.resolve_own_key)


@pytest.mark.django_db
def test_issued_credential_carries_an_eddsa_rdfc_2022_proof_by_the_active_key(credential, signing_key):
    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == f"{did.issuer_did()}#{signing_key.key_id}"
    assert proof["proofValue"].startswith("z")
    result = check(credential)
    assert (result.ok, result.code, result.key_id) == (True, "ok", signing_key.key_id)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "licenseNumber"), "S000051000001264000002"),
        (("credentialSubject", "identifier", 0, "identityHash"), "李四"),
        (("credentialSubject", "achievement", "name"), "焊工 高级技师（一级）"),
        (("validFrom",), "2020-01-01T00:00:00Z"),
        (("credentialStatus", 0, "statusListIndex"), "1"),
        (("proof", "created"), "2020-01-01T00:00:00Z"),
    ],
)
def test_any_change_to_a_signed_credential_breaks_the_signature(credential, path, value):
    tampered = copy.deepcopy(credential)
    target = tampered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert check(tampered).code == "bad_signature"


@pytest.mark.django_db
def test_added_properties_that_no_context_defines_are_refused_not_ignored(credential):
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["grade"] = "A"
    result = check(tampered)
    assert (result.ok, result.code) == (False, "undefined_term")
    assert "grade" in result.message


@pytest.mark.django_db
def test_unknown_context_is_a_failed_check_naming_it(credential):
    tampered = copy.deepcopy(credential)
    tampered["@context"].append("https://contexts.example/evil.jsonld")
    result = check(tampered)
    assert (result.ok, result.code) == (False, "unknown_context")
    assert "https://contexts.example/evil.jsonld" in result.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"cryptosuite": "ecdsa-rdfc-2019"}, "wrong_cryptosuite"),
        ({"cryptosuite": "eddsa-jcs-2022"}, "wrong_cryptosuite"),
        ({"type": "Ed25519Signature2020"}, "wrong_type"),
        ({"proofPurpose": "authentication"}, "wrong_purpose"),
        ({"verificationMethod": "did:web:other.example#key-1"}, "unknown_key"),
        ({"proofValue": "z111"}, "bad_proof_value"),
        ({"proofValue": "not multibase"}, "bad_proof_value"),
        ({"proofValue": 12}, "malformed"),
        ({"created": "yesterday"}, "malformed"),
        ({"@context": ["https://example.org/other"]}, "malformed"),
    ],
)
def test_bad_proofs_fail_with_their_reason(credential, change, code):
    tampered = copy.deepcopy(credential)
    tampered["proof"].update(change)
    result = check(tampered)
    assert (result.ok, result.code) == (False, code)
    assert result.message


@pytest.mark.django_db
def test_key_not_in_the_did_document_fails(credential):
    document = selectors.current_did_document()
    document["verificationMethod"] = []
    result = verify_proof(credential, resolve_key=did.resolver_for(document))
    assert (result.ok, result.code) == (False, "unknown_key")


@pytest.mark.parametrize(
    "document",
    [None, [], "text", 3, {}, {"proof": None}, {"proof": "x"}, {"proof": [{}, {}]}, {"proof": {"type": None}}],
)
def test_shapeless_input_is_a_failed_check(document):
    result = verify_proof(document, resolve_key=lambda _vm: None)
    assert not result.ok and result.code in {"malformed", "no_proof", "wrong_type"}


def test_a_resolver_that_raises_is_reported_not_propagated():
    def broken(_vm: str) -> str:
        raise RuntimeError("resolver down")

    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
        "verificationMethod": "did:web:x#k",
        "proofValue": encode_base58btc(bytes(64)),
    }
    assert verify_proof({"@context": [], "proof": proof}, resolve_key=broken).code == "unknown_key"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["@context", "type", "issuer", "credentialSubject", "proof", "credentialStatus", "id"]),
    value=json_values,
)
def test_verification_never_raises_whatever_a_field_holds(credential, key, value):
    tampered = copy.deepcopy(credential)
    tampered[key] = value
    result = check(tampered)
    assert isinstance(result, ProofCheck) and not result.ok


@pytest.mark.django_db
def test_signing_a_document_with_an_undefined_term_is_refused(signing_key):
    from skillcert.credentials.canonical import CanonicalisationError

    document = compose_certificate_credential(make_facts())
    document["unexpected"] = "x"
    with pytest.raises(CanonicalisationError):
        sign_credential(document)


@pytest.mark.django_db
def test_issue_stops_when_the_fresh_credential_does_not_verify(signing_key, monkeypatch):
    monkeypatch.setattr(selectors, "resolve_own_key", lambda _vm: None)
    with pytest.raises(CredentialSigningError):
        issue_credential(make_facts())


@pytest.mark.django_db
def test_issued_credential_is_plain_json(credential):
    assert json.loads(json.dumps(credential, ensure_ascii=False)) == credential


@pytest.mark.django_db
def test_reasons_are_chinese_by_default_and_english_on_request(credential):
    from django.utils import translation

    tampered = copy.deepcopy(credential)
    tampered["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    with translation.override("zh-hans"):
        assert check(tampered).message == "签名证明使用的密码套件为 ecdsa-rdfc-2019；只接受 eddsa-rdfc-2022。"
    with translation.override("en"):
        assert (
            check(tampered).message
            == "The proof uses the cryptosuite ecdsa-rdfc-2019; only eddsa-rdfc-2022 is accepted."
        )
