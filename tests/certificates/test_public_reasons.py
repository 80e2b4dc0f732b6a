"""Why a certificate was revoked or suspended: a category in public, the staff's own words only in the back office."""

from __future__ import annotations

import datetime as dt
import io
import json
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from skillcert.certificates import services, trust
from skillcert.certificates.models import Certificate
from skillcert.core.errors import InvalidInput
from skillcert.core.models import ChangeLogEntry
from skillcert.transparency.models import LogLeaf
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")
STAFF_TEXT = "经核查，该考生操作技能考核存在替考行为（内部案号 JC-7731）"
STAFF_MARKERS = ("替考", "JC-7731")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def issue(holder, institution, operator, issued_on=dt.date(2026, 6, 1)):
    return CertificateFactory(
        holder=holder, issued_on=issued_on, job_type="手工电弧焊", institution=institution, actor=operator
    )


@pytest.fixture
def certificate(holder, institution, operator):
    return issue(holder, institution, operator)


@pytest.fixture
def revoked(certificate, operator):
    return services.revoke_certificate(
        certificate=certificate, category="misconduct", reason=STAFF_TEXT, actor=operator
    )


def without_staff_text(text: str) -> bool:
    return not any(marker in text for marker in STAFF_MARKERS)


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_page_path(certificate) -> str:
    from skillcert.certificates import printing

    return urlsplit(printing.verify_url(certificate)).path


def query_page(**data) -> str:
    response = Client().post("/certificates/query/", {"mode": "id", "certificate_number": "", **data})
    return response.content.decode()


def api_query() -> dict:
    response = Client().post(
        "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, content_type="application/json"
    )
    return response.json()


def holder_token() -> str:
    cache.clear()
    response = Client().post("/certificates/query/", {"mode": "id", "name": "张三", "id_number": ID})
    return response.context["holder_token"]


# --- public surfaces --------------------------------------------------------------------------------------------------
def test_query_results_show_the_category_and_date_never_the_staff_text(revoked):
    for html in (
        query_page(name="张三", id_number=ID),
        query_page(mode="number", name="张三", certificate_number=revoked.number),
    ):
        assert revoked.number in html and "已撤销" in html
        assert f"{timezone.localdate(revoked.status_changed_at):%Y-%m-%d} 撤销：考核违规" in html
        assert without_staff_text(html)


def test_the_qr_page_the_holder_page_and_the_code_page_show_only_the_category(revoked, holder):
    from skillcert.core.ids import grouped
    from skillcert.verification.services import create_verification_code

    token = holder_token()
    _code, plain = create_verification_code(certificate=revoked, holder=holder, days=30)
    pages = {
        "qr": Client().get(qr_page_path(revoked)),
        "holder": Client().get(f"/certificates/holder/{token}/"),
        "code": Client().post("/verify/code/", {"code": grouped(plain)}),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "考核违规" in html and without_staff_text(html), name


def test_the_pdf_stamp_carries_the_category_never_the_staff_text(revoked, operator):
    token = holder_token()
    held = pdf_text(Client().get(f"/certificates/holder/{token}/{revoked.public_id}.pdf").content)
    staff = Client()
    staff.force_login(operator)
    printed = pdf_text(staff.get(f"/certificates/manage/{revoked.public_id}.pdf").content)
    for text in (held, printed):
        assert "已撤销" in text and "考核违规" in text and without_staff_text(text)


def test_the_api_gives_the_category_code_and_its_label(revoked):
    answer = api_query()
    status = answer["certificates"][0]["status"]
    assert (status["status"], status["reason"], status["reason_label"]) == ("revoked", "misconduct", "考核违规")
    assert without_staff_text(json.dumps(answer, ensure_ascii=False))
    english = Client(headers={"Accept-Language": "en"}).post(
        "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, content_type="application/json"
    )
    assert english.json()["certificates"][0]["status"]["reason_label"] == "irregularity in the assessment"


def test_the_api_documents_the_categories():
    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["StatusOut"]["properties"]
    assert "misconduct" in schema["reason"]["description"] and "under_review" in schema["reason"]["description"]
    assert "reason_label" in schema


def test_a_valid_certificate_has_no_reason(certificate):
    status = api_query()["certificates"][0]["status"]
    assert (status["status"], status["reason"], status["reason_label"]) == ("valid", "", "")


def test_a_suspension_under_review_says_so_and_a_reinstatement_clears_it(certificate, operator):
    services.suspend_certificate(certificate=certificate, category="under_review", reason=STAFF_TEXT, actor=operator)
    html = query_page(name="张三", id_number=ID)
    assert "暂停：核查中" in html and without_staff_text(html)
    services.reinstate_certificate(certificate=certificate, reason="核查无误", actor=operator)
    certificate.refresh_from_db()
    assert certificate.status_reason_category == ""
    assert api_query()["certificates"][0]["status"]["reason"] == ""


def test_a_reissue_revokes_the_old_certificate_as_issued_in_error(certificate, operator):
    new = services.reissue_certificate(
        certificate=certificate, reason="工种填写错误（内部工单 JC-7731）", actor=operator
    )
    certificate.refresh_from_db()
    assert certificate.status_reason_category == "issued_in_error" and new.number in certificate.status_reason
    html = Client().get(qr_page_path(certificate)).content.decode()
    assert "误发或信息有误" in html and "JC-7731" not in html
    # whoever holds the old paper learns which certificate replaced it (a fact, not the staff's words)
    assert f"已由更正后的证书 {new.number} 替代" in html


# --- refusals ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("category", ["", "bogus", "MISCONDUCT", "考核违规"])
def test_a_missing_or_unknown_category_is_refused_and_nothing_changes(certificate, operator, category):
    leaves, entries = LogLeaf.objects.count(), ChangeLogEntry.objects.count()
    for change in (services.revoke_certificate, services.suspend_certificate):
        with pytest.raises(InvalidInput) as refused:
            change(certificate=certificate, category=category, reason=STAFF_TEXT, actor=operator)
        assert "category" in refused.value.fields
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"
    assert (LogLeaf.objects.count(), ChangeLogEntry.objects.count()) == (leaves, entries)


def test_under_review_suspends_but_never_revokes(certificate, operator):
    from django.utils import translation

    with pytest.raises(InvalidInput) as refused:
        services.revoke_certificate(certificate=certificate, category="under_review", reason="核查", actor=operator)
    with translation.override("zh-hans"):
        assert "核查中" in str(refused.value.message) and "暂停" in str(refused.value.message)
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


# --- back office ------------------------------------------------------------------------------------------------------
def test_the_back_office_offers_the_categories_in_chinese_and_shows_both_reasons(revoked, operator):
    staff = Client()
    staff.force_login(operator)
    html = staff.get(f"/certificates/manage/{revoked.public_id}/").content.decode()
    assert "考核违规" in html and STAFF_TEXT in html and "仅工作人员可见" in html


def test_the_back_office_form_revokes_with_a_category_and_logs_both(certificate, operator):
    staff = Client()
    staff.force_login(operator)
    form = staff.get(f"/certificates/manage/{certificate.public_id}/").content.decode()
    assert '<option value="false_materials">以虚假材料取得</option>' in form
    staff.post(
        f"/certificates/manage/{certificate.public_id}/action/",
        {"action": "revoke", "category": "false_materials", "reason": STAFF_TEXT, "confirmed": "yes"},
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason_category) == ("revoked", "false_materials")
    entry = ChangeLogEntry.objects.get(object_id=certificate.public_id, action="certificates.certificate.revoke")
    assert entry.after["status_reason_category"] == "false_materials" and entry.after["status_reason"] == STAFF_TEXT
    assert entry.reason == STAFF_TEXT


def test_the_back_office_refuses_a_revocation_without_a_category_in_chinese(certificate, operator):
    staff = Client()
    staff.force_login(operator)
    response = staff.post(
        f"/certificates/manage/{certificate.public_id}/action/",
        {"action": "revoke", "category": "", "reason": STAFF_TEXT, "confirmed": "yes"},
        follow=True,
    )
    assert "请从列表中选择公开显示的原因" in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


# --- the transparency log ---------------------------------------------------------------------------------------------
def old_public_facts(certificate):
    """The facts as leaves committed to them before the public category existed."""
    facts = FACTS_NOW(certificate)
    del facts["status_reason_category"]
    return facts


FACTS_NOW = trust.public_facts


def test_old_and_new_leaves_audit_clean_and_a_changed_category_is_caught(holder, institution, operator, monkeypatch):
    from skillcert.certificates.trust import audit_certificates

    with monkeypatch.context() as old_code:
        old_code.setattr(trust, "public_facts", old_public_facts)
        old = issue(holder, institution, operator, dt.date(2025, 6, 1))
        services.revoke_certificate(certificate=old, category="misconduct", reason=STAFF_TEXT, actor=operator)
    new = issue(holder, institution, operator)
    services.suspend_certificate(certificate=new, category="under_review", reason=STAFF_TEXT, actor=operator)
    Certificate.objects.filter(pk=old.pk).update(status_reason_category="other")  # as migration 0005 filled it
    assert list(audit_certificates()) == [None, None]

    Certificate.objects.filter(pk=new.pk).update(status_reason_category="holder_request")
    problems = [problem for problem in audit_certificates() if problem]
    assert len(problems) == 1 and new.number in problems[0] and "public status reason differs" in problems[0]
    assert "holder_request" not in problems[0] and "under_review" not in problems[0]  # names, never values

    Certificate.objects.filter(pk=new.pk).update(status_reason_category="under_review")
    Certificate.objects.filter(pk=old.pk).update(status_reason="改写的原因")
    problems = [problem for problem in audit_certificates() if problem]
    assert len(problems) == 1 and old.number in problems[0] and "status reason (staff) differs" in problems[0]
