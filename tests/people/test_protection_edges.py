"""Protection of ID numbers at its edges: mask lengths on both sides of each step, key lengths, the exact
sentences an operator reads when a key is unusable, and errors that never carry key material or numbers.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
from cryptography.fernet import Fernet

from skillcert.people.idnumbers import IdType
from skillcert.people.protection import (
    MIN_HASH_KEY_LENGTH,
    ProtectionError,
    check_keys,
    decrypt,
    decrypt_bytes,
    encrypt,
    hash_id_number,
    mask_id_number,
    rotate,
)

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("", ""),
        ("1234", "****"),
        ("12345", "1***5"),
        ("12345678", "1******8"),
        ("123456789", "12*****89"),
        ("12345678901234", "12**********34"),
        ("123456789012345", "123********2345"),
        ("1234567890123456789012", "123" + "*" * 15 + "9012"),
    ],
)
def test_each_mask_step_starts_at_its_length(number, masked):
    assert mask_id_number(number) == masked


def test_the_hash_key_needs_thirty_two_characters(settings):
    assert MIN_HASH_KEY_LENGTH == 32
    settings.PII_HASH_KEY = "k" * 32
    expected = hmac.new(b"k" * 32, b"passport\x1fE12345678", hashlib.sha256).hexdigest()
    assert hash_id_number(IdType.PASSPORT, "E12345678") == expected
    settings.PII_HASH_KEY = "k" * 31
    with pytest.raises(ProtectionError) as caught:
        hash_id_number(IdType.PASSPORT, "E12345678")
    assert str(caught.value) == "PII_HASH_KEY must have at least 32 characters"


def test_a_missing_hash_key_is_refused(settings):
    del settings.PII_HASH_KEY
    with pytest.raises(ProtectionError, match="PII_HASH_KEY must have at least 32 characters"):
        hash_id_number(IdType.PASSPORT, "E12345678")


def test_a_renewed_hong_kong_permit_hashes_like_the_permit_for_life(settings):
    settings.PII_HASH_KEY = "h" * 40
    assert hash_id_number(IdType.HK_MACAO_PERMIT, "H1234567801") == hash_id_number(IdType.HK_MACAO_PERMIT, "H12345678")
    assert hash_id_number(IdType.PASSPORT, "E1234567801") != hash_id_number(IdType.PASSPORT, "E12345678")


def test_no_encryption_keys_is_refused(settings):
    settings.PII_ENCRYPTION_KEYS = []
    with pytest.raises(ProtectionError) as caught:
        encrypt("secret")
    assert str(caught.value) == "PII_ENCRYPTION_KEYS is empty"
    del settings.PII_ENCRYPTION_KEYS
    with pytest.raises(ProtectionError, match=r"^PII_ENCRYPTION_KEYS is empty$"):
        encrypt("secret")


@pytest.mark.parametrize("bad", ["not-a-key", "ключ" * 11])
def test_a_value_that_is_not_a_fernet_key_is_refused_without_showing_it(settings, bad):
    settings.PII_ENCRYPTION_KEYS = [bad]
    with pytest.raises(ProtectionError) as caught:
        encrypt("secret")
    assert str(caught.value) == "PII_ENCRYPTION_KEYS holds a value that is not a Fernet key"


def test_data_under_a_removed_key_does_not_decrypt_and_the_error_names_no_data(settings):
    settings.PII_ENCRYPTION_KEYS = [KEY_A]
    token = encrypt("11010519491231002X")
    settings.PII_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(ProtectionError) as caught:
        decrypt(token)
    assert str(caught.value) == "the data does not decrypt with any configured PII encryption key"
    with pytest.raises(ProtectionError) as caught:
        rotate(token)
    assert str(caught.value) == "the token does not decrypt with any configured PII encryption key"
    with pytest.raises(ProtectionError):
        decrypt_bytes(b"garbage")


def test_new_tokens_use_the_first_key(settings):
    settings.PII_ENCRYPTION_KEYS = [KEY_A, KEY_B]
    token = encrypt("secret")
    assert Fernet(KEY_A.encode()).decrypt(token.encode()) == b"secret"


def test_usable_keys_have_no_problems():
    assert check_keys("k" * 32, [KEY_A, KEY_B]) == []


def test_each_key_problem_is_one_sentence_naming_the_setting_and_the_entry():
    assert check_keys("k" * 31, [KEY_A, "bad", "ключ"]) == [
        "PII_HASH_KEY must have at least 32 characters.",
        "PII_ENCRYPTION_KEYS entry 2 is not a Fernet key (32 url-safe base64 bytes).",
        "PII_ENCRYPTION_KEYS entry 3 is not a Fernet key (32 url-safe base64 bytes).",
    ]
    assert check_keys(None, []) == [  # type: ignore[arg-type]
        "PII_HASH_KEY must have at least 32 characters.",
        "PII_ENCRYPTION_KEYS is empty: personal data cannot be encrypted.",
    ]
