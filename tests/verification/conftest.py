"""Fixtures: an issued certificate with its signed credential, a bundle of it, the holder's page token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.certificates.conftest import holder, institution, operator, valid_id  # noqa: F401  (fixtures)

ID = valid_id("51010719900307123")


@pytest.fixture
def certificate(holder: Any, institution: Any, operator: Any) -> Any:  # noqa: F811
    from skillcert.certificates import services

    spec = services.IssueSpec(
        certificate_type="skill_level", holder=holder, issued_on=dt.date(2026, 6, 1), source="manual",
        occupation_code="6-18-02-04", job_type="手工电弧焊", level=4, institution=institution, batch_id="b-verify",
    )  # fmt: skip
    issued = services.issue_certificate(spec=spec, actor=operator)
    publish_checkpoint()  # the worker's minute job (reads never sign; a test transaction runs no on_commit)
    return issued


def publish_checkpoint() -> None:
    from skillcert.transparency.services import publish_checkpoint as sign

    sign()


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


def holder_token() -> str:
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    response = Client().post("/certificates/query/", {"mode": "id", "name": "张三", "id_number": ID})
    return response.context["holder_token"]
