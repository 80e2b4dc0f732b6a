"""Credentials: signed and verified per second on one core, each beside a bare Ed25519 sign/verify.

A credential costs two RDFC-1.0 canonicalisations (proof configuration and
document) plus one Ed25519 operation; the ratio shows how much of the cost is
JSON-LD processing rather than cryptography.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from figures import Figure, per_second

CREDENTIALS = 100
BARE = 5000


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
    from skillcert.credentials import selectors, services
    from skillcert.credentials.compose import compose_certificate_credential
    from skillcert.credentials.signing import sign_credential, verify_proof

    services.ensure_signing_key()
    facts = _facts()
    signed = sign_credential(compose_certificate_credential(facts))
    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key()
    message = bytes(64)  # the size eddsa-rdfc-2022 signs: two SHA-256 hashes
    signature = private_key.sign(message)
    with one_core():
        bare_sign = per_second(lambda: private_key.sign(message), BARE)
        bare_verify = per_second(lambda: public_key.verify(signature, message), BARE)
        sign = per_second(lambda: sign_credential(compose_certificate_credential(facts)), CREDENTIALS)
        verify = per_second(lambda: verify_proof(signed, resolve_key=selectors.resolve_own_key), CREDENTIALS)
    return [
        Figure("bare Ed25519 sign (64 bytes), one core", bare_sign, "sig/s"),
        Figure("bare Ed25519 verify (64 bytes), one core", bare_verify, "sig/s"),
        Figure(f"credentials signed, one core ({sign / bare_sign:.2%} of bare sign)", sign, "cred/s"),
        Figure(f"credentials verified, one core ({verify / bare_verify:.2%} of bare verify)", verify, "cred/s"),
    ]
