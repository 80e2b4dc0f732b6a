"""Shared test builders: factory-boy factories that go through the real services, and plain helpers.

Test modules import builders from here, never from a ``conftest`` module (conftest files hold
fixtures only). See ``README.md`` in this folder for what each factory makes.
"""

from tests.factories.assessments import BatchFactory
from tests.factories.certificates import (
    ISSUED_ON,
    QUERY_DAY,
    CertificateFactory,
    IssueSpecFactory,
    issue_certificates,
    skill,
)
from tests.factories.competitions import (
    FINALISTS,
    HEADER,
    CompetitionFactory,
    approved,
    final,
    make_host,
    register,
    results_csv,
    submitted,
)
from tests.factories.idnumbers import credit_code, valid_id
from tests.factories.institutions import (
    InstitutionFactory,
    make_institution,
    make_mianyang_institution,
    make_operator,
)
from tests.factories.people import NAMES, HolderFactory, holders
from tests.factories.reference import ensure_reference
from tests.factories.transparency import forge, issued, sha
from tests.factories.users import PASSWORD, BureauFactory, UserFactory, make_bureau, make_user

__all__ = [
    "FINALISTS",
    "HEADER",
    "ISSUED_ON",
    "NAMES",
    "PASSWORD",
    "QUERY_DAY",
    "BatchFactory",
    "BureauFactory",
    "CertificateFactory",
    "CompetitionFactory",
    "HolderFactory",
    "InstitutionFactory",
    "IssueSpecFactory",
    "UserFactory",
    "approved",
    "credit_code",
    "ensure_reference",
    "final",
    "forge",
    "holders",
    "issue_certificates",
    "issued",
    "make_bureau",
    "make_host",
    "make_institution",
    "make_mianyang_institution",
    "make_operator",
    "make_user",
    "register",
    "results_csv",
    "sha",
    "skill",
    "submitted",
    "valid_id",
]
