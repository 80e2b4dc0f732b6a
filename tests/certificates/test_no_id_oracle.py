"""A credential gives nothing to test guessed ID numbers against: the audit's brute force finds nothing.

The attack (as the privacy audit ran it): the attacker knows the holder's region (area code) and
birth date, so the ID number is one of 1,000 sequence numbers times 11 check characters. Against
the old credentials (``sha256(number + salt)`` with the salt beside it) this recovered the number
in milliseconds. Here it must find nothing, and no value in the credential may be any candidate's
SHA-256 with any other string of the credential as a salt, either way round.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from skillcert.credentials.models import IssuedCredential
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db

AREA, BIRTH, SEQUENCE = "510107", "19900307", "123"
ID = valid_id(AREA + BIRTH + SEQUENCE)  # the holder fixture's number


def candidates() -> Iterator[str]:
    """Every number the attacker tries: all sequence numbers and all check characters."""
    for sequence in range(1000):
        for check in "0123456789X":
            yield f"{AREA}{BIRTH}{sequence:03d}{check}"


def strings_in(value: Any) -> Iterator[str]:
    """Every key and string value in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def old_attack(credential: dict[str, Any]) -> list[str]:
    """The audit's script: hash every candidate with each hashed identifier's salt; return the matches."""
    found = []
    for identifier in credential["credentialSubject"].get("identifier", []):
        if not identifier.get("hashed"):
            continue
        algorithm, _sep, digest = str(identifier["identityHash"]).partition("$")
        salt = str(identifier.get("salt", ""))
        found += [c for c in candidates() if hashlib.new(algorithm, (c + salt).encode()).hexdigest() == digest]
    return found


@pytest.fixture
def credential(holder, institution, operator) -> dict[str, Any]:
    assert holder.id_number_masked.endswith(ID[-4:])  # the holder is the one the attacker targets
    certificate = CertificateFactory(holder=holder, institution=institution, actor=operator)
    return IssuedCredential.objects.get(subject_id=certificate.public_id).document


def test_the_audits_brute_force_recovers_nothing_from_a_new_credential(credential):
    assert ID in set(candidates())  # the attack would have found it, had the credential held its hash
    assert old_attack(credential) == []


def test_no_value_in_the_credential_is_a_hash_of_any_candidate_with_any_salt(credential, holder):
    text = json.dumps(credential, ensure_ascii=False)
    digests = {match.lower() for match in re.findall(r"[0-9a-fA-F]{64}", text)}
    salts = {s for s in strings_in(credential) if len(s) <= 64} | {""}
    for candidate in candidates():
        for salt in salts:
            assert hashlib.sha256((candidate + salt).encode()).hexdigest() not in digests
            assert hashlib.sha256((salt + candidate).encode()).hexdigest() not in digests
    assert ID not in text and ID[:17] not in text and BIRTH + SEQUENCE not in text
    assert holder.id_number_hash not in text and holder.id_number_masked not in text


def test_the_credential_has_no_salt_and_no_hashed_identifier(credential):
    keys = [key for key in strings_in(credential) if key == "salt"]
    identifiers = credential["credentialSubject"]["identifier"]
    assert keys == [] and all(identifier["hashed"] is False for identifier in identifiers)
    assert {identifier["identityType"] for identifier in identifiers} <= {"name", "ext:romanisedName"}
