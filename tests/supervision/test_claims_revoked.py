"""The claim checker's certificate-number rule: a number not in the register is a finding, a valid one is not.

How a revoked or suspended number is answered is being changed by the owner of the claim checker (the status is
no longer told by number); the test for that case is left to them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skillcert.supervision.claims import check_text
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(holder: Any, institution: Any, operator: Any) -> Any:
    return CertificateFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        job_type="手工电弧焊",
        level=3,
        institution=institution,
        actor=operator,
    )


def certificate_findings(number: str) -> list[Any]:
    text = f"本机构学员已取得职业技能等级证书，证书编号{number}，可在网上查询。"
    return [f for f in check_text(text).findings if f.certificate_number == number]


def test_a_valid_certificate_number_is_not_a_finding(certificate: Any):
    assert certificate_findings(certificate.number) == []


def test_a_number_not_in_the_register_is_a_finding(certificate: Any):
    missing = certificate.number[:-1] + ("9" if certificate.number[-1] != "9" else "8")
    findings = certificate_findings(missing)
    assert [f.code for f in findings] == ["certificate_not_found"]
