"""Fixtures: an issued certificate with its signed credential, a bundle of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import CertificateFactory
from tests.factories.verification import publish_checkpoint


@pytest.fixture
def certificate(holder: Any, institution: Any, operator: Any) -> Any:
    issued = CertificateFactory(
        holder=holder, institution=institution, actor=operator, job_type="手工电弧焊", batch_id="b-verify"
    )
    publish_checkpoint()  # the worker's minute job (reads never sign; a test transaction runs no on_commit)
    return issued


@pytest.fixture
def credential(certificate: Any) -> dict[str, Any]:
    from skillcert.verification.selectors import stored_credential

    document = stored_credential(certificate.public_id)
    assert document is not None
    return json.loads(json.dumps(document))


@pytest.fixture
def bundle(credential: dict[str, Any]) -> dict[str, Any]:
    from skillcert.verification.sources import build_bundle

    return json.loads(json.dumps(build_bundle(credential)))
