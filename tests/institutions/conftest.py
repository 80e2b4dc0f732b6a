"""Every institutions test uses the reference catalogue."""

import pytest


@pytest.fixture(autouse=True)
def _reference(reference):
    """Load the reference catalogue (regions and occupations) for each test."""
