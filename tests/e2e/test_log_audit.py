"""Issuing, revoking and institution changes reach the public log; the audit catches an edited certificate row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.transparency.models import LogLeaf

pytestmark = pytest.mark.django_db


def issue(holder, institution, operator):
    spec = services.IssueSpec(
        certificate_type="skill_level",
        holder=holder,
        issued_on=dt.date(2026, 6, 1),
        source="manual",
        occupation_code="6-18-02-04",
        level=4,
        institution=institution,
    )
    return services.issue_certificate(spec=spec, actor=operator)


def test_events_are_logged_with_hashes_and_public_ids_only(holder, institution, operator):
    certificate = issue(holder, institution, operator)
    services.revoke_certificate(certificate=certificate, reason="伪造材料", actor=operator)
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
