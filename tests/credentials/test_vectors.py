"""The published test vectors: W3C vc-di-eddsa eddsa-rdfc-2022 and the Open Badges 3.0 proof vector."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillcert.credentials.canonical import CanonicalisationError, canonical_nquads
from skillcert.credentials.did import resolve_did_key
from skillcert.credentials.loader import DEFAULT_LOADER, LocalLoader
from skillcert.credentials.multikey import decode_secret_key, encode_public_key
from skillcert.credentials.signing import hash_data, sign_with, verify_proof
from tests.factories.credentials import EXAMPLES_CONTEXT_URL, vector_json, vector_text

W3C = "eddsa-rdfc-2022/"
OB = "ob-v3p0/"
# The W3C vector uses the examples context: tests add it; production does not accept it.
W3C_LOADER = LocalLoader({EXAMPLES_CONTEXT_URL: vector_json("contexts/credentials-examples-v2.jsonld")})


def parse_created(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class TestW3cEddsaRdfc2022:
    def test_document_and_proof_canonicalise_byte_for_byte(self):
        assert canonical_nquads(vector_json("unsigned.json"), W3C_LOADER) == vector_text(W3C + "canonDocDataInt.txt")
        config = vector_json(W3C + "proofConfigDataInt.json")
        assert canonical_nquads(config, W3C_LOADER) == vector_text(W3C + "proofCanonDataInt.txt")

    def test_hashes_and_signed_bytes_match_proof_hash_first(self):
        config = vector_json(W3C + "proofConfigDataInt.json")
        data = hash_data(vector_json("unsigned.json"), config, W3C_LOADER)
        assert data[32:].hex() == vector_text(W3C + "docHashDataInt.txt").strip()
        assert data[:32].hex() == vector_text(W3C + "proofHashDataInt.txt").strip()
        assert data.hex() == vector_text(W3C + "combinedHashDataInt.txt").strip()

    def test_signing_with_the_vector_key_reproduces_the_signed_credential(self):
        keys = vector_json("keyPair.json")
        private_key = Ed25519PrivateKey.from_private_bytes(decode_secret_key(keys["privateKeyMultibase"]))
        config = vector_json(W3C + "proofConfigDataInt.json")
        signed = sign_with(
            vector_json("unsigned.json"),
            private_key=private_key,
            verification_method=config["verificationMethod"],
            created=parse_created(config["created"]),
            loader=W3C_LOADER,
        )
        assert signed == vector_json(W3C + "signedDataInt.json")
        assert signed["proof"]["proofValue"] == vector_text(W3C + "sigBTC58DataInt.txt").strip()

    def test_signed_vector_verifies_and_a_changed_copy_does_not(self):
        signed = vector_json(W3C + "signedDataInt.json")
        check = verify_proof(signed, resolve_key=resolve_did_key, loader=W3C_LOADER)
        assert (check.ok, check.code) == (True, "ok")
        signed["credentialSubject"]["alumniOf"] = "Another School"
        assert verify_proof(signed, resolve_key=resolve_did_key, loader=W3C_LOADER).code == "bad_signature"

    def test_production_loader_refuses_the_examples_context(self):
        check = verify_proof(vector_json(W3C + "signedDataInt.json"), resolve_key=resolve_did_key)
        assert (check.ok, check.code) == (False, "unknown_context")
        assert EXAMPLES_CONTEXT_URL in check.message


class TestOpenBadges30Vector:
    def test_canonical_forms_and_hashes_match(self):
        vector = vector_json(OB + "vector.json")
        unsigned = vector_json(OB + "unsigned-credential.json")
        assert canonical_nquads(unsigned) == vector_text(OB + "document-canon.txt")
        proof = {k: v for k, v in vector_json(OB + "signed-credential.json")["proof"].items() if k != "proofValue"}
        assert canonical_nquads({**proof, "@context": unsigned["@context"]}) == vector_text(OB + "proof-canon.txt")
        data = hash_data(unsigned, proof, DEFAULT_LOADER)
        assert data.hex() == vector["dataToSignHex"]
        assert hashlib.sha256(vector_text(OB + "document-canon.txt").encode()).hexdigest() == vector["documentHashHex"]

    def test_signing_reproduces_the_published_proof(self):
        vector = vector_json(OB + "vector.json")
        seed = bytes.fromhex(vector["privateKeyHex_seedThenPublic"])[:32]
        private_key = Ed25519PrivateKey.from_private_bytes(seed)
        assert encode_public_key(bytes.fromhex(vector["publicKeyHex"])) == vector["publicKeyMultibase"]
        signed_vector = vector_json(OB + "signed-credential.json")
        signed = sign_with(
            vector_json(OB + "unsigned-credential.json"),
            private_key=private_key,
            verification_method=vector["verificationMethod"],
            created=parse_created(signed_vector["proof"]["created"]),
        )
        assert signed["proof"]["proofValue"] == vector["proofValue"]
        assert bytes.hex(private_key.sign(bytes.fromhex(vector["dataToSignHex"]))) == vector["signatureHex"]

    def test_signed_credential_verifies_with_the_issuer_key_only(self):
        vector = vector_json(OB + "vector.json")
        known = {vector["verificationMethod"]: vector["publicKeyMultibase"]}
        signed = vector_json(OB + "signed-credential.json")
        assert verify_proof(signed, resolve_key=known.get).ok
        check = verify_proof(signed, resolve_key={}.get)
        assert (check.ok, check.code) == (False, "unknown_key")


def test_loader_names_the_refused_url():
    document = {"@context": ["https://www.w3.org/ns/credentials/v2", {"@import": "https://evil.example/ctx"}]}
    with pytest.raises(CanonicalisationError) as caught:
        canonical_nquads(document)
    assert (caught.value.code, caught.value.detail) == ("unknown_context", "https://evil.example/ctx")


def test_processing_never_changes_the_shipped_contexts():
    """The loader hands pyld the parsed files themselves (and remembers their parts by identity)."""
    import json

    from skillcert.credentials.loader import CONTEXT_DIR, SHIPPED, shipped_document

    for _ in range(2):
        canonical_nquads(vector_json(OB + "unsigned-credential.json"))
    for url, name in SHIPPED.items():
        assert shipped_document(url) == json.loads((CONTEXT_DIR / name).read_text(encoding="utf-8")), url
