"""What a refused proof still reports, and the limits of the key decoding: tests written against planted bugs
(`make mutate`, module ``signing``) that the other signing tests let through."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation

from skillcert.credentials import selectors, signing
from skillcert.credentials.multikey import encode_base58btc, encode_public_key
from skillcert.credentials.services import issue_credential
from skillcert.credentials.signing import ProofCheck, key_id_of, verify_proof
from tests.factories.credentials import make_facts

METHOD = "did:web:x#key-1"
CREATED = "2026-03-05T08:00:00Z"
PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "proofPurpose": "assertionMethod",
    "verificationMethod": METHOD,
    "created": CREATED,
    "proofValue": encode_base58btc(bytes(64)),
}


def check(document: Any, resolve_key: Any) -> ProofCheck:
    with translation.override("en"):
        return verify_proof(document, resolve_key=resolve_key)


def document(**proof_changes: Any) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "proof": {**PROOF, **proof_changes}}


def raising(_method: str) -> str:
    raise RuntimeError("resolver down")


@pytest.mark.parametrize(
    ("doc", "resolver", "code"),
    [
        (document(**{"@context": ["https://example.org/other"]}), lambda _m: None, "malformed"),
        (document(), lambda _m: None, "unknown_key"),
        (document(), lambda _m: "zNotAKey", "unknown_key"),
        (document(), raising, "unknown_key"),
    ],
    ids=["context-mismatch", "key-not-found", "not-ed25519", "resolver-fails"],
)
def test_a_refusal_still_names_the_proofs_key_and_creation_time(doc, resolver, code):
    result = check(doc, resolver)
    assert (result.ok, result.code, result.key_id, result.created) == (False, code, "key-1", CREATED)


def test_a_failing_resolver_reads_as_a_key_not_in_the_did_document():
    result = check(document(), raising)
    assert result.message == f"The key {METHOD} is not in the issuer's DID document."


@pytest.mark.parametrize("value", [b"z6Mk", 42, ["z6Mk"], {"id": "z6Mk"}])
def test_a_resolver_answer_that_is_not_text_is_not_an_ed25519_key(value):
    result = check(document(), lambda _m: value)
    assert (result.code, result.message) == ("unknown_key", f"The issuer's key {METHOD} is not an Ed25519 key.")


def test_a_key_named_in_a_refusal_is_cut_at_200_characters():
    method = "did:web:x#" + "k" * 300
    result = check(document(verificationMethod=method), lambda _m: "zNotAKey")
    assert result.message == f"The issuer's key {method[:200]} is not an Ed25519 key."


@pytest.mark.parametrize(("length", "remembered"), [(48, True), (128, True), (129, False), (4000, False)])
def test_only_resolver_answers_of_up_to_128_characters_are_remembered(length, remembered):
    """A hostile resolver answer must not fill the decoded-key cache with large strings; real Multikeys are 48."""
    signing._ed25519_key.cache_clear()
    value = "z" + "A" * (length - 1)
    assert check(document(), lambda _m: value).code == "unknown_key"
    assert (signing._ed25519_key.cache_info().currsize == 1) is remembered


def test_a_long_resolver_answer_is_still_decoded_as_a_key(monkeypatch):
    """Past the cache's length limit the key is decoded all the same (uncached), never skipped."""
    key = "z" + "A" * 200
    seen: list[str] = []
    monkeypatch.setattr(signing, "decode_public_key", lambda value: seen.append(value) or b"\x00" * 31)
    signing._ed25519_key.cache_clear()
    assert check(document(), lambda _m: key).code == "unknown_key"
    assert seen == [key]


def test_a_proof_context_given_as_one_string_matches_a_document_context_given_as_one_string():
    context = "https://www.w3.org/ns/credentials/v2"
    assert signing._context_matches({"@context": context}, {"@context": context})
    assert not signing._context_matches({"@context": context}, {"@context": "https://example.org/other"})


@pytest.mark.django_db
def test_a_credential_with_one_string_context_and_the_same_proof_context_passes_the_context_check(signing_key):
    credential = issue_credential(make_facts())
    single = copy.deepcopy(credential)
    single["@context"] = credential["@context"][0]
    single["proof"]["@context"] = credential["@context"][0]
    result = check(single, selectors.resolve_own_key)
    assert result.code != "malformed"  # past the context check (the signature no longer matches the changed context)


def test_the_key_id_is_the_text_after_the_last_hash():
    assert key_id_of("did:web:x#keys#key-2") == "key-2"


def test_a_real_multikey_decodes():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.generate().public_key()
    signing._ed25519_key.cache_clear()
    assert signing._ed25519_key(encode_public_key(public.public_bytes_raw())) is not None
