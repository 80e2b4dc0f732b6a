"""Whatever arrives — random JSON, random bytes, a credential with random parts replaced — the verifier answers."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.verification.verifier import verify

pytestmark = pytest.mark.django_db
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["@context", "type", "issuer", "credentialSubject", "proof", "credentialStatus", "validFrom", "id"]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(raw=st.binary(max_size=200) | JSON.map(lambda value: json.dumps(value)))
def test_random_input_is_never_valid_and_never_raises(raw):
    report = verify(raw)
    assert report.verdict in {"invalid", "unknown"} and len(report.checks) == 6


@SETTINGS
@given(field=st.sampled_from(FIELDS), value=JSON)
def test_a_bundle_with_any_field_replaced_is_never_valid(bundle, field, value):
    broken = copy.deepcopy(bundle)
    if broken["credential"].get(field) == value:
        return
    broken["credential"][field] = value
    assert verify(broken).verdict != "valid"
