"""What a complainant sees around the tracking code: the anonymous choice, the copy button, the case timeline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from skillcert.supervision import services
from skillcert.supervision.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_the_form_opens_anonymous_with_the_contact_fields_under_the_choice():
    page = Client().get("/supervision/complain/").content.decode()
    assert re.search(r'<input type="checkbox" name="anonymous"[^>]*checked', page)
    assert "data-contact-fields" in page and "supervision/complaint.js" in page
    assert "匿名投诉不留任何联系方式" in page
    assert "<script>" not in page and 'style="' not in page  # the CSP allows neither


def test_an_anonymous_complaint_with_contact_details_is_refused_and_nothing_is_filed():
    data = {"category": "fees", "description": "另收入库费300元", "anonymous": "on", "contact_phone": "13800000000"}
    response = Client().post("/supervision/complain/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "您勾选了“匿名投诉”，又填写了联系方式" in page
    assert Complaint.objects.count() == 0


def test_contact_details_are_kept_when_not_anonymous():
    data = {"category": "fees", "description": "另收入库费300元", "contact_phone": "13800000000"}
    page = Client().post("/supervision/complain/", data).content.decode()
    complaint = Complaint.objects.get()
    assert not complaint.anonymous and services.decrypt_contact(complaint).phone == "13800000000"
    assert "13800000000" not in page


def test_the_tracking_code_has_a_copy_button_with_an_accessible_name():
    data = {"category": "fees", "description": "另收入库费300元", "anonymous": "on"}
    page = Client().post("/supervision/complain/", data).content.decode()
    code = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page).group(1)
    button = re.search(r"<button[^>]*data-copy-target=\"tracking-code\"[^>]*>([^<]*)</button>", page)
    assert button and button.group(1) == "复制" and 'aria-label="复制查询码"' in button.group(0)
    assert 'data-copied="已复制"' in button.group(0) and 'role="status"' in page
    assert code


def _timeline(client: Client) -> list[tuple[str, str, str]]:
    page = client.get("/supervision/track/case/").content.decode()
    block = page[page.index('data-testid="timeline"') : page.index("</ol>", page.index('data-testid="timeline"'))]
    steps = re.findall(
        r'data-state="(\w+)"[^>]*>\s*<span class="timeline-label">([^<]+)</span>\s*(.*?)</li>', block, re.S
    )
    return [(state, label, re.sub(r"<[^>]+>", "", rest).strip()) for state, label, rest in steps]


def test_the_tracking_page_shows_the_case_as_a_timeline_without_staff_text(centre_user):
    complaint, code = services.file_complaint(category="fees", description="另收入库费300元")
    client = Client()
    client.post("/supervision/track/", {"code": code})
    steps = _timeline(client)
    assert [(s, label) for s, label, _rest in steps] == [
        ("current", "投诉已收到"),
        ("next", "决定是否受理"),
        ("next", "调查"),
        ("next", "办结"),
    ]
    assert steps[1][2] == f"期限：{complaint.stage_due_on:%Y-%m-%d}"

    complaint = services.accept_complaint(complaint=complaint, note="内部：先查收费台账", actor=centre_user)
    services.add_information(complaint=complaint, text="补充：收费人员姓名", uploads=[])
    services.start_investigation(complaint=complaint, note="内部：约谈机构负责人", actor=centre_user)
    steps = _timeline(client)
    today = f"{timezone.localdate(complaint.created_at):%Y-%m-%d}"
    assert [(s, label) for s, label, _rest in steps] == [
        ("done", "投诉已收到"),
        ("done", "已受理"),
        ("done", "您补充了情况"),
        ("current", "开始调查"),
        ("next", "办结"),
    ]
    assert all(rest.startswith(today) for s, _label, rest in steps if s != "next")
    assert "当前阶段" in steps[3][2]
    page = client.get("/supervision/track/case/").content.decode()
    assert 'aria-current="step"' in page
    assert "内部：" not in page and centre_user.get_username() not in page


def test_a_rejected_complaint_ends_its_timeline_at_not_accepted(centre_user):
    complaint, code = services.file_complaint(category="fees", description="另收入库费300元")
    services.reject_complaint(complaint=complaint, reason="不属于本中心受理范围", actor=centre_user)
    client = Client()
    client.post("/supervision/track/", {"code": code})
    assert [(s, label) for s, label, _rest in _timeline(client)] == [("done", "投诉已收到"), ("current", "不予受理")]
