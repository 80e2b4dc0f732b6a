"""End to end: results import → certificates → public query → revoke → the query and the verify page say revoked."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.test import Client

from skillcert.assessments import services as batches
from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from tests.factories import valid_id

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_query_revoke_query(institution, operator):
    cache.clear()
    number_id = valid_id("51010719880512002")
    batch = batches.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=5,
        assessment_date=dt.date(2026, 10, 18), evaluators="王考评",
    )  # fmt: skip
    data = f"姓名,证件号码,理论知识成绩,操作技能成绩\n王芳,{number_id},66,90\n".encode()
    batches.upload_results(batch=batch, actor=operator, filename="r.csv", data=data)
    job = batches.commit_batch(batch=batch, actor=operator)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message

    public = Client()
    found = public.post(
        "/api/v1/certificates/query", {"name": "王芳", "id_number": number_id}, content_type="application/json"
    ).json()
    assert found["count"] == 1 and found["certificates"][0]["status"]["status"] == "valid"

    certificate = Certificate.objects.get(number=found["certificates"][0]["number"])
    services.revoke_certificate(
        certificate=certificate, category="misconduct", reason="考评走过场，证书撤销", actor=operator
    )

    again = public.post(
        "/api/v1/certificates/query", {"name": "王芳", "id_number": number_id}, content_type="application/json"
    ).json()
    status = again["certificates"][0]["status"]
    assert (status["status"], status["reason"], status["reason_label"]) == ("revoked", "misconduct", "考核违规")
    assert "考评走过场" not in json.dumps(again, ensure_ascii=False)  # the staff's words stay in the back office
    page = public.get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert "已撤销" in page and "badge-bad" in page
