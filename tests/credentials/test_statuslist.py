"""Bitstring Status Lists: encoding, random indexes, status changes in the caller's transaction, the signed list."""

from __future__ import annotations

import base64
import contextlib
import copy
import gzip
import json
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.errors import InvalidInput, NotFound
from skillcert.core.models import ChangeLogEntry, ImmutableRowError
from skillcert.credentials import selectors, services, statuslist
from skillcert.credentials.models import StatusAllocation, StatusList
from skillcert.credentials.statuslist import StatusListError, check_status

SIZE = 131_072


class TestEncoding:
    def test_index_zero_is_the_most_significant_bit_of_the_first_byte(self):
        bits = statuslist.empty_bitstring(SIZE)
        statuslist.set_bit(bits, 0, True)
        statuslist.set_bit(bits, 9, True)
        assert bits[:2] == bytes([0b1000_0000, 0b0100_0000])

    def test_encoded_list_is_u_plus_unpadded_base64url_of_gzip(self):
        encoded = statuslist.encode(statuslist.empty_bitstring(SIZE))
        assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
        body = encoded[1:]
        assert gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))) == bytes(SIZE // 8)

    def test_encoding_is_deterministic(self):
        bits = statuslist.empty_bitstring(SIZE)
        assert statuslist.encode(bits) == statuslist.encode(bytes(bits))

    @given(st.sets(st.integers(min_value=0, max_value=SIZE - 1), max_size=50))
    def test_round_trip_keeps_exactly_the_set_bits(self, indexes):
        bits = statuslist.empty_bitstring(SIZE)
        for index in indexes:
            statuslist.set_bit(bits, index, True)
        decoded = statuslist.decode(statuslist.encode(bits))
        set_bits = {n * 8 + bit for n, byte in enumerate(decoded) if byte for bit in range(8) if byte & (0x80 >> bit)}
        assert len(decoded) == SIZE // 8 and set_bits == indexes

    @given(st.integers(), st.booleans())
    def test_set_then_get_or_a_clear_error(self, index, value):
        bits = statuslist.empty_bitstring(64)
        if 0 <= index < 64:
            statuslist.set_bit(bits, index, value)
            assert statuslist.get_bit(bits, index) is value
        else:
            with pytest.raises(StatusListError):
                statuslist.set_bit(bits, index, value)

    @given(st.text(max_size=40))
    def test_decoding_garbage_raises_status_list_error_only(self, text):
        with contextlib.suppress(StatusListError):
            statuslist.decode(text)

    def test_decompression_bomb_is_refused(self):
        huge = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(20 * 1024 * 1024))).decode().rstrip("=")
        with pytest.raises(StatusListError):
            statuslist.decode(huge)


@pytest.mark.django_db
class TestAllocation:
    def test_each_certificate_gets_one_random_index_per_purpose(self):
        entries = services.allocate_status_entries(subject_id="cert-a")
        assert [purpose for purpose, _url, _index in entries] == ["revocation", "suspension"]
        for purpose, url, index in entries:
            assert url.startswith(f"http://127.0.0.1:8000/credentials/status/{purpose}/")
            assert 0 <= index < SIZE
        assert services.allocate_status_entries(subject_id="cert-a") == entries  # idempotent

    def test_indexes_are_unique_and_not_sequential(self):
        result = services.allocate_status_entries_bulk(subject_ids=[f"cert-{n}" for n in range(300)])
        indexes = [entries[0][2] for entries in result.values()]
        assert len(set(indexes)) == 300
        assert indexes != sorted(indexes)
        assert StatusList.objects.get(purpose="revocation").allocated == 300

    def test_a_new_list_opens_when_the_current_one_is_half_full(self):
        services.allocate_status_entries(subject_id="first")
        StatusList.objects.filter(purpose="revocation").update(allocated=SIZE // 2)
        services.allocate_status_entries(subject_id="second")
        assert StatusList.objects.filter(purpose="revocation").count() == 2

    def test_bad_subject_ids_are_refused(self):
        with pytest.raises(InvalidInput):
            services.allocate_status_entries(subject_id="")

    def test_lists_and_entries_are_never_deleted(self):
        services.allocate_status_entries(subject_id="kept")
        with pytest.raises(ImmutableRowError):
            StatusAllocation.objects.first().delete()
        with pytest.raises(ImmutableRowError):
            StatusList.objects.first().delete()


@pytest.mark.django_db
class TestSetStatus:
    def test_revoking_sets_the_bit_bumps_the_version_and_logs(self):
        (_p, _url, index), _suspension = services.allocate_status_entries(subject_id="cert-r")
        before = StatusList.objects.get(purpose="revocation").version
        assert services.set_status(subject_id="cert-r", purpose="revocation", value=True, reason="伪造")
        status_list = StatusList.objects.get(purpose="revocation")
        assert statuslist.get_bit(bytes(status_list.bits), index) is True
        assert status_list.version == before + 1
        assert selectors.status_of("cert-r") == {"revocation": True, "suspension": False}
        entry = ChangeLogEntry.objects.filter(action="credentials.status_list.set_revocation").get()
        assert (entry.object_id, entry.reason, entry.after["index"]) == (status_list.list_id, "伪造", index)

    def test_setting_the_same_value_twice_changes_nothing(self):
        services.allocate_status_entries(subject_id="cert-s")
        assert services.set_status(subject_id="cert-s", purpose="suspension", value=True)
        version = StatusList.objects.get(purpose="suspension").version
        assert not services.set_status(subject_id="cert-s", purpose="suspension", value=True)
        assert StatusList.objects.get(purpose="suspension").version == version
        assert services.set_status(subject_id="cert-s", purpose="suspension", value=False)  # reinstated
        assert selectors.status_of("cert-s")["suspension"] is False

    def test_the_bit_rolls_back_with_the_callers_transaction(self):
        services.allocate_status_entries(subject_id="cert-t")
        with pytest.raises(RuntimeError), transaction.atomic():
            services.set_status(subject_id="cert-t", purpose="revocation", value=True)
            raise RuntimeError("the certificate's own update failed")
        assert selectors.status_of("cert-t")["revocation"] is False

    def test_unknown_purpose_or_certificate_is_refused(self):
        with pytest.raises(InvalidInput):
            services.set_status(subject_id="x", purpose="expiry", value=True)
        with pytest.raises(NotFound):
            services.set_status(subject_id="no-such-certificate", purpose="revocation", value=True)


def fetch(client: Client, url: str, **headers: Any):
    return client.get(url.removeprefix("http://127.0.0.1:8000"), headers=headers)


@pytest.mark.django_db
class TestPublishedList:
    def test_list_credential_is_signed_cacheable_and_shows_the_revocation(self, signing_key):
        revocation, _suspension = services.allocate_status_entries(subject_id="cert-p")
        services.set_status(subject_id="cert-p", purpose="revocation", value=True)
        response = fetch(Client(), revocation[1])
        assert response.status_code == 200
        assert response["Cache-Control"] == "max-age=300, public"
        assert response["ETag"]
        assert response["Content-Type"].startswith("application/vc")  # the VCDM 2.0 media type
        body = json.loads(response.content)
        assert body["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert body["credentialSubject"]["statusPurpose"] == "revocation"
        entry = {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(revocation[2]),
            "statusListCredential": revocation[1],
        }
        result = check_status(entry, body, resolve_key=selectors.resolve_own_key)
        assert (result.ok, result.is_set) == (True, True)

    def test_unchanged_list_answers_304_to_its_etag_and_a_change_makes_a_new_one(self, signing_key):
        revocation, _suspension = services.allocate_status_entries(subject_id="cert-e")
        client = Client()
        # lists are re-signed every hour: time stands still so that an hour boundary cannot fall between fetches
        with time_machine.travel(timezone.now(), tick=False):
            first = fetch(client, revocation[1])
            assert fetch(client, revocation[1], if_none_match=first["ETag"]).status_code == 304
            assert fetch(client, revocation[1]).content == first.content  # deterministic signature
            services.set_status(subject_id="cert-e", purpose="revocation", value=True)
            assert fetch(client, revocation[1], if_none_match=first["ETag"]).status_code == 200

    def test_unknown_list_or_purpose_is_404(self, signing_key):
        revocation, _suspension = services.allocate_status_entries(subject_id="cert-x")
        list_id = revocation[1].rsplit("/", 1)[1]
        assert Client().get(f"/credentials/status/suspension/{list_id}").status_code == 404
        assert Client().get(f"/credentials/status/expiry/{list_id}").status_code == 404
        assert Client().get("/credentials/status/revocation/nope").status_code == 404
        assert Client().post(revocation[1].removeprefix("http://127.0.0.1:8000")).status_code == 405


@pytest.mark.django_db
class TestCheckStatus:
    @pytest.fixture
    def published(self, signing_key: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        revocation, _suspension = services.allocate_status_entries(subject_id="cert-c")
        status_list = StatusList.objects.get(purpose="revocation")
        entry = {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(revocation[2]),
            "statusListCredential": revocation[1],
        }
        return entry, selectors.status_list_credential(status_list)

    def run(self, entry: Any, list_credential: Any):
        return check_status(entry, list_credential, resolve_key=selectors.resolve_own_key)

    def test_valid_certificate_reads_as_not_set(self, published):
        result = self.run(*published)
        assert (result.ok, result.code, result.purpose, result.is_set) == (True, "ok", "revocation", False)

    def test_index_out_of_range_is_a_failed_check(self, published):
        entry, list_credential = published
        result = self.run({**entry, "statusListIndex": str(SIZE)}, list_credential)
        assert (result.ok, result.code, result.is_set) == (False, "index_out_of_range", None)
        assert str(SIZE) in result.message

    @pytest.mark.parametrize("index", ["-1", "1e3", 5, "", "١٢"])
    def test_malformed_index_is_a_failed_check(self, published, index):
        entry, list_credential = published
        assert self.run({**entry, "statusListIndex": index}, list_credential).code == "malformed"

    def test_a_list_altered_after_signing_says_nothing(self, published):
        entry, list_credential = published
        altered = copy.deepcopy(list_credential)
        bits = statuslist.empty_bitstring(SIZE)
        statuslist.set_bit(bits, int(entry["statusListIndex"]), True)
        altered["credentialSubject"]["encodedList"] = statuslist.encode(bits)
        result = self.run(entry, altered)
        assert (result.ok, result.code, result.is_set) == (False, "list_not_verified", None)

    def test_wrong_list_or_purpose_is_refused(self, published):
        entry, list_credential = published
        assert self.run({**entry, "statusListCredential": "https://x.example/l"}, list_credential).code == "wrong_list"
        assert self.run({**entry, "statusPurpose": "suspension"}, list_credential).code == "wrong_purpose"
        assert self.run({"type": "StatusList2021Entry"}, list_credential).code == "malformed"
        assert self.run(entry, {"proof": None}).code == "list_not_verified"
