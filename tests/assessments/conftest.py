"""The issuing fixtures (an active institution with scope, its operator, a holder) shared with the certificate tests,
and a declared batch."""

import datetime as dt
from typing import Any

import pytest

from tests.certificates.conftest import (  # noqa: F401  (pytest finds fixtures by name in this module)
    holder,
    institution,
    make_institution,
    operator,
    other_institution,
    valid_id,
)


@pytest.fixture
def batch(institution: Any, operator: Any) -> Any:  # noqa: F811  (the imported fixtures)
    """A declared 焊工 level 4 batch of the operator's institution."""
    from skillcert.assessments import services

    return services.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        assessment_date=dt.date(2026, 10, 18), evaluators="王考评\n李考评",
    )  # fmt: skip
