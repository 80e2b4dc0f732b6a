"""Every issued certificate carries a signed, verifiable credential; status changes reach the status lists."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from skillcert.certificates import services
from skillcert.credentials.models import IssuedCredential
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(holder, institution, operator):
    return CertificateFactory(holder=holder, institution=institution, actor=operator)


def test_issued_certificate_has_a_verifying_credential_without_the_id_number(certificate):
    from skillcert.credentials.schema import validate_ob3
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.signing import verify_proof

    stored = IssuedCredential.objects.get(subject_id=certificate.public_id)
    document = json.loads(Client().get(f"/credentials/{certificate.address_key}").content)
    assert document == stored.document
    assert document["id"] == f"http://127.0.0.1:8000/credentials/{certificate.address_key}"
    assert verify_proof(document, resolve_key=resolve_own_key).ok
    assert validate_ob3(document) == []
    text = json.dumps(document, ensure_ascii=False)
    assert certificate.number in text and "张三" in text
    assert valid_id("51010719900307123") not in text


def test_a_tampered_credential_fails_verification(certificate):
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.signing import verify_proof

    document = IssuedCredential.objects.get(subject_id=certificate.public_id).document
    document["credentialSubject"]["result"][0]["achievedLevel"] = document["credentialSubject"]["result"][0][
        "achievedLevel"
    ].replace(":4", ":1")
    assert not verify_proof(document, resolve_key=resolve_own_key).ok


def test_revocation_reaches_the_status_list_in_the_same_transaction(certificate, operator):
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.statuslist import check_status

    document = IssuedCredential.objects.get(subject_id=certificate.public_id).document
    entries = {e["statusPurpose"]: e for e in document["credentialStatus"]}
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    revocation = entries["revocation"]
    list_credential = json.loads(
        Client().get(revocation["statusListCredential"].replace("http://127.0.0.1:8000", "")).content
    )
    assert check_status(revocation, list_credential, resolve_key=resolve_own_key).is_set is True
    suspension = entries["suspension"]
    list_credential = json.loads(
        Client().get(suspension["statusListCredential"].replace("http://127.0.0.1:8000", "")).content
    )
    assert check_status(suspension, list_credential, resolve_key=resolve_own_key).is_set is False


def test_each_log_entry_commits_to_the_facts_the_public_sees_after_the_event(certificate, operator):
    from skillcert.certificates.trust import FACT_LABELS, audit_certificates, log_subject, public_facts
    from skillcert.transparency.selectors import committed_leaves

    services.suspend_certificate(certificate=certificate, category="under_review", reason="投诉调查中", actor=operator)
    certificate.refresh_from_db()
    subject = log_subject(certificate)  # format 2 entries name it by the digest of its address key
    issued, suspended = committed_leaves(subject_type="certificate", subject_ids=[subject])[subject]
    assert (issued.kind, suspended.kind) == ("certificate.issued", "certificate.suspended")
    assert issued.commitment_problem() is None and suspended.commitment_problem() is None
    assert set(suspended.commitment.fact_digests) == set(FACT_LABELS)
    assert suspended.commitment.differing(public_facts(certificate)) == []
    assert set(issued.commitment.differing(public_facts(certificate))) == {
        "status",
        "status_changed_at",
        "status_reason",
        "status_reason_category",
    }
    assert issued.commitment.salt != suspended.commitment.salt  # a fresh salt per entry
    assert list(audit_certificates()) == [None]
