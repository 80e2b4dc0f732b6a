"""The issuing fixtures (an active institution with scope, its operator, a holder) shared with the certificate tests."""

from tests.certificates.conftest import (  # noqa: F401  (pytest finds fixtures by name in this module)
    holder,
    institution,
    make_institution,
    operator,
    other_institution,
    valid_id,
)
