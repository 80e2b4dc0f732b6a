"""Issuing, revoking and institution changes reach the public log; the audit catches an edited certificate row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.transparency.models import LogLeaf
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def issue(holder, institution, operator):
    return CertificateFactory(holder=holder, institution=institution, actor=operator)


def test_events_are_logged_with_hashes_and_public_ids_only(holder, institution, operator):
    certificate = issue(holder, institution, operator)
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    kinds = list(LogLeaf.objects.order_by("index").values_list("kind", flat=True))
    assert "institution.changed" in kinds
    assert kinds[-2:] == ["certificate.issued", "certificate.revoked"]
    leaves = " ".join(str(leaf.payload) for leaf in LogLeaf.objects.all())
    assert "张三" not in leaves and certificate.number not in leaves


def audit() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("log", "audit", "--database", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_audit_catches_a_certificate_number_edited_in_the_database(holder, institution, operator):
    from skillcert.transparency.services import publish_checkpoint

    certificate = issue(holder, institution, operator)
    publish_checkpoint()
    code, report = audit()
    assert code == 0, report
    Certificate.objects.filter(pk=certificate.pk).update(number="S000051000001264999999")  # a quiet edit
    code, report = audit()
    assert code == 1
    assert certificate.public_id in report and "number" in report


# ---------------------------------------------------------------------------
# Every fact the public sees is committed to: direct SQL edits are named, values never printed
# ---------------------------------------------------------------------------
def checked(certificate):
    """Publish a checkpoint and require a clean audit before the forgery."""
    from skillcert.transparency.services import publish_checkpoint

    publish_checkpoint()
    code, report = audit()
    assert code == 0, report
    return certificate


@pytest.mark.parametrize(
    ("column", "forged", "fact"),
    [
        ("holder_name", "李四", "holder name"),
        ("issuer_name", "四川省假冒评价中心", "issuer"),
        ("occupation_name", "电工", "occupation"),
        ("occupation_code", "6-31-01-03", "occupation code"),
        ("level", 1, "level"),
        ("issued_on", dt.date(2020, 1, 1), "issue date"),
        ("holder_romanised_name", "Li Si", "romanised name"),
    ],
)
def test_audit_names_a_public_fact_edited_in_the_database_without_printing_it(
    holder, institution, operator, column, forged, fact
):
    certificate = checked(issue(holder, institution, operator))
    Certificate.objects.filter(pk=certificate.pk).update(**{column: forged})  # what the public query now shows
    code, report = audit()
    assert code == 1, report
    line = next(line for line in report.splitlines() if line.startswith("FAILED") and certificate.public_id in line)
    assert certificate.number in line and fact in line
    assert "张三" not in report and (not isinstance(forged, str) or forged not in report)  # no value, true or forged


def test_audit_catches_a_suspended_certificate_made_valid_again_in_the_database(holder, institution, operator):
    certificate = issue(holder, institution, operator)
    services.suspend_certificate(certificate=certificate, category="under_review", reason="投诉调查中", actor=operator)
    checked(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(status="valid", status_reason="", status_changed_at=None)
    code, report = audit()
    assert code == 1, report
    line = next(line for line in report.splitlines() if line.startswith("FAILED") and certificate.public_id in line)
    assert certificate.number in line and "status" in line
    assert "投诉调查中" not in report


def test_audit_catches_a_valid_certificate_suspended_in_the_database(holder, institution, operator):
    certificate = checked(issue(holder, institution, operator))
    Certificate.objects.filter(pk=certificate.pk).update(status="suspended", status_reason="伪造")
    code, report = audit()
    assert code == 1 and "status" in report and certificate.public_id in report


def test_audit_accepts_status_changes_made_through_the_services(holder, institution, operator):
    certificate = issue(holder, institution, operator)
    services.suspend_certificate(certificate=certificate, category="under_review", reason="投诉调查中", actor=operator)
    services.reinstate_certificate(certificate=certificate, reason="调查结束", actor=operator)
    services.reissue_certificate(certificate=certificate, reason="姓名更正", actor=operator)
    checked(certificate)


def test_audit_reports_a_certificate_inserted_without_a_log_entry(holder, institution, operator):
    certificate = checked(issue(holder, institution, operator))
    from skillcert.core.ids import new_address_key

    # A row that never went through issuing: its own ids, under neither of which the log has entries.
    Certificate.objects.filter(pk=certificate.pk).update(
        public_id="smuggled0000000000000", address_key=new_address_key()
    )
    code, report = audit()
    assert code == 1
    assert "smuggled0000000000000" in report and "no issuance entry" in report


def test_the_leaves_publish_no_guessable_digest_of_the_facts(holder, institution, operator):
    import hashlib

    certificate = issue(holder, institution, operator)
    from skillcert.certificates.trust import log_subject

    leaf = LogLeaf.objects.get(subject_id=log_subject(certificate))
    assert set(leaf.payload) == {"credential_sha256", "facts_sha256", "issuer_id"}
    for guess in ("张三", certificate.number, f"张三{certificate.number}"):
        assert hashlib.sha256(guess.encode()).hexdigest() not in leaf.payload.values()


# ---------------------------------------------------------------------------
# The log head: guarded, and checked against the stored entries
# ---------------------------------------------------------------------------
def test_the_database_refuses_deleting_or_shrinking_the_log_head(holder, institution, operator):
    from django.db import DatabaseError, connection, transaction

    issue(holder, institution, operator)
    for sql in ("DELETE FROM transparency_loghead", "UPDATE transparency_loghead SET size = size - 1"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    certificate = Certificate.objects.get()
    services.revoke_certificate(
        certificate=certificate, category="false_materials", reason="伪造材料", actor=operator
    )  # still works


def test_audit_reports_a_head_size_that_is_not_the_number_of_entries(holder, institution, operator):
    from django.db import connection

    checked(issue(holder, institution, operator))
    stored = LogLeaf.objects.count()
    with connection.cursor() as cursor:  # growing is all the guard allows, and all an intruder needs
        cursor.execute("UPDATE transparency_loghead SET size = size + 3")
    code, report = audit()
    assert code == 1
    assert f"the log head says {stored + 3} entries, {stored} are stored" in report


def test_audit_reports_a_deleted_head_and_appends_refuse_clearly(holder, institution, operator):
    from django.db import transaction

    from skillcert.transparency.storage import LogStorageError
    from tests.factories import forge

    certificate = checked(issue(holder, institution, operator))
    forge("DELETE FROM transparency_loghead")
    code, report = audit()
    assert code == 1
    assert f"the log head row is missing ({LogLeaf.objects.count()} entries are stored)" in report
    with pytest.raises(LogStorageError), transaction.atomic():
        services.revoke_certificate(
            certificate=certificate, category="false_materials", reason="伪造材料", actor=operator
        )
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"  # nothing half-done
