"""The supervision demo step: complaints in several stages, one inspection, idempotent."""

from __future__ import annotations

import pytest

from skillcert.core.demo import STEPS, build_accounts
from skillcert.supervision import demo
from skillcert.supervision.models import Complaint, Inspection

pytestmark = pytest.mark.django_db


def test_demo_step_is_registered_after_institutions_and_is_idempotent(reference):
    from skillcert.institutions.demo import build_institutions

    assert any(step.order == 50 and step.build is demo.build for step in STEPS)
    lines: list[str] = []
    build_accounts(lines.append)
    build_institutions(lines.append)
    demo.build(lines.append)
    demo.build(lines.append)
    assert set(Complaint.objects.values_list("stage", flat=True)) == {
        "received",
        "investigating",
        "referred",
        "concluded",
    }
    assert Complaint.objects.count() == 4 and Inspection.objects.count() == 1
    assert sum("tracking code" in line for line in lines) == 4
    assert "demo complaints already present" in lines
