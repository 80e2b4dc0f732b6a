"""Credentials: signed and verified per second on one core, each beside a bare Ed25519 sign/verify.

A credential costs two RDFC-1.0 canonicalisations (proof configuration and
document) plus one Ed25519 operation; the ratio shows how much of the cost is
JSON-LD processing rather than cryptography. Signing is measured as issuing does
it (compose, then sign with the active key looked up once per batch); verifying as
the verifier does it (the key resolved from the issuer's DID document, read once).
Both take the fast canonicalisation path (``credentials.fastcanon``); the full pyld
path is printed too, for the comparison.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from figures import Figure, per_second

CREDENTIALS = 2000
FULL_PATH = 40
BARE = 5000
TARGET = 2000  # credentials per second on one core, signed and verified (issue 14)


@contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU while measuring (where the OS allows it)."""
    if not hasattr(os, "sched_getaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def _facts():  # the tests' realistic 职业技能等级证书, with both status entries allocated for real
    from tests.credentials.conftest import make_facts

    from skillcert.credentials.services import allocate_status_entries

    return make_facts(
        credential_id="http://127.0.0.1:8000/credentials/benchbenchbenchbench",
        status_entries=tuple(allocate_status_entries(subject_id="bench")),
    )


def run() -> list[Figure]:
    from skillcert.credentials import canonical, selectors, services
    from skillcert.credentials.compose import compose_certificate_credential
    from skillcert.credentials.did import resolver_for
    from skillcert.credentials.signing import sign_credential, verify_proof

    key = services.ensure_signing_key()
    facts = _facts()
    signed = sign_credential(compose_certificate_credential(facts), key=key)
    resolve_key = resolver_for(selectors.current_did_document())
    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key()
    message = bytes(64)  # the size eddsa-rdfc-2022 signs: two SHA-256 hashes
    signature = private_key.sign(message)
    unsecured = {name: value for name, value in signed.items() if name != "proof"}
    with one_core():
        bare_sign = per_second(lambda: private_key.sign(message), BARE)
        bare_verify = per_second(lambda: public_key.verify(signature, message), BARE)
        sign = per_second(lambda: sign_credential(compose_certificate_credential(facts), key=key), CREDENTIALS)
        verify = per_second(lambda: verify_proof(signed, resolve_key=resolve_key), CREDENTIALS)
        fast = per_second(lambda: canonical.canonical_nquads(unsecured), CREDENTIALS)
        full = per_second(lambda: canonical.full_nquads(unsecured), FULL_PATH)
    return [
        Figure("bare Ed25519 sign (64 bytes), one core", bare_sign, "sig/s"),
        Figure("bare Ed25519 verify (64 bytes), one core", bare_verify, "sig/s"),
        Figure(f"credentials signed, one core ({sign / bare_sign:.2%} of bare sign)", sign, "cred/s", TARGET),
        Figure(f"credentials verified, one core ({verify / bare_verify:.2%} of bare verify)", verify, "cred/s", TARGET),
        Figure("credential canonicalised, fast path, one core", fast, "doc/s"),
        Figure(f"credential canonicalised, full pyld path ({full / fast:.2%} of fast)", full, "doc/s"),
    ]
