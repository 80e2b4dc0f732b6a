"""Proof checking at its edges: each refusal's exact reason, which refusal wins, and what a result reports."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from skillcert.core.errors import NotAllowed
from skillcert.credentials import did, selectors
from skillcert.credentials.canonical import CanonicalisationError
from skillcert.credentials.compose import compose_certificate_credential
from skillcert.credentials.multikey import encode_base58btc
from skillcert.credentials.services import issue_credential
from skillcert.credentials.signing import ProofCheck, key_id_of, sign_credential, verify_proof
from tests.factories.credentials import make_facts


@pytest.fixture
def credential(signing_key: Any) -> dict[str, Any]:
    return issue_credential(make_facts())


def check(document: Any, resolve_key: Any = None) -> ProofCheck:
    with translation.override("en"):
        return verify_proof(document, resolve_key=resolve_key or selectors.resolve_own_key)


def with_proof(credential: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    changed["proof"].update(changes)
    return changed


@pytest.mark.parametrize(
    ("method", "key_id"),
    [("did:web:x#key-1", "key-1"), ("did:web:x", "did:web:x"), ("did:web:x#", "did:web:x#"), (None, None), (3, None)],
)
def test_the_key_id_is_the_fragment_or_the_whole_url(method, key_id):
    assert key_id_of(method) == key_id


@pytest.mark.django_db
def test_a_valid_proof_reports_its_key_and_creation_time(credential, signing_key):
    result = check(credential)
    assert result == ProofCheck(
        True, "ok", "The signature is valid.", signing_key.key_id, credential["proof"]["created"]
    )


@pytest.mark.django_db
def test_a_one_element_proof_list_is_read_as_the_proof(credential):
    listed = copy.deepcopy(credential)
    listed["proof"] = [listed["proof"]]
    assert check(listed).ok


@pytest.mark.django_db
def test_a_proof_that_repeats_the_documents_context_still_verifies(credential):
    assert check(with_proof(credential, **{"@context": credential["@context"]})).ok
    assert check(with_proof(credential, **{"@context": credential["@context"][0]})).ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    "context",
    [["https://example.org/other"], "https://example.org/other", [], None],
)
def test_a_proof_context_that_is_not_the_documents_is_refused(credential, context):
    result = check(with_proof(credential, **{"@context": context}))
    expected = ("malformed", "The proof's @context does not match the credential's.")
    if context == []:  # an empty list names nothing and so contradicts nothing
        assert result.ok
    else:
        assert (result.code, result.message) == expected


@pytest.mark.django_db
def test_a_proof_context_longer_than_the_documents_is_refused(credential):
    longer = [*credential["@context"], "https://example.org/extra"]
    assert check(with_proof(credential, **{"@context": longer})).code == "malformed"


def document_with(proof: Any) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": proof}


@pytest.mark.parametrize(
    ("document", "code", "message"),
    [
        ([], "malformed", "The credential is not a JSON object."),
        ({"id": "x"}, "no_proof", "The credential carries no proof."),
        (document_with(None), "no_proof", "The credential carries no proof."),
        (document_with([{}, {}]), "malformed", "The credential must carry exactly one proof object."),
        (document_with("proof"), "malformed", "The credential must carry exactly one proof object."),
    ],
)
def test_a_missing_or_shapeless_proof_is_refused_with_its_reason(document, code, message):
    result = check(document, lambda _vm: None)
    assert (result.ok, result.code, result.message, result.key_id, result.created) == (False, code, message, None, None)


GOOD = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "proofPurpose": "assertionMethod",
    "verificationMethod": "did:web:x#key-1",
    "proofValue": encode_base58btc(bytes(64)),
    "created": "2026-06-30T02:00:00Z",
}


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"type": "Ed25519Signature2020"}, "wrong_type", "The proof type must be DataIntegrityProof."),
        (
            {"cryptosuite": "x" * 100},
            "wrong_cryptosuite",
            f"The proof uses the cryptosuite {'x' * 60}; only eddsa-rdfc-2022 is accepted.",
        ),
        ({"proofPurpose": "authentication"}, "wrong_purpose", "The proof purpose must be assertionMethod."),
        ({"verificationMethod": None}, "malformed", "The proof names no verification method."),
        ({"proofValue": None}, "malformed", "The proof has no proof value."),
        ({"created": "2026-06-30 02:00:00Z"}, "malformed", "The proof creation time is not a valid date and time."),
        ({"created": "2026-06-30T02:00:00"}, "malformed", "The proof creation time is not a valid date and time."),
        ({"created": "2026-06-30T02:00:00Zx"}, "malformed", "The proof creation time is not a valid date and time."),
        ({"created": 20260630}, "malformed", "The proof creation time is not a valid date and time."),
        ({"proofValue": "z111"}, "bad_proof_value", "The proof value is not a base58btc Ed25519 signature."),
        ({"proofValue": "not base58"}, "bad_proof_value", "The proof value is not a base58btc Ed25519 signature."),
        (
            {"proofValue": encode_base58btc(bytes(63))},
            "bad_proof_value",
            "The proof value is not a base58btc Ed25519 signature.",
        ),
        (
            {"proofValue": encode_base58btc(bytes(65))},
            "bad_proof_value",
            "The proof value is not a base58btc Ed25519 signature.",
        ),
    ],
)
def test_each_proof_option_is_refused_with_its_reason_and_names_the_key(change, code, message):
    proof = {**GOOD, **change}
    result = check(document_with(proof), lambda _vm: None)
    created = proof["created"] if isinstance(proof["created"], str) else None
    assert (result.ok, result.code, result.message) == (False, code, message)
    assert (result.key_id, result.created) == (key_id_of(proof["verificationMethod"]), created)


def test_the_first_failed_option_is_the_one_reported():
    proof = {**GOOD, "type": "Other", "cryptosuite": "other", "proofPurpose": "other"}
    assert check(document_with(proof), lambda _vm: None).code == "wrong_type"
    proof = {**GOOD, "cryptosuite": "other", "proofPurpose": "other"}
    assert check(document_with(proof), lambda _vm: None).code == "wrong_cryptosuite"


@pytest.mark.parametrize(
    "created", [None, "2026-06-30T02:00:00Z", "2026-06-30T10:00:00+08:00", "2026-06-30T02:00:00.123Z"]
)
def test_an_absent_or_well_written_creation_time_passes_the_option_checks(created):
    proof = {**GOOD, "created": created} if created else {k: v for k, v in GOOD.items() if k != "created"}
    result = check(document_with(proof), lambda _vm: None)
    assert result.code == "unknown_key"  # got past every option check to the key lookup


def test_an_unknown_key_is_named_shortened():
    method = "did:web:x#" + "k" * 300
    result = check(document_with({**GOOD, "verificationMethod": method}), lambda _vm: None)
    assert (result.code, result.message) == (
        "unknown_key",
        f"The key {method[:200]} is not in the issuer's DID document.",
    )


def test_a_key_that_is_not_ed25519_is_refused():
    result = check(document_with(GOOD), lambda _vm: "zNotAKey")
    assert (result.code, result.message) == ("unknown_key", "The issuer's key did:web:x#key-1 is not an Ed25519 key.")


@pytest.mark.django_db
def test_a_resolver_is_asked_for_the_proofs_verification_method(credential):
    asked: list[str] = []

    def resolver(method: str) -> str | None:
        asked.append(method)
        return selectors.resolve_own_key(method)

    assert check(credential, resolver).ok
    assert asked == [credential["proof"]["verificationMethod"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (
            CanonicalisationError("unknown_context", "https://e.example/" + "c" * 300),
            "unknown_context",
            "The credential uses a JSON-LD context that is not known here: " + ("https://e.example/" + "c" * 300)[:200],
        ),
        (
            CanonicalisationError("undefined_term", "grade"),
            "undefined_term",
            "The credential contains terms that no context defines: grade",
        ),
        (CanonicalisationError("no_context", ""), "no_context", "The credential has no @context."),
        (
            CanonicalisationError("invalid_jsonld", "bad"),
            "invalid_jsonld",
            "The credential is not valid JSON-LD: bad",
        ),
        (CanonicalisationError("strange", "odd"), "strange", "The credential is not valid JSON-LD: odd"),
        (CanonicalisationError("too_complex", "x", message="Too slow."), "too_complex", "Too slow."),
        (ZeroDivisionError("boom"), "invalid_jsonld", "The credential is not valid JSON-LD: ZeroDivisionError"),
    ],
)
def test_canonicalisation_failures_are_reported_with_their_reason(credential, monkeypatch, error, code, message):
    from skillcert.credentials import signing

    def refuse(*_args: Any) -> str:
        raise error

    monkeypatch.setattr(signing, "canonical_nquads", refuse)
    result = check(credential)
    assert (result.ok, result.code, result.message) == (False, code, message)
    assert result.key_id == credential["proof"]["verificationMethod"].rpartition("#")[2]


@pytest.mark.django_db
def test_an_altered_credential_is_refused_with_the_reason(credential):
    altered = copy.deepcopy(credential)
    altered["credentialSubject"]["licenseNumber"] = "S000051000001264000999"
    result = check(altered)
    assert (result.code, result.message) == (
        "bad_signature",
        "The signature does not match the credential: it was altered.",
    )
    assert result.created == credential["proof"]["created"]


@pytest.mark.django_db
def test_signing_uses_the_active_key_and_the_current_time(signing_key):
    document = compose_certificate_credential(make_facts())
    with time_machine.travel(dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC), tick=False):
        signed = sign_credential(document)
    assert signed["proof"]["created"] == "2026-07-01T08:30:00Z"
    assert signed["proof"]["verificationMethod"] == f"{did.issuer_did()}#{signing_key.key_id}"
    assert check(signed).ok


@pytest.mark.django_db
def test_signing_at_a_given_time_replaces_an_existing_proof(signing_key, credential):
    moment = dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    signed = sign_credential(credential, created=moment)
    assert signed["proof"]["created"] == "2026-08-01T00:00:00Z" and check(signed).ok


@pytest.mark.django_db
def test_a_retired_key_signs_nothing_and_says_which(signing_key):
    from skillcert.credentials import services

    services.rotate_signing_key(note="rotation")
    signing_key.refresh_from_db()
    with translation.override("en"), pytest.raises(NotAllowed) as refused:
        sign_credential(compose_certificate_credential(make_facts()), key=signing_key)
    assert str(refused.value.message) == f"The signing key {signing_key.key_id} is retired; it signs nothing new."
