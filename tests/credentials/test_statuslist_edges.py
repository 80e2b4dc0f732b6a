"""Edges of the Bitstring Status List: exact messages, both sides of every boundary, each way a list is refused.

The lists here are signed with a fixed test key (no database): ``check_status`` is given the key through its
resolver, exactly as the verifier does with the issuer's DID document.
"""

from __future__ import annotations

import base64
import gzip
import random
import zlib
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import translation

from skillcert.credentials import statuslist
from skillcert.credentials.loader import CREDENTIALS_V2, LocalLoader
from skillcert.credentials.multikey import encode_public_key
from skillcert.credentials.signing import sign_with
from skillcert.credentials.statuslist import StatusCheck, StatusListError, check_status

SIZE = 131_072
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
METHOD = "did:web:registry.example#key-1"
PUBLIC = encode_public_key(KEY.public_key().public_bytes_raw())
URL = "https://registry.example/credentials/status/revocation/abcd"
SIGNED_AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EXTRA_CONTEXT = "https://registry.example/contexts/notes-v1"
VOCAB = "https://registry.example/vocab#"
NOTES_LOADER = LocalLoader(
    {
        EXTRA_CONTEXT: {
            "@context": {term: VOCAB + term for term in ("note", "StatusList2021", "encodedList", "statusPurpose")}
        }
    }
)
SET_INDEXES = (0, 5, SIZE - 1)


def resolve(method: str) -> str | None:
    return PUBLIC if method == METHOD else None


def signed_list(
    *, subject: Any = None, drop_subject: bool = False, loader: LocalLoader | None = None, **top: Any
) -> dict[str, Any]:
    """A list credential (revocation, bits 0, 5 and the last one set) signed with the test key."""
    bits = statuslist.empty_bitstring(SIZE)
    for index in SET_INDEXES:
        statuslist.set_bit(bits, index, True)
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2],
        "id": URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:web:registry.example",
        "validFrom": "2026-06-01T09:00:00Z",
        "credentialSubject": {
            "id": f"{URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": statuslist.encode(bits),
        }
        if subject is None
        else subject,
        **top,
    }
    if drop_subject:
        del document["credentialSubject"]
    extra = {"loader": loader} if loader else {}
    return sign_with(document, private_key=KEY, verification_method=METHOD, created=SIGNED_AT, **extra)


def subject(**changes: Any) -> dict[str, Any]:
    base = signed_list()["credentialSubject"]
    return {key: value for key, value in {**base, **changes}.items() if value is not None}


def entry(**changes: Any) -> dict[str, Any]:
    base = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": URL,
    }
    return {**base, **changes}


def check(status_entry: Any, list_credential: Any, **kwargs: Any) -> StatusCheck:
    with translation.override("en"):
        return check_status(status_entry, list_credential, resolve_key=resolve, **kwargs)


LIST = signed_list()
NOT_AN_ENTRY = StatusCheck(False, "malformed", "The status entry is not a BitstringStatusListEntry.")
BAD_INDEX = StatusCheck(False, "malformed", "The status list index must be a whole number written as text.")
NO_LIST = StatusCheck(False, "malformed", "The status list credential holds no BitstringStatusList.")
UNDECODABLE = StatusCheck(False, "malformed", "The status list cannot be decoded.")


class TestReadingAnEntry:
    @pytest.mark.parametrize(("index", "is_set"), [("5", True), ("6", False), ("0", True), ("1", False)])
    def test_a_set_bit_reads_as_set_and_its_neighbour_as_not(self, index, is_set):
        assert check(entry(statusListIndex=index), LIST) == StatusCheck(
            True, "ok", "The status was read from the signed list.", "revocation", is_set
        )

    def test_the_last_entry_of_the_list_is_read(self):
        result = check(entry(statusListIndex=str(SIZE - 1)), LIST)
        assert (result.ok, result.code, result.is_set) == (True, "ok", True)

    def test_one_past_the_last_entry_is_out_of_range_with_the_list_size(self):
        assert check(entry(statusListIndex=str(SIZE)), LIST) == StatusCheck(
            False, "index_out_of_range", "The status index 131072 is outside the list of 131072 entries."
        )

    def test_the_purpose_read_is_the_entrys(self):
        suspension = signed_list(subject=subject(statusPurpose="suspension"))
        result = check(entry(statusPurpose="suspension"), suspension)
        assert (result.ok, result.purpose, result.is_set) == (True, "suspension", True)

    def test_messages_are_chinese_by_default(self):
        result = check_status(entry(), LIST, resolve_key=resolve)
        assert result.message == "状态已从已签名的状态列表中读出。"
        refused = check_status(entry(statusListIndex=str(SIZE)), LIST, resolve_key=resolve)
        assert refused.message == "状态序号 131072 超出了共 131072 个条目的列表范围。"

    def test_the_callers_document_loader_is_the_one_used(self):
        with_notes = signed_list(loader=NOTES_LOADER, **{"@context": [CREDENTIALS_V2, EXTRA_CONTEXT], "note": "x"})
        assert check(entry(), with_notes, loader=NOTES_LOADER).ok
        assert check(entry(), with_notes).code == "list_not_verified"  # the default loader does not know it


class TestRefusedEntries:
    @pytest.mark.parametrize("status_entry", [None, "BitstringStatusListEntry", ["x"], {"type": "StatusList2021Entry"}])
    def test_anything_but_a_bitstring_status_list_entry_is_refused(self, status_entry):
        assert check(status_entry, LIST) == NOT_AN_ENTRY

    @pytest.mark.parametrize("index", [5, None, "", "-1", "+5", "1e3", " 5", "١٢", "²", "5.0"])
    def test_an_index_that_is_not_ascii_digits_in_text_is_refused(self, index):
        changed = entry(statusListIndex=index) if index is not None else {**entry(), "statusListIndex": None}
        assert check(changed, LIST) == BAD_INDEX

    def test_a_missing_index_is_refused(self):
        missing = {key: value for key, value in entry().items() if key != "statusListIndex"}
        assert check(missing, LIST) == BAD_INDEX

    def test_leading_zeros_are_still_the_same_index(self):
        assert check(entry(statusListIndex="0005"), LIST).is_set is True


class TestRefusedLists:
    def test_an_altered_list_is_refused_with_the_signatures_reason(self):
        altered = {**LIST, "credentialSubject": subject(encodedList=statuslist.encode(bytes(SIZE // 8)))}
        assert check(entry(), altered) == StatusCheck(
            False,
            "list_not_verified",
            "The status list's signature is not valid: The signature does not match the credential: it was altered.",
        )

    def test_a_list_signed_by_an_unknown_key_is_refused(self):
        result = check_status(entry(), LIST, resolve_key=lambda _method: None)
        assert (result.ok, result.code, result.is_set) == (False, "list_not_verified", None)

    @pytest.mark.parametrize(
        "list_credential",
        [
            signed_list(drop_subject=True),
            signed_list(subject=[subject()]),
            signed_list(
                subject=subject(type="StatusList2021"),
                loader=NOTES_LOADER,
                **{"@context": [CREDENTIALS_V2, EXTRA_CONTEXT]},
            ),
        ],
        ids=["no subject", "subject is a list", "another list type"],
    )
    def test_a_signed_credential_without_a_bitstring_status_list_is_refused(self, list_credential):
        assert check(entry(), list_credential, loader=NOTES_LOADER) == NO_LIST

    def test_a_list_other_than_the_one_the_entry_names_is_refused(self):
        assert check(entry(statusListCredential=URL + "x"), LIST) == StatusCheck(
            False, "wrong_list", "The status list credential is not the one the entry names."
        )
        assert check(entry(statusListCredential=None), LIST).code == "wrong_list"

    def test_a_list_with_another_purpose_is_refused(self):
        assert check(entry(statusPurpose="suspension"), LIST) == StatusCheck(
            False, "wrong_purpose", "The status list has a different purpose than the entry."
        )
        no_purpose = signed_list(subject=subject(statusPurpose=None))
        assert check(entry(), no_purpose).code == "wrong_purpose"

    @pytest.mark.parametrize("encoded", [None, "", "zH4sI", "u" + "A" * 12])
    def test_a_list_that_cannot_be_decoded_is_refused(self, encoded):
        assert check(entry(), signed_list(subject=subject(encodedList=encoded))) == UNDECODABLE


class TestBits:
    def test_sizes_are_positive_multiples_of_eight(self):
        assert statuslist.empty_bitstring(8) == bytearray(1)
        assert statuslist.empty_bitstring(16) == bytearray(2)
        assert statuslist.empty_bitstring(SIZE) == bytearray(SIZE // 8)
        for size in (0, -8, 1, 7, 12):
            with pytest.raises(StatusListError) as refused:
                statuslist.empty_bitstring(size)
            assert str(refused.value) == "the size of a status list must be a positive multiple of 8"

    @pytest.mark.parametrize("index", [-1, 16, 17, 100])
    def test_an_index_outside_the_list_is_refused_naming_the_range(self, index):
        for call in (lambda bits: statuslist.get_bit(bits, index), lambda bits: statuslist.set_bit(bits, index, True)):
            with pytest.raises(StatusListError) as refused:
                call(bytearray(2))
            assert str(refused.value) == f"index {index} is outside the list (0–15)"

    def test_first_and_last_entries_are_inside(self):
        bits = bytearray(2)
        statuslist.set_bit(bits, 0, True)
        statuslist.set_bit(bits, 15, True)
        assert bits == bytearray([0x80, 0x01])
        assert statuslist.get_bit(bits, 0) and statuslist.get_bit(bits, 15)

    def test_each_entry_reads_only_its_own_bit(self):
        bits = bytes([0b0000_0001, 0b1000_0000])
        assert [statuslist.get_bit(bits, i) for i in range(16)] == [i in (7, 8) for i in range(16)]

    def test_setting_and_clearing_touch_only_that_entry(self):
        bits = bytearray(2)
        statuslist.set_bit(bits, 0, True)
        assert bits == bytearray([0x80, 0])
        statuslist.set_bit(bits, 9, True)
        assert bits == bytearray([0x80, 0x40])
        full = bytearray([0xFF, 0xFF])
        statuslist.set_bit(full, 0, False)
        statuslist.set_bit(full, 11, False)
        assert full == bytearray([0x7F, 0xEF])
        statuslist.set_bit(full, 11, True)
        assert full == bytearray([0x7F, 0xFF])

    def test_clearing_an_entry_of_a_later_byte_reads_no_other_byte(self):
        bits = bytearray([0xFF, 0x0F, 0xFF])
        statuslist.set_bit(bits, 8, False)
        statuslist.set_bit(bits, 16, False)
        assert bits == bytearray([0xFF, 0x0F, 0x7F])


class TestEncoding:
    def test_the_gzip_header_carries_no_time_and_maximum_compression(self):
        body = statuslist.encode(statuslist.empty_bitstring(SIZE))[1:]
        header = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))[:10]
        assert header[:3] == b"\x1f\x8b\x08"
        assert header[4:8] == bytes(4)  # MTIME 0: the same list always gives the same bytes
        assert header[8] == 2  # XFL 2: compressed at level 9

    def test_every_length_round_trips_without_padding(self):
        rng = random.Random(20260601)
        lengths = set()
        for size in range(8, 8 * 120, 8):
            bits = bytearray(rng.getrandbits(8) for _ in range(size // 8))
            encoded = statuslist.encode(bits)
            lengths.add(len(encoded[1:]) % 20)
            assert "=" not in encoded
            assert statuslist.decode(encoded) == bits
        assert len(lengths) >= 10  # the unpadded bodies cover many lengths

    def test_a_zlib_stream_is_not_gzip(self):
        raw = "u" + base64.urlsafe_b64encode(zlib.compress(bytes(16))).decode().rstrip("=")
        with pytest.raises(StatusListError) as refused:
            statuslist.decode(raw)
        assert str(refused.value) == "the encoded list is not GZIP-compressed base64url"

    @pytest.mark.parametrize("encoded", [None, 5, "", "H4sI", "U" + statuslist.encode(bytes(2))[1:]])
    def test_only_a_u_multibase_string_is_read(self, encoded):
        with pytest.raises(StatusListError) as refused:
            statuslist.decode(encoded)
        assert str(refused.value) == "the encoded list must be a base64url multibase string starting with 'u'"

    def test_a_list_larger_than_the_limit_is_refused_as_too_large(self):
        huge = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 1024 * 1024))).decode().rstrip("=")
        with pytest.raises(StatusListError) as refused:
            statuslist.decode(huge)
        assert str(refused.value) == "the encoded list is too large"
