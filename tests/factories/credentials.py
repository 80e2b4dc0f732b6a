"""Credential test data: certificate facts with one field changed, and the shipped test vectors."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from skillcert.credentials.compose import CertificateFacts

VECTORS = Path(__file__).resolve().parent.parent / "credentials" / "vectors"
EXAMPLES_CONTEXT_URL = "https://www.w3.org/ns/credentials/examples/v2"


def vector_json(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def vector_text(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def make_facts(**changes: Any) -> CertificateFacts:
    """A 职业技能等级证书 for 焊工, level 4, with two status entries; override any field."""
    base = CertificateFacts(
        credential_id="http://127.0.0.1:8000/credentials/c0ffee00c0ffee00c0ff",
        certificate_type="skill_level",
        certificate_number="S000051000001264000001",
        holder_name="张三",
        holder_romanised_name="ZHANG San",
        occupation_code="6-18-02-04",
        occupation_name="焊工",
        job_type="",
        level=4,
        project_code="",
        project_name="",
        issuer_name="成都市技师学院",
        issuer_on_behalf="",
        issued_on=date(2026, 6, 30),
        valid_from=datetime(2026, 6, 30, 2, 0, tzinfo=UTC),
        status_entries=(
            ("revocation", "http://127.0.0.1:8000/credentials/status/revocation/aaaa", 1021),
            ("suspension", "http://127.0.0.1:8000/credentials/status/suspension/bbbb", 77),
        ),
        standard_kind="national_standard",
        standard_code="6-18-02-04",
    )
    return dataclasses.replace(base, **changes)
