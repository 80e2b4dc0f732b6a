"""A declared batch of the shared institution's operator (the issuing fixtures are in ``tests/conftest.py``)."""

from typing import Any

import pytest

from tests.factories import BatchFactory


@pytest.fixture
def batch(institution: Any, operator: Any) -> Any:
    """A declared 焊工 level 4 batch of the operator's institution."""
    return BatchFactory(actor=operator, institution=institution)
