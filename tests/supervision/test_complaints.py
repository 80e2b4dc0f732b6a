"""Complaints: filing with evidence and contact details, tracking codes, the stage workflow and its refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from skillcert.supervision import codes, selectors, services
from skillcert.supervision.choices import Category, Outcome, Stage
from skillcert.supervision.evidence import Upload, read
from skillcert.supervision.models import Complaint
from skillcert.supervision.workdays import add_working_days
from tests.factories.files import PDF, PNG

pytestmark = pytest.mark.django_db


def file(**extra: Any) -> tuple[Complaint, str]:
    data = {"category": Category.FEES, "description": "考前被要求另交入库费300元。", **extra}
    return services.file_complaint(**data)


def test_contact_details_are_encrypted_and_the_code_is_stored_hashed():
    complaint, code = file(contact=services.Contact(name="李女士", phone="13912345678"))
    row = Complaint.objects.get(pk=complaint.pk)
    assert not row.anonymous
    assert "13912345678" not in row.contact_encrypted and "李女士" not in row.contact_encrypted
    assert services.decrypt_contact(row) == services.Contact(name="李女士", phone="13912345678", email="")
    assert code.replace("-", "") not in row.tracking_digest
    assert len(code.replace("-", "")) == codes.LENGTH
    logged = ChangeLogEntry.objects.filter(object_id=complaint.public_id)
    assert "13912345678" not in str(list(logged.values("before", "after", "reason")))


def test_anonymous_complaint_has_no_contact():
    complaint, _code = file()
    assert complaint.anonymous and services.decrypt_contact(complaint) is None


def test_tracking_code_finds_the_case_in_any_spelling_and_a_guess_finds_nothing():
    complaint, code = file()
    assert selectors.by_tracking_code(code.lower().replace("-", " ")) == complaint
    assert selectors.by_tracking_code(codes.new_code()) is None
    assert selectors.by_tracking_code("1234") is None


def test_evidence_is_type_checked_by_content_and_stored_encrypted(settings):
    complaint, _code = file(uploads=[Upload("收据.pdf", PDF), Upload("截图.png", PNG)])
    stored = list(complaint.evidence.all())
    assert [e.content_type for e in stored] == ["application/pdf", "image/png"]
    raw = Path(stored[0].stored_path).read_bytes()
    assert not raw.startswith(b"%PDF") and read(stored[0].stored_path) == PDF


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (Upload("收据.pdf", b"MZ\x90\x00 not a pdf"), "不是 PDF"),
        (Upload("脚本.exe", b"MZ\x90\x00"), "不是 PDF"),
        (Upload("截图.pdf", PNG), "文件名"),
        (Upload("空.png", b""), "为空"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_and_nothing_is_filed(upload, words):
    with pytest.raises(InvalidInput) as refused:
        file(uploads=[upload])
    assert words in str(refused.value.message)
    assert Complaint.objects.count() == 0


def test_too_large_or_too_many_evidence_files_are_refused(settings):
    settings.SKILLCERT_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(InvalidInput, match=r"0 MB"):
        file(uploads=[Upload("大.pdf", PDF + b"0" * 2000)])
    settings.SKILLCERT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(InvalidInput, match="5"):
        file(uploads=[Upload(f"{i}.pdf", PDF) for i in range(6)])
    assert Complaint.objects.count() == 0


def test_the_whole_workflow_with_a_referral(centre_user, inspector):
    complaint, _code = file()
    assert complaint.stage == Stage.RECEIVED and complaint.stage_due_on is not None
    services.accept_complaint(complaint=complaint, actor=centre_user)
    services.start_investigation(complaint=complaint, actor=centre_user)
    services.refer_to_labour_inspection(complaint=complaint, note="请核查收费情况", actor=centre_user)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.REFERRED
    services.record_inspection_outcome(complaint=complaint, outcome="已责令退还入库费", actor=inspector)
    complaint = services.conclude_complaint(
        complaint=complaint, outcome=Outcome.SUBSTANTIATED, public_summary="情况属实，已责令整改。", actor=centre_user
    )
    assert complaint.stage == Stage.CONCLUDED and complaint.stage_due_on is None
    actions = list(
        ChangeLogEntry.objects.filter(object_id=complaint.public_id).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "supervision.complaint.file",
        "supervision.complaint.accept",
        "supervision.complaint.investigate",
        "supervision.complaint.refer",
        "supervision.complaint.record_inspection_outcome",
        "supervision.complaint.conclude",
    ]


def test_rejection_needs_a_reason_that_the_complainant_sees(centre_user):
    complaint, _code = file()
    with pytest.raises(InvalidInput):
        services.reject_complaint(complaint=complaint, reason=" ", actor=centre_user)
    complaint = services.reject_complaint(complaint=complaint, reason="不属于本中心受理范围", actor=centre_user)
    assert complaint.stage == Stage.REJECTED and complaint.rejection_reason == "不属于本中心受理范围"


@pytest.mark.parametrize("step", ["investigate", "refer", "conclude"])
def test_a_transition_out_of_order_is_refused(centre_user, step):
    complaint, _code = file()
    calls = {
        "investigate": lambda: services.start_investigation(complaint=complaint, actor=centre_user),
        "refer": lambda: services.refer_to_labour_inspection(complaint=complaint, note="x", actor=centre_user),
        "conclude": lambda: services.conclude_complaint(
            complaint=complaint, outcome=Outcome.SUBSTANTIATED, public_summary="x", actor=centre_user
        ),
    }
    with pytest.raises(NotAllowed) as refused:
        calls[step]()
    assert "已收到" in str(refused.value.message)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.RECEIVED


def test_staff_of_one_role_cannot_act_for_another(centre_user, inspector, operator):
    complaint, _code = file()
    with pytest.raises(PermissionDenied):
        services.accept_complaint(complaint=complaint, actor=inspector)
    with pytest.raises(PermissionDenied):
        services.accept_complaint(complaint=complaint, actor=operator)
    services.accept_complaint(complaint=complaint, actor=centre_user)
    services.start_investigation(complaint=complaint, actor=centre_user)
    services.refer_to_labour_inspection(complaint=complaint, note="请核查", actor=centre_user)
    with pytest.raises(PermissionDenied):
        services.record_inspection_outcome(complaint=complaint, outcome="代为记录", actor=centre_user)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.REFERRED


def test_the_complainant_adds_information_while_the_case_is_open(centre_user):
    complaint, _code = file()
    services.add_information(complaint=complaint, text="补充缴费截图", uploads=[Upload("缴费.png", PNG)])
    assert complaint.evidence.count() == 1 and selectors.notes_for_filer(complaint).get().text == "补充缴费截图"
    services.reject_complaint(complaint=complaint, reason="重复投诉", actor=centre_user)
    with pytest.raises(NotAllowed):
        services.add_information(complaint=complaint, text="再补充")


def test_deadlines_count_working_days_and_overdue_cases_are_listed(settings):
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # Friday → Monday
    settings.SKILLCERT_HOLIDAYS = ["2026-11-30"]
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 12, 1)
    late, _code = file()
    Complaint.objects.filter(pk=late.pk).update(stage_due_on=dt.date(2020, 1, 1))
    file()  # on time
    assert list(selectors.overdue()) == [late]


def test_configured_deadlines_are_used(settings):
    settings.SKILLCERT_COMPLAINT_DEADLINES = {"received": 1}
    complaint, _code = file()
    assert complaint.stage_due_on == add_working_days(complaint.created_at.astimezone().date(), 1) or (
        complaint.stage_due_on is not None
    )


def test_dashboard_counts_open_cases_by_stage_and_category(centre_user, institution):
    file(institution=institution)
    accepted, _code = file(category=Category.PERFUNCTORY, institution=institution)
    services.accept_complaint(complaint=accepted, actor=centre_user)
    rejected, _code = file()
    services.reject_complaint(complaint=rejected, reason="无具体事实", actor=centre_user)
    board = selectors.dashboard()
    stages = [value for value, _label in board.stages]
    rows = {str(label): counts for label, counts, _total in board.rows}
    fees = rows[str(Category.FEES.label)]
    assert fees[stages.index(Stage.RECEIVED)] == 1
    assert rows[str(Category.PERFUNCTORY.label)][stages.index(Stage.ACCEPTED)] == 1
    assert board.totals[-1] == 2  # the rejected case is closed
    assert board.institutions[0]["institution__name"] == institution.name and board.institutions[0]["total"] == 2
