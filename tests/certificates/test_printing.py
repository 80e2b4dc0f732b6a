"""Certificate PDFs for holders and institutions, the batch print job and the QR verify page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from skillcert.certificates import services
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")


@pytest.fixture
def certificate(holder, institution, operator):
    return CertificateFactory(
        holder=holder, job_type="手工电弧焊", institution=institution, batch_id="b-print", actor=operator
    )


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def holder_token():
    from django.core.cache import cache

    cache.clear()
    response = Client().post("/certificates/query/", {"mode": "id", "name": "张三", "id_number": ID})
    return response.context["holder_token"]


def test_holder_downloads_the_pdf_with_the_full_id_number(certificate):
    token = holder_token()
    response = Client().get(f"/certificates/holder/{token}/{certificate.public_id}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert certificate.number in text and "张三" in text and ID in text and "职业技能等级证书" in text


def test_a_revoked_certificate_is_printed_stamped(certificate, operator):
    services.revoke_certificate(certificate=certificate, category="misconduct", reason="考试作弊", actor=operator)
    token = holder_token()
    text = pdf_text(Client().get(f"/certificates/holder/{token}/{certificate.public_id}.pdf").content)
    assert "已撤销" in text


def test_institution_prints_its_own_certificate_only(certificate, operator, other_institution, centre_user):
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    client = Client()
    client.force_login(operator)
    assert client.get(f"/certificates/manage/{certificate.public_id}.pdf")["Content-Type"] == "application/pdf"
    stranger = make_user("cook-printer", "institution_operator")
    link_operator(user=stranger, institution=other_institution, actor=centre_user)
    client.force_login(stranger)
    assert client.get(f"/certificates/manage/{certificate.public_id}.pdf").status_code == 404


def test_batch_print_job_writes_one_page_per_certificate(certificate, holder, institution, operator):
    from skillcert.certificates.printing import batch_pdf_path
    from skillcert.core.jobs import run_job
    from skillcert.core.models import Job

    job = run_job(Job.objects.create(kind="certificates.batch_print", subject_id="b-print"))
    assert job.status == "succeeded", job.message
    assert len(PdfReader(str(batch_pdf_path("b-print"))).pages) == 1


def test_verify_page_reports_each_check(certificate, operator):
    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert certificate.number in html and ID not in html
    assert html.count("badge-yes") >= 3  # valid, signature, both status lists
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert "已撤销" in html and "以虚假材料取得" in html and "伪造材料" not in html and "badge-bad" in html


def test_unknown_verify_address_warns_of_forgery():
    response = Client().get("/certificates/verify/nosuchcertificate/")
    html = response.content.decode()
    assert response.status_code == 404 and "伪造" in html and 'data-testid="address-changed"' in html
