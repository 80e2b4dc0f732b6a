"""Inspections and sanctions: warnings, rectification, suspension through the lifecycle, bulk certificate revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from skillcert.institutions.selectors import may_issue
from skillcert.supervision import services
from skillcert.supervision.choices import Category, Outcome, Rating, SanctionKind
from skillcert.supervision.models import Sanction
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def investigating(institution: Any, centre: Any) -> Any:
    complaint, _code = services.file_complaint(
        category=Category.PERFUNCTORY, description="未组织考核即发证。", institution=institution
    )
    services.accept_complaint(complaint=complaint, actor=centre)
    return services.start_investigation(complaint=complaint, actor=centre)


def issue(institution: Any, holder: Any) -> Certificate:

    return CertificateFactory(holder=holder, institution=institution)


def test_inspection_is_recorded_and_validated(institution, centre_user, inspector):
    inspection = services.record_inspection(
        institution=institution,
        inspected_on=timezone.localdate(),
        scope="焊工四级认定考场",
        findings="考评员不足两人",
        rating=Rating.NEEDS_IMPROVEMENT,
        follow_up_due=timezone.localdate() + dt.timedelta(days=30),
        actor=centre_user,
    )
    assert inspection.institution == institution
    assert ChangeLogEntry.objects.filter(
        object_id=inspection.public_id, action="supervision.inspection.record"
    ).exists()
    with pytest.raises(InvalidInput):
        services.record_inspection(
            institution=institution,
            inspected_on=timezone.localdate() + dt.timedelta(days=1),
            scope="x",
            findings="x",
            rating=Rating.GOOD,
            actor=centre_user,
        )
    with pytest.raises(PermissionDenied):
        services.record_inspection(
            institution=institution,
            inspected_on=timezone.localdate(),
            scope="x",
            findings="x",
            rating="good",
            actor=inspector,
        )


def test_suspension_from_a_complaint_stops_issuing_at_once(institution, centre_user, holder):
    complaint = investigating(institution, centre_user)
    sanction = services.impose_sanction(
        institution=institution,
        kind=SanctionKind.SUSPENSION,
        reason="评价走过场直接发证，暂停备案",
        complaint=complaint,
        actor=centre_user,
    )
    institution.refresh_from_db()
    assert institution.status == "suspended" and sanction.kind == SanctionKind.SUSPENSION
    decision = may_issue(institution=institution, occupation_code="6-18-02-04", level=4, on_date=timezone.localdate())
    assert not decision.allowed and decision.code == "not_active"
    with pytest.raises(NotAllowed):
        issue(institution, holder)


def test_certificates_found_illegal_are_revoked_in_bulk_with_reason(institution, centre_user, holder):
    first, second = issue(institution, holder), issue(institution, holder)
    complaint = investigating(institution, centre_user)
    services.conclude_complaint(
        complaint=complaint, outcome=Outcome.SUBSTANTIATED, public_summary="查实未组织考核。", actor=centre_user
    )
    sanction = services.impose_sanction(
        institution=institution,
        kind=SanctionKind.CERTIFICATE_REVOCATION,
        reason="未组织考核直接发证",
        complaint=complaint,
        certificate_numbers=[first.number, second.number.lower()],
        actor=centre_user,
    )
    assert sanction.certificates_revoked == 2
    for certificate in (first, second):
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.REVOKED
        assert "未组织考核直接发证" in certificate.status_reason
        assert ChangeLogEntry.objects.filter(
            object_id=certificate.public_id, action="certificates.certificate.revoke"
        ).exists()


def test_one_unknown_number_revokes_nothing(institution, centre_user, holder):
    good = issue(institution, holder)
    complaint = investigating(institution, centre_user)
    with pytest.raises(InvalidInput) as refused:
        services.impose_sanction(
            institution=institution,
            kind=SanctionKind.CERTIFICATE_REVOCATION,
            reason="违规发证",
            complaint=complaint,
            certificate_numbers=[good.number, "S000051999999264000001"],
            actor=centre_user,
        )
    assert "S000051999999264000001" in str(refused.value.message)
    good.refresh_from_db()
    assert good.status == CertificateStatus.VALID and Sanction.objects.count() == 0


def test_sanction_needs_a_basis_and_the_right_stage(institution, centre_user):
    with pytest.raises(InvalidInput):
        services.impose_sanction(institution=institution, kind=SanctionKind.WARNING, reason="x", actor=centre_user)
    received, _code = services.file_complaint(category=Category.OTHER, description="x", institution=institution)
    with pytest.raises(NotAllowed):
        services.impose_sanction(
            institution=institution, kind=SanctionKind.WARNING, reason="x", complaint=received, actor=centre_user
        )
    complaint = investigating(institution, centre_user)
    services.conclude_complaint(
        complaint=complaint, outcome=Outcome.NOT_SUBSTANTIATED, public_summary="不属实", actor=centre_user
    )
    with pytest.raises(NotAllowed):
        services.impose_sanction(
            institution=institution, kind=SanctionKind.WARNING, reason="x", complaint=complaint, actor=centre_user
        )


def test_rectification_needs_a_future_due_date(institution, centre_user):
    complaint = investigating(institution, centre_user)
    with pytest.raises(InvalidInput):
        services.impose_sanction(
            institution=institution,
            kind=SanctionKind.RECTIFICATION,
            reason="收费公示不全",
            complaint=complaint,
            due_on=timezone.localdate(),
            actor=centre_user,
        )
    sanction = services.impose_sanction(
        institution=institution,
        kind=SanctionKind.RECTIFICATION,
        reason="收费公示不全",
        complaint=complaint,
        due_on=timezone.localdate() + dt.timedelta(days=20),
        actor=centre_user,
    )
    assert sanction.due_on is not None


def test_inspectors_and_operators_cannot_impose_sanctions(institution, centre_user, inspector, operator):
    complaint = investigating(institution, centre_user)
    for actor in (inspector, operator):
        with pytest.raises(PermissionDenied):
            services.impose_sanction(
                institution=institution, kind=SanctionKind.SUSPENSION, reason="x", complaint=complaint, actor=actor
            )
    institution.refresh_from_db()
    assert institution.status == "active"


def test_public_institution_page_lists_its_sanctions(institution, centre_user):
    inspection = services.record_inspection(
        institution=institution,
        inspected_on=timezone.localdate(),
        scope="档案抽查",
        findings="考评记录缺签名",
        rating=Rating.NEEDS_IMPROVEMENT,
        actor=centre_user,
    )
    services.impose_sanction(
        institution=institution,
        kind=SanctionKind.WARNING,
        reason="考评记录不规范",
        inspection=inspection,
        actor=centre_user,
    )
    page = Client().get(f"/institutions/{institution.public_id}/").content.decode()
    assert 'data-testid="sanctions"' in page and "考评记录不规范" in page and "警告" in page
