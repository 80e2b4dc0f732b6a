"""Keyed hashes, encryption with key rotation, masks, credential identity hashes, key checks."""

from __future__ import annotations

import hashlib
import hmac
import io

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from skillcert.people.checks import personal_data_keys_check
from skillcert.people.idnumbers import IdType
from skillcert.people.protection import (
    ProtectionError,
    decrypt,
    decrypt_bytes,
    encrypt,
    encrypt_bytes,
    hash_id_number,
    id_number_matches,
    mask_id_number,
    rotate,
)

NUMBER = "11010519491231002X"


def test_keyed_hash_is_hmac_sha256_under_the_server_key(settings):
    settings.PII_HASH_KEY = "k" * 40
    expected = hmac.new(b"k" * 40, f"resident_id\x1f{NUMBER}".encode(), hashlib.sha256).hexdigest()
    assert hash_id_number(IdType.RESIDENT_ID, NUMBER) == expected
    assert hash_id_number(IdType.RESIDENT_ID, " 11010519491231002x") == expected  # normalised first
    assert hash_id_number(IdType.HMT_RESIDENCE_PERMIT, NUMBER) != expected  # the type is part of the message
    assert hashlib.sha256(NUMBER.encode()).hexdigest() != expected  # not a plain hash anyone could recompute


def test_another_key_gives_another_hash(settings):
    settings.PII_HASH_KEY = "a" * 40
    first = hash_id_number(IdType.RESIDENT_ID, NUMBER)
    settings.PII_HASH_KEY = "b" * 40
    assert hash_id_number(IdType.RESIDENT_ID, NUMBER) != first


def test_a_short_hash_key_is_refused(settings):
    settings.PII_HASH_KEY = "short"
    with pytest.raises(ProtectionError):
        hash_id_number(IdType.RESIDENT_ID, NUMBER)


def test_encryption_round_trip_and_tokens_never_contain_the_number():
    token = encrypt(NUMBER)
    assert NUMBER not in token
    assert encrypt(NUMBER) != token  # random IV: equal numbers do not give equal tokens
    assert decrypt(token) == NUMBER
    assert decrypt_bytes(encrypt_bytes(b"\x00binary")) == b"\x00binary"


def test_key_rotation_keeps_old_tokens_readable_and_moves_them_to_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [old]
    token = encrypt(NUMBER)
    settings.PII_ENCRYPTION_KEYS = [new, old]
    assert decrypt(token) == NUMBER  # the old key still decrypts
    rotated = rotate(token)
    settings.PII_ENCRYPTION_KEYS = [new]
    assert decrypt(rotated) == NUMBER
    with pytest.raises(ProtectionError):
        decrypt(token)  # once the old key is gone, only re-encrypted tokens are readable


def test_masks():
    assert mask_id_number("51010719900307123X") == "510***********123X"
    assert mask_id_number("USA110085061301") == "USA********1301"
    assert mask_id_number("H1234567800") == "H1*******00"
    assert mask_id_number("E12345678") == "E1*****78"
    assert mask_id_number("12345678") == "1******8"
    assert mask_id_number("X1234") == "X***4"
    assert mask_id_number("1234") == "****"


@given(st.text(alphabet="0123456789ABCDEFGHX", min_size=1, max_size=20))
def test_property_a_mask_keeps_the_length_and_shows_less_than_half(number):
    masked = mask_id_number(number)
    assert len(masked) == len(number)
    assert sum(1 for c in masked if c != "*") * 2 < max(len(number), 2)


def test_a_typed_number_matches_only_the_holders_own_number_in_any_typing():
    stored = hash_id_number(IdType.RESIDENT_ID, NUMBER)
    assert id_number_matches(id_type=IdType.RESIDENT_ID, stored_hash=stored, typed=NUMBER)
    assert id_number_matches(id_type=IdType.RESIDENT_ID, stored_hash=stored, typed=" 110105 19491231 002x ")
    assert not id_number_matches(id_type=IdType.RESIDENT_ID, stored_hash=stored, typed="110105194912310037")
    assert not id_number_matches(id_type=IdType.PASSPORT, stored_hash=stored, typed=NUMBER)
    assert not id_number_matches(id_type=IdType.RESIDENT_ID, stored_hash="", typed=NUMBER)


def test_system_check_passes_with_the_generated_keys():
    assert personal_data_keys_check() == []


def test_system_check_names_the_setting_and_never_the_key(settings):
    settings.PII_HASH_KEY = "tiny-secret"
    settings.PII_ENCRYPTION_KEYS = ["not-a-fernet-key-value"]
    errors = personal_data_keys_check()
    assert [e.id for e in errors] == ["people.E001", "people.E002"]
    text = " ".join(e.msg for e in errors)
    assert "PII_HASH_KEY" in text and "PII_ENCRYPTION_KEYS entry 1" in text
    assert "tiny-secret" not in text and "not-a-fernet-key-value" not in text
    settings.PII_HASH_KEY = "x" * 40
    settings.PII_ENCRYPTION_KEYS = []
    assert "empty" in personal_data_keys_check()[0].msg


def test_fernet_key_file_is_generated_once_with_owner_only_permissions(tmp_path):
    from skillcert.config.env import fernet_keys_from_env_or_file

    first = fernet_keys_from_env_or_file("NO_SUCH_KEYS_FOR_TEST", tmp_path, "pii")
    assert fernet_keys_from_env_or_file("NO_SUCH_KEYS_FOR_TEST", tmp_path, "pii") == first
    assert len(first) == 1
    Fernet(first[0])  # a usable key
    assert (tmp_path / "secrets" / "pii").stat().st_mode & 0o777 == 0o600


def test_fernet_keys_from_the_environment_keep_their_order(tmp_path, monkeypatch):
    from skillcert.config.env import fernet_keys_from_env_or_file

    monkeypatch.setenv("SKILLCERT_TEST_PII_KEYS", "new-key, old-key")
    assert fernet_keys_from_env_or_file("TEST_PII_KEYS", tmp_path, "unused") == ["new-key", "old-key"]
    assert not (tmp_path / "secrets" / "unused").exists()


@pytest.mark.django_db
def test_reencrypt_command_reports_the_count():
    from django.core.management import call_command

    from skillcert.people.services import register_holder

    register_holder(name="张三", id_type=IdType.RESIDENT_ID, id_number=NUMBER)
    out = io.StringIO()
    call_command("reencrypt_personal_data", stdout=out)
    assert "1 ID numbers re-encrypted" in out.getvalue()
