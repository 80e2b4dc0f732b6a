"""Issuer identity: did:web, the DID document with every key, rotation, key files and the system check."""

from __future__ import annotations

import json
import os
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from skillcert.core.errors import NotAllowed
from skillcert.core.models import ChangeLogEntry, ImmutableRowError
from skillcert.credentials import did, keystore, selectors, services
from skillcert.credentials.checks import signing_key_check
from skillcert.credentials.models import SigningKey
from skillcert.credentials.signing import sign_credential, verify_proof
from tests.factories.credentials import make_facts


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://zs.rst.sc.gov.cn", "did:web:zs.rst.sc.gov.cn"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://example.cn:8443/skillcert", "did:web:example.cn%3A8443:skillcert"),
        ("https://example.cn/a/b/", "did:web:example.cn:a:b"),
    ],
)
def test_did_web_is_derived_from_the_public_url(url, expected):
    assert did.did_for_url(url) == expected


def test_a_relative_public_url_cannot_make_a_did():
    with pytest.raises(ValueError):
        did.did_for_url("localhost")


def key_file(key: SigningKey) -> Path:
    return Path(django_settings.DATA_DIR) / "keys" / key.private_key_file


@pytest.mark.django_db
class TestKeys:
    def test_ensure_creates_one_key_with_an_owner_only_file_and_is_idempotent(self):
        key = services.ensure_signing_key()
        assert services.ensure_signing_key() == key
        assert SigningKey.objects.count() == 1
        assert stat.S_IMODE(key_file(key).stat().st_mode) == 0o600
        assert stat.S_IMODE(key_file(key).parent.stat().st_mode) == 0o700
        assert key.public_key_multibase.startswith("z6Mk")
        assert ChangeLogEntry.objects.filter(action="credentials.signing_key.create", object_id=key.key_id).exists()

    def test_the_private_key_never_enters_the_database_or_the_log(self):
        key = services.ensure_signing_key()
        pem = key_file(key).read_text()
        logged = json.dumps(list(ChangeLogEntry.objects.values("before", "after")))
        assert "PRIVATE KEY" not in logged and pem not in str(SigningKey.objects.values().get())

    def test_rotation_retires_the_old_key_and_keeps_it_published(self):
        old = services.ensure_signing_key()
        new = services.rotate_signing_key(note="annual rotation")
        old.refresh_from_db()
        assert old.retired_at == new.valid_from and new.is_active and not old.is_active
        assert selectors.active_signing_key() == new
        document = selectors.current_did_document()
        methods = {m["id"]: m for m in document["verificationMethod"]}
        old_id, new_id = f"{document['id']}#{old.key_id}", f"{document['id']}#{new.key_id}"
        assert methods[old_id]["keyValidity"]["validUntil"] == methods[new_id]["keyValidity"]["validFrom"]
        assert "validUntil" not in methods[new_id]["keyValidity"]
        assert methods[new_id]["type"] == "Multikey" and methods[new_id]["controller"] == document["id"]
        assert document["assertionMethod"] == [old_id, new_id]

    def test_a_credential_signed_before_rotation_still_verifies(self):
        services.ensure_signing_key()
        credential = services.issue_credential(make_facts())
        services.rotate_signing_key()
        resolver = did.resolver_for(selectors.current_did_document())
        assert verify_proof(credential, resolve_key=resolver).ok
        assert verify_proof(credential, resolve_key=selectors.resolve_own_key).ok

    def test_a_retired_key_signs_nothing_new(self):
        old = services.ensure_signing_key()
        services.rotate_signing_key()
        old.refresh_from_db()
        with pytest.raises(NotAllowed):
            services.issue_credential(make_facts(), key=old)

    def test_keys_are_never_deleted(self):
        key = services.ensure_signing_key()
        with pytest.raises(ImmutableRowError):
            key.delete()

    def test_signing_without_a_key_is_refused_clearly(self):
        with pytest.raises(NotAllowed) as caught:
            sign_credential({"@context": []})
        assert caught.value.code == "no_signing_key"


@pytest.mark.django_db
class TestDidDocumentView:
    def test_well_known_did_json_is_public_and_lists_the_keys(self):
        key = services.ensure_signing_key()
        response = Client().get("/.well-known/did.json")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/did+json")
        document = json.loads(response.content)
        assert document["id"] == "did:web:127.0.0.1%3A8000"
        assert document["@context"][:2] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
        assert [m["publicKeyMultibase"] for m in document["verificationMethod"]] == [key.public_key_multibase]
        assert json.loads(Client().get("/did.json").content) == document


@pytest.mark.django_db
class TestSystemCheck:
    def ids(self) -> list[str]:
        return [message.id for message in signing_key_check()]

    def test_no_key_is_an_error(self):
        assert self.ids() == ["credentials.E001"]

    def test_a_usable_key_passes(self):
        services.ensure_signing_key()
        assert self.ids() == []

    def test_a_missing_or_too_open_key_file_is_an_error(self):
        path = key_file(services.ensure_signing_key())
        os.chmod(path, 0o644)
        try:
            assert self.ids() == ["credentials.E002"]
            assert "readable by others" in signing_key_check()[0].msg
        finally:
            os.chmod(path, 0o600)
        hidden = path.with_suffix(".moved")
        path.rename(hidden)
        try:
            assert self.ids() == ["credentials.E002"]
        finally:
            hidden.rename(path)

    def test_a_key_file_that_does_not_match_the_public_key_is_an_error(self):
        key = services.ensure_signing_key()
        other = services.rotate_signing_key()
        SigningKey.objects.filter(pk=other.pk).update(private_key_file=key.private_key_file)
        assert self.ids() == ["credentials.E002"]

    def test_a_too_open_file_is_refused_for_signing_too(self):
        key = services.ensure_signing_key()
        services.issue_credential(make_facts())  # loads and caches the signer
        os.chmod(key_file(key), 0o640)
        try:
            with pytest.raises(keystore.KeyFileError):
                services.issue_credential(make_facts())
        finally:
            os.chmod(key_file(key), 0o600)


@pytest.mark.django_db
def test_keys_command_ensure_list_rotate():
    out = StringIO()
    call_command("keys", "ensure", stdout=out)
    assert "created the first signing key: did:web:127.0.0.1%3A8000#key-" in out.getvalue()
    call_command("keys", "rotate", "--note", "test", stdout=out)
    listing = StringIO()
    call_command("keys", "list", stdout=listing)
    lines = listing.getvalue().splitlines()
    assert lines[0] == "issuer did:web:127.0.0.1%3A8000"
    assert len(lines) == 3 and "now (active)" in lines[2] and "key file ok" in lines[1]


def test_check_is_registered_under_the_skillcert_tag():
    from django.core.checks import registry

    assert signing_key_check in registry.registry.get_checks() and "skillcert" in signing_key_check.tags


def test_private_key_files_are_pem_pkcs8(tmp_path: Any):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    keystore.write_private_key("k.pem", private)
    assert (tmp_path / "keys" / "k.pem").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    loaded = keystore.load_private_key("k.pem", keystore.public_multibase(private))
    assert keystore.public_multibase(loaded) == keystore.public_multibase(private)
    with pytest.raises(FileExistsError):
        keystore.write_private_key("k.pem", private)  # never overwritten


@pytest.mark.parametrize(
    "document",
    [
        {"verificationMethod": 5, "assertionMethod": 5},
        {"verificationMethod": "did:web:x#k", "assertionMethod": {"id": "did:web:x#k"}},
        {"verificationMethod": [None, 3, {"id": 7}], "assertionMethod": [None, {"id": "x"}]},
        [],
    ],
)
def test_a_hostile_did_document_resolves_no_key_and_never_raises(document):
    """A bundle carries its own DID document: odd shapes must mean "no such key", not a crash of the verifier."""
    assert did.resolver_for(document)("did:web:x#k") is None
