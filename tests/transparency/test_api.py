"""The public log API: checkpoints, entries, proofs, key; bad sizes answer 422/404 in the error shape."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from skillcert.transparency import keys, merkle, services
from skillcert.transparency.notes import open_checkpoint, parse_verifier_key
from tests.factories import issued

pytestmark = pytest.mark.django_db
API = "/api/v1/log"


@pytest.fixture
def log():
    """A log of 13 entries with a checkpoint at 8 and one at 13."""
    leaves = services.append_events(events=issued(8))
    services.publish_checkpoint()
    leaves += services.append_events(events=issued(5, prefix="d"))
    services.publish_checkpoint()
    return merkle.MemoryTree([bytes.fromhex(leaf.leaf_hash) for leaf in leaves])


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def test_latest_checkpoint_as_a_signed_note_and_as_json(log):
    client = Client()
    text = client.get(f"{API}/checkpoint")
    assert text.status_code == 200 and text["Content-Type"].startswith("text/plain")
    verifier = parse_verifier_key(client.get(f"{API}/key").json()["verifier_key"])
    body = open_checkpoint(text.content.decode(), verifier, origin=keys.origin())
    assert (body.size, body.root_hash) == (13, log.root())
    data = client.get(f"{API}/checkpoint", {"format": "json"}).json()
    assert data["tree_size"] == 13 and data["root_hash"] == b64(log.root()) and data["note"] == text.content.decode()
    assert client.get(f"{API}/checkpoint", headers={"Accept": "application/json"}).json()["tree_size"] == 13


def test_reading_the_latest_checkpoint_never_signs_the_worker_does(log, monkeypatch):
    services.append_events(events=issued(2, prefix="e"))
    monkeypatch.setattr(services, "CHECKPOINT_INTERVAL", services.CHECKPOINT_INTERVAL * 0)  # one would be due
    assert Client().get(f"{API}/checkpoint", {"format": "json"}).json()["tree_size"] == 13  # a read signs nothing
    services.publish_checkpoint_if_due()  # the worker's minute job
    assert Client().get(f"{API}/checkpoint", {"format": "json"}).json()["tree_size"] == 15


def test_checkpoint_list_for_auditors(log):
    data = Client().get(f"{API}/checkpoints").json()
    assert [c["tree_size"] for c in data["checkpoints"]] == [8, 13]
    assert [c["tree_size"] for c in Client().get(f"{API}/checkpoints", {"after": 8}).json()["checkpoints"]] == [13]


def test_entries_carry_the_exact_hashed_data(log):
    data = Client().get(f"{API}/entries", {"start": 2, "end": 5}).json()
    assert (data["start"], data["end"]) == (2, 5)
    for entry in data["entries"]:
        assert (
            base64.b64decode(entry["leaf_hash"])
            == merkle.leaf_hash(entry["data"].encode())
            == log.node(0, entry["index"])
        )
        assert entry["kind"] == "certificate.issued" and set(entry["payload"]) == {
            "credential_sha256",
            "facts_sha256",
        }


def test_entries_past_the_end_are_clipped_and_capped(log):
    data = Client().get(f"{API}/entries", {"start": 10, "end": 5000}).json()
    assert (data["start"], data["end"], len(data["entries"])) == (10, 13, 3)


def test_inclusion_proof_verifies_against_the_checkpoint(log):
    data = Client().get(f"{API}/proof/inclusion", {"index": 9, "tree_size": 13}).json()
    proof = [base64.b64decode(h) for h in data["proof"]]
    assert merkle.verify_inclusion(base64.b64decode(data["leaf_hash"]), 9, 13, proof, log.root(13))
    assert data["root_hash"] == b64(log.root(13))


def test_consistency_proof_verifies_between_checkpoints(log):
    data = Client().get(f"{API}/proof/consistency", {"first": 8, "second": 13}).json()
    proof = [base64.b64decode(h) for h in data["proof"]]
    assert merkle.verify_consistency(8, 13, log.root(8), log.root(13), proof)
    assert (data["first_root"], data["second_root"]) == (b64(log.root(8)), b64(log.root(13)))


def test_key_endpoint_publishes_the_verifier_key():
    data = Client().get(f"{API}/key").json()
    assert data["verifier_key"] == keys.verifier().encode()
    assert data["key_name"] == keys.origin() and data["algorithm"] == "Ed25519"
    assert len(base64.b64decode(data["public_key"])) == 32 and len(data["key_id"]) == 8


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/proof/inclusion", {"index": 3, "tree_size": 14}, 404, "tree_size"),
        ("/proof/inclusion", {"index": 13, "tree_size": 13}, 422, "index"),
        ("/proof/inclusion", {"index": -1, "tree_size": 13}, 400, "index"),
        ("/proof/inclusion", {"index": "abc", "tree_size": 13}, 400, "index"),
        ("/proof/inclusion", {"index": "1_0", "tree_size": 13}, 400, "index"),
        ("/proof/inclusion", {"index": 0, "tree_size": 0}, 422, "tree_size"),
        ("/proof/inclusion", {"index": 0, "tree_size": 10**30}, 422, "tree_size"),
        ("/proof/inclusion", {"tree_size": 13}, 422, "index"),
        ("/proof/consistency", {"first": 9, "second": 8}, 422, "first"),
        ("/proof/consistency", {"first": 1, "second": 99}, 404, "second"),
        ("/proof/consistency", {"first": -3, "second": 8}, 400, "first"),
        ("/entries", {"start": 5, "end": 5}, 422, "end"),
        ("/entries", {"start": -1, "end": 5}, 400, "start"),
        ("/checkpoint", {"format": "xml"}, 422, "format"),
    ],
)
def test_bad_sizes_and_indexes_answer_in_the_error_shape(log, path, params, status, field):
    response = Client().get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    assert field in body["fields"] or status == 404


def test_entries_beyond_the_log_are_not_found_with_a_chinese_message(log):
    response = Client().get(f"{API}/entries", {"start": 13, "end": 20})
    assert response.status_code == 404
    assert "13" in response.json()["message"]


def test_error_messages_in_english_on_request(log):
    response = Client(headers={"Accept-Language": "en"}).get(f"{API}/proof/inclusion", {"index": 20, "tree_size": 13})
    assert response.json()["message"] == "Entry 20 is not in a tree of 13 entries."


def test_the_openapi_document_lists_the_log_endpoints():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("checkpoint", "checkpoints", "entries", "proof/inclusion", "proof/consistency", "key"):
        assert f"{API}/{path}" in paths


def test_an_empty_log_still_has_a_signed_checkpoint():
    data = Client().get(f"{API}/checkpoint", {"format": "json"}).json()
    assert data["tree_size"] == 0 and base64.b64decode(data["root_hash"]) == merkle.EMPTY_ROOT
