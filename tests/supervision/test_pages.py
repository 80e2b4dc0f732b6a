"""The public complaint pages and the back office, as a person uses them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from skillcert.supervision import services
from skillcert.supervision.choices import Category, Stage
from skillcert.supervision.models import Complaint
from tests.factories.files import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def file_by_form(client: Client, **extra: Any) -> Any:
    data = {"category": "fees", "description": "另收入库费300元", "anonymous": "on", **extra}
    return client.post("/supervision/complain/", data)


def test_filing_shows_the_tracking_code_once_and_the_code_opens_the_case(institution):
    client = Client()
    response = file_by_form(
        client,
        institution=institution.name,
        evidence=[SimpleUploadedFile("收据.pdf", PDF, content_type="application/pdf")],
    )
    page = response.content.decode()
    assert response.status_code == 200
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page).group(1)
    complaint = Complaint.objects.get()
    assert complaint.institution == institution and complaint.evidence.count() == 1
    opened = client.post("/supervision/track/", {"code": code}, follow=True).content.decode()
    assert "已收到" in opened and "增加收费项、提高收费标准等违规收费" in opened
    added = client.post("/supervision/track/case/add/", {"text": "补充：收费人员姓名"}, follow=True)
    assert "补充：收费人员姓名" in added.content.decode()


def test_bad_evidence_is_refused_on_the_form_and_nothing_is_filed():
    response = file_by_form(
        Client(), evidence=[SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00", content_type="application/pdf")]
    )
    assert response.status_code == 200
    assert "不是 PDF、JPG 或 PNG 文件" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_contact_is_required_unless_anonymous():
    response = Client().post("/supervision/complain/", {"category": "fees", "description": "x"})
    assert "请填写电话或电子邮箱" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_guessing_tracking_codes_is_refused_then_rate_limited(monkeypatch):
    from skillcert.supervision import views

    monkeypatch.setattr(views, "TRACK_RATE", "3/h")  # an hour window: the test never straddles a window edge
    client = Client()
    answers = [client.post("/supervision/track/", {"code": "ABCD-EFGH-JKMN-PQRS-TUVW"}) for _ in range(4)]
    assert all("没有与此查询码对应的案件" in a.content.decode() for a in answers[:3])
    assert answers[3].status_code == 429 and "请等待" in answers[3].content.decode()


def test_case_staff_see_contacts_inspectors_only_referred_cases(centre_user, inspector):
    complaint, _code = services.file_complaint(
        category=Category.FEES, description="另收费用", contact=services.Contact(phone="13912345678")
    )
    staff_page = logged_in(centre_user).get(f"/supervision/manage/cases/{complaint.public_id}/").content.decode()
    assert "13912345678" in staff_page
    inspector_client = logged_in(inspector)
    assert inspector_client.get(f"/supervision/manage/cases/{complaint.public_id}/").status_code == 404
    services.accept_complaint(complaint=complaint, actor=centre_user)
    services.start_investigation(complaint=complaint, actor=centre_user)
    services.refer_to_labour_inspection(complaint=complaint, note="请核查收费", actor=centre_user)
    page = inspector_client.get(f"/supervision/manage/cases/{complaint.public_id}/").content.decode()
    assert "请核查收费" in page and "13912345678" not in page
    inspector_client.post(
        f"/supervision/manage/cases/{complaint.public_id}/record_inspection_outcome/", {"note": "已责令退费"}
    )
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.INVESTIGATING


def test_inspector_posting_a_staff_action_is_refused_with_a_message(centre_user, inspector):
    complaint, _code = services.file_complaint(category=Category.FEES, description="x")
    services.accept_complaint(complaint=complaint, actor=centre_user)
    services.start_investigation(complaint=complaint, actor=centre_user)
    services.refer_to_labour_inspection(complaint=complaint, note="请核查", actor=centre_user)
    response = logged_in(inspector).post(
        f"/supervision/manage/cases/{complaint.public_id}/conclude/",
        {"note": "x", "outcome": "substantiated"},
        follow=True,
    )
    assert "只有省职鉴中心办案人员可以办理投诉" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.REFERRED


def test_staff_walk_a_case_through_the_pages(centre_user, institution):
    complaint, _code = services.file_complaint(
        category=Category.PERFUNCTORY, description="直接发证", institution=institution
    )
    client = logged_in(centre_user)
    base = f"/supervision/manage/cases/{complaint.public_id}"
    client.post(f"{base}/accept/", {"note": ""})
    response = client.post(f"{base}/conclude/", {"note": "x", "outcome": "substantiated"}, follow=True)
    assert "不能执行此操作" in response.content.decode()
    client.post(f"{base}/investigate/", {"note": ""})
    client.post(f"{base}/sanction/", {"kind": "suspension", "reason": "评价走过场，暂停备案"})
    institution.refresh_from_db()
    assert institution.status == "suspended"
    board = client.get("/supervision/manage/").content.decode()
    assert institution.name in board
    case_page = client.get(f"{base}/").content.decode()
    assert "已受理" in case_page and "开始调查" in case_page
    assert (
        ">supervision.complaint.accept<" not in case_page and 'title="supervision.complaint.accept"' in case_page
    )  # code on hover only


def test_evidence_downloads_only_for_case_staff(centre_user, inspector):
    from skillcert.supervision.evidence import Upload

    complaint, _code = services.file_complaint(category=Category.FEES, description="x", uploads=[Upload("a.pdf", PDF)])
    item = complaint.evidence.get()
    url = f"/supervision/manage/cases/{complaint.public_id}/evidence/{item.public_id}/"
    response = logged_in(centre_user).get(url)
    assert response.status_code == 200 and response.content == PDF and response["Cache-Control"] == "no-store"
    assert logged_in(inspector).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_inspection_page_records_and_sanctions(centre_user, institution):
    client = logged_in(centre_user)
    response = client.post(
        "/supervision/manage/inspections/",
        {
            "institution": institution.name,
            "inspected_on": "2026-11-02",
            "scope": "考场检查",
            "findings": "监控缺失",
            "rating": "needs_improvement",
        },
        follow=True,
    )
    assert "监控缺失" in response.content.decode()
    path = response.redirect_chain[-1][0]
    client.post(path, {"kind": "rectification", "reason": "考场监控缺失", "due_on": "2099-01-01"})
    client.post(path, {"kind": "warning", "reason": "考场监控缺失"})
    assert "考场监控缺失" in Client().get(f"/institutions/{institution.public_id}/").content.decode()


def test_dashboard_lists_follow_ups_coming_due(centre_user, institution):
    import datetime as dt

    from django.utils import timezone

    from skillcert.supervision.choices import Rating

    services.record_inspection(
        institution=institution,
        inspected_on=timezone.localdate(),
        scope="考场",
        findings="监控缺失",
        rating=Rating.NEEDS_IMPROVEMENT,
        follow_up_due=timezone.localdate() + dt.timedelta(days=3),
        actor=centre_user,
    )
    board = logged_in(centre_user).get("/supervision/manage/").content.decode()
    follow_ups = board.split('data-testid="follow-ups"')[1]
    assert institution.name in follow_ups and "需整改" in follow_ups


def test_a_finding_about_an_institution_prefills_its_name(institution):
    response = Client().post(
        "/supervision/complain/",
        {"prefill": "1", "category": "illegal_issuing", "claim_text": "广告", "institution": institution.public_id},
    )
    assert f'value="{institution.name}"' in response.content.decode()


def test_case_page_checks_the_named_certificate_number(centre_user):
    complaint, _code = services.file_complaint(
        category=Category.ILLEGAL_ISSUING, description="证书查不到", certificate_number="S000051000099264000123"
    )
    page = logged_in(centre_user).get(f"/supervision/manage/cases/{complaint.public_id}/").content.decode()
    assert "登记库中没有此证书" in page


def test_workspace_links_open_the_pages_of_each_role(centre_user, inspector):
    assert "投诉与监督" in logged_in(centre_user).get("/account/").content.decode()
    inspector_page = logged_in(inspector).get("/account/").content.decode()
    assert "移送的投诉" in inspector_page and "投诉与监督" not in inspector_page


def test_pages_speak_english_on_request():
    client = Client()
    client.cookies["skillcert_language"] = "en"
    page = client.get("/supervision/check/").content.decode()
    assert "Claim checker" in page and "Paste an advertisement" in page


def test_dashboard_groups_complaints_about_unrecorded_organisations(centre_user):
    for _ in range(2):
        file_by_form(Client(), institution="成都金牌职业技能评价中心")
    board = logged_in(centre_user).get("/supervision/manage/").content.decode()
    unrecorded = board.split('data-testid="unrecorded"')[1].split("</table>")[0]
    assert "成都金牌职业技能评价中心" in unrecorded and '<td class="num">2</td>' in unrecorded
