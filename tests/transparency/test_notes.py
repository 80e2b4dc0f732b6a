"""C2SP signed notes and checkpoints: the reference known answers, and every malformed input refused."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillcert.transparency import notes

VECTORS = json.loads((Path(__file__).parent / "vectors" / "signed-note.json").read_text())
GO = VECTORS["go_sumdb_note"]
SPEC = VECTORS["c2sp_spec_example"]
SIG = GO["note"].rsplit(" ", 1)[1].strip()  # the reference signature, reused in malformed notes


def go_private_key() -> Ed25519PrivateKey:
    raw = base64.b64decode(GO["signer_key"].split("+", 4)[4])
    assert raw[0] == 1
    return Ed25519PrivateKey.from_private_bytes(raw[1:])


def test_signing_reproduces_the_reference_note_byte_for_byte():
    assert notes.sign_note(GO["text"], "PeterNeumann", go_private_key()) == GO["note"]


def test_verifier_key_encoding_and_key_id_match_the_reference():
    key = go_private_key()
    verifier = notes.VerifierKey.for_public_key("PeterNeumann", notes.raw_public_key(key.public_key()))
    assert verifier.encode() == GO["verifier_key"]
    assert verifier.key_id.hex() == "c74f20a3"


@pytest.mark.parametrize("vector", [GO, SPEC], ids=["go-sumdb-note", "c2sp-spec"])
def test_reference_notes_open_with_their_verifier_keys(vector):
    assert notes.open_note(vector["note"], notes.parse_verifier_key(vector["verifier_key"])) == vector["text"]


def test_a_changed_text_or_signature_is_refused():
    verifier = notes.parse_verifier_key(GO["verifier_key"])
    with pytest.raises(notes.NoteError) as caught:
        notes.open_note(GO["note"].replace("problem,", "problem;"), verifier)
    assert caught.value.code == "bad_signature"
    signature = GO["note"].rsplit(" ", 1)[1].strip()
    blob = bytearray(base64.b64decode(signature))
    blob[10] ^= 1
    forged = GO["note"].replace(signature, base64.b64encode(bytes(blob)).decode())
    with pytest.raises(notes.NoteError, match="does not verify"):
        notes.open_note(forged, verifier)


def test_a_note_signed_by_another_key_is_unknown():
    with pytest.raises(notes.NoteError) as caught:
        notes.open_note(SPEC["note"], notes.parse_verifier_key(GO["verifier_key"]))
    assert caught.value.code == "unknown_key"


def test_signatures_from_other_keys_are_ignored_when_ours_verifies():
    other = notes.sign_note(GO["text"], "someone.example/log", Ed25519PrivateKey.generate()).split("\n\n")[1]
    both = GO["note"] + other
    assert notes.open_note(both, notes.parse_verifier_key(GO["verifier_key"])) == GO["text"]


@pytest.mark.parametrize(
    "note",
    [
        "",
        "no blank line\n— PeterNeumann AAAA\n",
        "text\n\n",
        "text\n\n— PeterNeumann not-base64!\n",
        f"text\n\n- PeterNeumann {SIG}\n",
        "text\n\n— PeterNeumann AAAA\n",
        f"text with a \x07 bell\n\n— PeterNeumann {SIG}\n",
        f"text\n\n— PeterNeumann {SIG}",
        "x" * 20_000 + "\n\n— a AAAAAAAA\n",
    ],
)
def test_malformed_notes_are_refused_with_a_reason(note):
    with pytest.raises(notes.NoteError) as caught:
        notes.open_note(note, notes.parse_verifier_key(GO["verifier_key"]))
    assert caught.value.code == "malformed"


@pytest.mark.parametrize(
    "vkey",
    [
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+AhpcAcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong algorithm byte
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+zz+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+!!!",
    ],
)
def test_bad_verifier_keys_are_refused(vkey):
    with pytest.raises(notes.NoteError) as caught:
        notes.parse_verifier_key(vkey)
    assert caught.value.code == "bad_key"


def test_checkpoint_body_round_trip_and_format():
    root = bytes(range(32))
    body = notes.CheckpointBody("zs.example.cn/log", 12345, root)
    assert body.text() == f"zs.example.cn/log\n12345\n{base64.b64encode(root).decode()}\n"
    assert notes.parse_checkpoint(body.text()) == body


@pytest.mark.parametrize(
    "text",
    [
        "origin\n12\n",
        "origin\n012\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n-1\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n12\n" + base64.b64encode(bytes(31)).decode() + "\n",
        "origin\n12\nnot base64\n",
        "\n12\n" + base64.b64encode(bytes(32)).decode() + "\n",
        "origin\n12\n" + base64.b64encode(bytes(32)).decode(),
    ],
)
def test_malformed_checkpoints_are_refused(text):
    with pytest.raises(notes.NoteError):
        notes.parse_checkpoint(text)


def test_checkpoint_for_another_origin_is_refused():
    key = Ed25519PrivateKey.generate()
    verifier = notes.VerifierKey.for_public_key("a.example/log", notes.raw_public_key(key.public_key()))
    note = notes.sign_note(notes.CheckpointBody("b.example/log", 1, bytes(32)).text(), verifier.name, key)
    with pytest.raises(notes.NoteError) as caught:
        notes.open_checkpoint(note, verifier, origin="a.example/log")
    assert caught.value.code == "wrong_origin"
