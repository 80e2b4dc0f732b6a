"""``skillcert readdress``: credentials issued before addresses move to their address key; the log stays whole."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.test import Client

from skillcert.certificates import services
from skillcert.certificates.trust import log_subject
from skillcert.core.models import ChangeLogEntry
from skillcert.credentials.models import IssuedCredential
from skillcert.transparency import audit
from skillcert.transparency import services as services_of_the_log
from skillcert.transparency.models import LogLeaf
from tests.certificates.oldway import OLD_URL, as_before_the_migration, the_old_way
from tests.factories import IssueSpecFactory

pytestmark = pytest.mark.django_db


def spec(holder, institution, level=4):
    return IssueSpecFactory(holder=holder, level=level, institution=institution)


@pytest.fixture
def old_registry(holder, institution, operator):
    """Three certificates issued before addresses, one of them revoked then: format 1 entries only."""
    with the_old_way():
        certificates = services.issue_certificates(specs=[spec(holder, institution)] * 3, actor=operator)
        services.revoke_certificate(
            certificate=certificates[2], category="false_materials", reason="伪造材料", actor=operator
        )
    as_before_the_migration()
    for certificate in certificates:
        certificate.refresh_from_db()
    return certificates


def audit_failures() -> list[str]:
    services_of_the_log.publish_checkpoint()
    auditor = audit.Auditor(audit.DatabaseSource())
    auditor.run()
    return [f.line() for f in auditor.findings if f.status in (audit.FAILED, audit.UNKNOWN)]


def test_the_old_registry_is_what_it_was(old_registry):
    """The "before" state is faithful: public-id credential ids, format 1 entries naming public ids, audit clean."""
    first = old_registry[0]
    stored = IssuedCredential.objects.get(subject_id=first.public_id)
    assert stored.document["id"] == OLD_URL.format(first.public_id) and stored.address == ""
    assert set(LogLeaf.objects.filter(subject_type="certificate").values_list("version", flat=True)) == {None}
    assert set(LogLeaf.objects.filter(kind="certificate.issued").values_list("subject_id", flat=True)) == {
        c.public_id for c in old_registry
    }
    assert audit_failures() == []


def test_readdress_re_signs_each_credential_at_its_address_and_keeps_the_old_one(old_registry, capsys):
    size_before = LogLeaf.objects.count()
    call_command("readdress", "--chunk-size", "2")
    out = capsys.readouterr().out
    assert "done: 3 certificates examined: 3 re-signed at their address, 0 already there" in out
    assert LogLeaf.objects.count() == size_before + 3
    for certificate in old_registry:
        rows = list(IssuedCredential.objects.filter(subject_id=certificate.public_id).order_by("pk"))
        assert len(rows) == 2 and rows[0].superseded_at is not None and rows[1].superseded_at is None
        assert rows[0].document["id"] == OLD_URL.format(certificate.public_id)  # kept, as signed
        response = Client().get(f"/credentials/{certificate.address_key}")
        assert response.status_code == 200
        assert json.loads(response.content)["id"] == f"http://127.0.0.1:8000/credentials/{certificate.address_key}"
        replaced = LogLeaf.objects.get(kind="credential.replaced", subject_id=log_subject(certificate))
        assert replaced.version == 2
        assert hashlib.sha256(response.content).hexdigest() == replaced.payload["credential_sha256"] == rows[1].sha256
        assert Client().get(f"/credentials/{certificate.public_id}").status_code == 404
    assert ChangeLogEntry.objects.filter(action="credentials.credential.replace").count() == 3
    assert audit_failures() == []  # format 1 and format 2 entries audit clean together


def test_readdress_is_idempotent(old_registry, capsys):
    call_command("readdress")
    size = LogLeaf.objects.count()
    call_command("readdress")
    assert "done: 3 certificates examined: 0 re-signed at their address, 3 already there" in capsys.readouterr().out
    assert LogLeaf.objects.count() == size
    assert IssuedCredential.objects.count() == 6


def test_a_readdressed_credential_verifies_with_its_log_entry(old_registry, operator):
    from skillcert.verification.selectors import live_report

    call_command("readdress")
    services_of_the_log.publish_checkpoint()  # the worker's minute job: reads never sign
    report = live_report(old_registry[0].public_id)
    assert report is not None and report.verdict == "valid", [(c.name, c.code) for c in report.checks]
    revoked = live_report(old_registry[2].public_id)
    assert revoked is not None and revoked.check("status").code == "revoked"
    assert revoked.check("log").status == "ok"
    # A status change after the move is a format 2 entry under the new name; the audit still agrees.
    services.suspend_certificate(
        certificate=old_registry[1], category="under_review", reason="投诉调查中", actor=operator
    )
    assert LogLeaf.objects.get(kind="certificate.suspended").subject_id == log_subject(old_registry[1])
    assert audit_failures() == []


def test_the_superseded_document_still_verifies_against_its_format_1_entry(old_registry):
    """Copies holders saved before the move keep verifying: their entry and its digest rule are unchanged."""
    from skillcert.verification.sources import LiveSource
    from skillcert.verification.verifier import verify

    old_document = IssuedCredential.objects.get(subject_id=old_registry[0].public_id).document
    call_command("readdress")
    services_of_the_log.publish_checkpoint()  # the worker's minute job: reads never sign
    report = verify(old_document, LiveSource())
    assert report.check("signature").status == "ok" and report.check("log").status == "ok"


def test_a_credential_swapped_after_the_move_is_caught_by_the_audit(old_registry):
    from tests.factories import forge

    call_command("readdress")
    first, second = old_registry[:2]
    other = IssuedCredential.objects.get(subject_id=second.public_id, superseded_at__isnull=True)
    forge(
        "UPDATE credentials_issuedcredential SET document = %s WHERE subject_id = %s AND superseded_at IS NULL",
        params=[json.dumps(other.document), first.public_id],
    )
    lines = audit_failures()
    assert any(first.public_id in line and "current credential is not the one log entry" in line for line in lines)
    assert any("stored credential differs from the one logged" in line for line in lines)
