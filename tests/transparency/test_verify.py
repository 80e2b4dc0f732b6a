"""Checking a proof handed to a verifier: every bad input is a failed or unknown check with a reason."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillcert.transparency import keys, selectors, services
from skillcert.transparency.notes import CheckpointBody, VerifierKey, raw_public_key, sign_note
from skillcert.transparency.verify import check_consistency, check_inclusion
from tests.factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed():
    services.append_events(events=issued(6))
    small = services.publish_checkpoint()
    services.append_events(events=issued(5, prefix="d"))
    large = services.publish_checkpoint()
    return small, large


def inclusion(leaf_index, size, checkpoint, **overrides):
    found = selectors.inclusion_proof(index=leaf_index, tree_size=size)
    arguments = {
        "leaf_hash": found.leaf_hash,
        "index": leaf_index,
        "tree_size": size,
        "proof": [base64.b64encode(h).decode() for h in found.proof],
        "checkpoint_note": checkpoint.note,
        "verifier_key": keys.verifier().encode(),
    }
    return check_inclusion(**{**arguments, **overrides})


def test_a_good_proof_is_included(signed):
    result = inclusion(3, 11, signed[1])
    assert (result.ok, result.code) == (True, "included")


def test_a_proof_for_another_tree_size_fails_with_a_reason(signed):
    result = inclusion(3, 6, signed[1])
    assert (result.ok, result.code) == (False, "wrong_tree_size")
    assert "6" in result.message and "11" in result.message


def test_a_proof_for_another_leaf_fails(signed):
    other = selectors.inclusion_proof(index=4, tree_size=11).leaf_hash
    assert inclusion(3, 11, signed[1], leaf_hash=other).code == "not_included"


@pytest.mark.parametrize("proof", [["not base64!"], ["AAAA"], [b"short"], [None]])
def test_a_malformed_proof_fails(signed, proof):
    result = inclusion(3, 11, signed[1], proof=proof)
    assert (result.ok, result.code) == (False, "malformed_proof")


def test_an_index_outside_the_checkpoint_fails(signed):
    assert inclusion(3, 11, signed[1], index=11).code == "index_out_of_range"


def test_a_checkpoint_signed_by_another_key_fails(signed):
    impostor = Ed25519PrivateKey.generate()
    verifier = VerifierKey.for_public_key(keys.origin(), raw_public_key(impostor.public_key()))
    result = inclusion(3, 11, signed[1], verifier_key=verifier)
    assert (result.ok, result.code) == (False, "unknown_key")
    forged = sign_note(CheckpointBody(keys.origin(), 11, bytes(32)).text(), keys.origin(), impostor)
    result = inclusion(3, 11, signed[1], checkpoint_note=forged)
    assert (result.ok, result.code) == (False, "unknown_key")


def test_an_altered_checkpoint_fails_its_signature(signed):
    note = signed[1].note.replace("\n11\n", "\n12\n")
    assert inclusion(3, 11, signed[1], checkpoint_note=note).code == "bad_signature"


def test_a_garbled_checkpoint_or_key_fails_and_a_missing_one_is_unknown(signed):
    assert inclusion(3, 11, signed[1], checkpoint_note="garbage").code == "malformed"
    assert inclusion(3, 11, signed[1], verifier_key="nonsense").code == "bad_key"
    result = inclusion(3, 11, signed[1], checkpoint_note=None)
    assert (result.ok, result.code) == (None, "no_checkpoint")


def test_consistency_between_two_checkpoints(signed):
    small, large = signed
    found = selectors.consistency_proof(first=6, second=11)
    key = keys.verifier().encode()
    good = check_consistency(first_note=small.note, second_note=large.note, proof=found.proof, verifier_key=key)
    assert (good.ok, good.code) == (True, "consistent")
    swapped = check_consistency(first_note=large.note, second_note=small.note, proof=found.proof, verifier_key=key)
    assert swapped.code == "wrong_order"
    tampered = [found.proof[0][:-1] + bytes([found.proof[0][-1] ^ 1]), *found.proof[1:]]
    bad = check_consistency(first_note=small.note, second_note=large.note, proof=tampered, verifier_key=key)
    assert (bad.ok, bad.code) == (False, "inconsistent")
