"""Lifecycle, record, scope, operators and tokens: every allowed and forbidden change, and the change log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from skillcert.core import roles
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from skillcert.institutions import services
from skillcert.institutions.choices import InstitutionKind, InstitutionStatus
from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.selectors import institution_history
from tests.factories import make_user
from tests.institutions import factories

S = InstitutionStatus


def actions(institution: Institution) -> list[str]:
    return [e.action for e in institution_history(institution).order_by("created_at", "id")]


def to_status(status: str) -> Institution:
    """An institution brought to ``status`` through the services."""
    if status == S.APPLIED:
        return factories.applied()
    institution = factories.active()
    if status == S.SUSPENDED:
        return services.suspend_institution(institution=institution, reason="整改")
    if status == S.REVOKED:
        return services.revoke_institution(institution=institution, reason="撤销")
    if status == S.EXPIRED:
        return services.expire_institution_records(on_date=dt.date(2029, 1, 1))[0]
    return institution


def run(action: str, institution: Institution, actor=None) -> Institution:
    common = {"institution": institution, "reason": "理由", "actor": actor}
    if action == "approve":
        return services.approve_institution(record_valid_until=dt.date(2030, 1, 1), **common)
    if action == "renew":
        return services.renew_record(record_valid_until=dt.date(2031, 1, 1), **common)
    return {
        "suspend": services.suspend_institution,
        "reinstate": services.reinstate_institution,
        "revoke": services.revoke_institution,
    }[action](**common)


ALLOWED = [
    ("approve", S.APPLIED, S.ACTIVE),
    ("suspend", S.ACTIVE, S.SUSPENDED),
    ("reinstate", S.SUSPENDED, S.ACTIVE),
    ("revoke", S.APPLIED, S.REVOKED),
    ("revoke", S.ACTIVE, S.REVOKED),
    ("revoke", S.SUSPENDED, S.REVOKED),
    ("revoke", S.EXPIRED, S.REVOKED),
    ("renew", S.ACTIVE, S.ACTIVE),
    ("renew", S.EXPIRED, S.ACTIVE),
]
ACTIONS = ["approve", "suspend", "reinstate", "revoke", "renew"]
FORBIDDEN = [
    (action, status)
    for action in ACTIONS
    for status in S.values
    if (action, status) not in {(a, s) for a, s, _t in ALLOWED}
]


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
def test_allowed_transition_changes_status_and_writes_the_change_log(action, source, target, centre_user):
    institution = to_status(source)
    changed = run(action, institution, actor=centre_user)
    assert changed.status == target
    entry = institution_history(institution).first()
    assert (entry.action, entry.reason, entry.actor) == (f"institutions.institution.{action}", "理由", centre_user)
    assert entry.before["status"] == source and entry.after["status"] == target


@pytest.mark.parametrize(("action", "source"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(action, source, centre_user):
    institution = to_status(source)
    logged = ChangeLogEntry.objects.count()
    with pytest.raises(NotAllowed) as caught:
        run(action, institution, actor=centre_user)
    assert caught.value.code == "transition_not_allowed"
    assert "时不能" in str(caught.value.message)
    assert Institution.objects.get(pk=institution.pk).status == source
    assert ChangeLogEntry.objects.count() == logged


def test_forbidden_transition_message_in_english():
    institution = to_status(S.REVOKED)
    with translation.override("en"), pytest.raises(NotAllowed) as caught:
        services.suspend_institution(institution=institution, reason="x")
    with translation.override("en"):
        assert str(caught.value.message) == "Suspend is not possible for a record that is Revoked."


def test_every_transition_needs_a_reason():
    institution = factories.active()
    with pytest.raises(InvalidInput) as caught:
        services.suspend_institution(institution=institution, reason="  ")
    assert caught.value.fields == {"reason": ["请填写变更理由，理由将记入机构的变更记录。"]}
    assert Institution.objects.get(pk=institution.pk).status == S.ACTIVE


def test_approval_assigns_record_number_and_number_codes():
    first = factories.active()
    second = factories.active()
    assert first.record_number == "SCPJ-2026-0001" and second.record_number == "SCPJ-2026-0002"
    assert (first.institution_code, first.site_serial, second.site_serial) == ("0000", "000001", "000002")
    assert first.record_valid_from == dt.date(2026, 1, 1)
    assert actions(first) == [
        "institutions.institution.apply",
        "institutions.institution.approve",
        "institutions.scope.set",
    ]


def test_approval_refuses_a_record_ending_before_it_starts():
    institution = factories.applied()
    with pytest.raises(InvalidInput) as caught:
        services.approve_institution(
            institution=institution, reason="x", record_valid_until=dt.date(2025, 1, 1), on_date=dt.date(2026, 1, 1)
        )
    assert caught.value.code == "invalid_validity"
    assert Institution.objects.get(pk=institution.pk).status == S.APPLIED


def test_expiry_by_date_expires_only_records_past_their_end():
    ending = factories.active()
    services.renew_record(institution=ending, record_valid_until=dt.date(2027, 6, 30), reason="续期")
    lasting = factories.active()
    suspended = services.suspend_institution(institution=factories.active(), reason="整改")
    expired = services.expire_institution_records(on_date=dt.date(2027, 7, 1))
    assert [i.pk for i in expired] == [ending.pk]
    assert Institution.objects.get(pk=lasting.pk).status == S.ACTIVE
    later = services.expire_institution_records(on_date=dt.date(2029, 1, 1))
    assert {i.pk for i in later} == {lasting.pk, suspended.pk}
    assert institution_history(ending).first().action == "institutions.institution.expire"


def test_only_centre_staff_change_the_lifecycle():
    institution = factories.active()
    operator = factories.operator_of(institution, "op-own")
    bureau = make_user("bureau", roles.CITY_BUREAU)
    for actor in (operator, bureau):
        with pytest.raises(PermissionDenied):
            services.suspend_institution(institution=institution, reason="x", actor=actor)
    assert Institution.objects.get(pk=institution.pk).status == S.ACTIVE


# --- record ---------------------------------------------------------------------------------------


def test_application_with_a_wrong_credit_code_saves_nothing():
    code = factories.credit_code()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidInput) as caught:
        factories.applied(credit_code=wrong)
    assert caught.value.code == "invalid_credit_code"
    assert not Institution.objects.exists()
    assert not ChangeLogEntry.objects.filter(object_type="institutions.institution").exists()


def test_one_live_record_per_credit_code_but_a_revoked_one_may_apply_again():
    code = factories.credit_code()
    first = factories.applied(credit_code=code, name="甲机构")
    with pytest.raises(InvalidInput) as caught:
        factories.applied(credit_code=code)
    assert caught.value.as_dict()["message"] == "甲机构 已使用该统一社会信用代码备案或申请备案。"
    services.revoke_institution(institution=first, reason="申请材料不全，不予备案")
    assert factories.applied(credit_code=code).status == S.APPLIED


def test_number_letter_follows_the_kind_and_a_school_may_state_its_own():
    assert factories.applied(kind=InstitutionKind.EMPLOYER).number_letter == "Y"
    assert factories.applied(kind=InstitutionKind.SOCIAL_ORG).number_letter == "S"
    assert factories.applied(kind=InstitutionKind.TECHNICAL_SCHOOL).number_letter == "S"
    assert factories.applied(kind=InstitutionKind.TECHNICAL_SCHOOL, number_letter="Y").number_letter == "Y"
    with pytest.raises(InvalidInput):
        factories.applied(kind=InstitutionKind.SOCIAL_ORG, number_letter="Y")


def test_operator_updates_own_contacts_but_not_another_institution():
    own, other = factories.active(), factories.active()
    operator = factories.operator_of(own, "op-contacts")
    services.update_contacts(
        institution=own,
        address="新地址",
        contact_person="李老师",
        contact_phone="028-1234567",
        contact_email="",
        actor=operator,
    )
    assert Institution.objects.get(pk=own.pk).contact_person == "李老师"
    assert institution_history(own).first().before["contact_person"] == "张老师"
    with pytest.raises(PermissionDenied):
        services.update_contacts(
            institution=other, address="x", contact_person="x", contact_phone="028-1", contact_email="", actor=operator
        )


def test_correcting_the_record_needs_the_centre_and_a_reason(centre_user):
    institution = factories.active()
    corrected = services.correct_record(
        institution=institution,
        details=factories.details(name="更名后的机构", credit_code=institution.credit_code),
        reason="营业执照变更",
        actor=centre_user,
    )
    assert corrected.name == "更名后的机构"
    entry = institution_history(institution).first()
    assert (entry.action, entry.before["name"], entry.after["name"]) == (
        "institutions.institution.correct",
        "四川测试职业技能评价中心",
        "更名后的机构",
    )


# --- scope ----------------------------------------------------------------------------------------


def scope(institution: Institution, **overrides):
    values = {
        "institution": institution,
        "occupation_code": "4-10-01-05",
        "levels": [3, 4, 5],
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2027, 1, 1),
    }
    values.update(overrides)
    return services.set_scope_row(**values)


@pytest.mark.parametrize(
    ("overrides", "field", "code", "message_part"),
    [
        ({"occupation_code": "9-99-99-99"}, "occupation_code", "unknown_occupation", "没有编码为 9-99-99-99 的职业"),
        ({"occupation_code": "4-07-05-01"}, "occupation_code", "occupation_not_skill_level", "国家职业资格目录"),
        ({"occupation_code": "2-02-07-11"}, "occupation_code", "occupation_not_skill_level", "专业技术人员"),
        (
            {"occupation_code": "6-18-02-04", "job_type": "民用核安全设备焊工"},
            "occupation_code",
            "occupation_not_skill_level",
            "民用核安全设备焊工",
        ),
        ({"levels": [0, 3]}, "levels", "invalid_level", "等级为 1 至 5 级，0 不是有效等级。"),
        ({"levels": [6]}, "levels", "invalid_level", "6 不是有效等级"),
        ({"levels": []}, "levels", "invalid_level", "请至少选择一个等级。"),
        ({"valid_until": dt.date(2025, 12, 31)}, "valid_until", "invalid_validity", "结束日期不能早于开始日期"),
    ],
)
def test_bad_scope_rows_are_refused_with_a_specific_message(overrides, field, code, message_part):
    institution = factories.active(scope=())
    with pytest.raises(InvalidInput) as caught:
        scope(institution, **overrides)
    assert caught.value.code == code
    assert message_part in caught.value.as_dict()["fields"][field][0]
    assert not ScopeRow.objects.exists()


def test_scope_row_for_a_new_occupation_without_a_dadian_code():
    row = scope(factories.active(scope=()), occupation_code="N6-05", levels=[4, 5])
    # N6-05 was the project code; the scope row takes the official code 4-04-05-13 (category 4: skill).
    assert (row.occupation_code, row.occupation_name, row.levels) == ("4-04-05-13", "生成式人工智能系统应用员", {4, 5})


def test_setting_the_same_occupation_again_changes_the_row_and_logs_before_and_after():
    institution = factories.active(scope=())
    first = scope(institution, levels=[5])
    second = scope(institution, levels=[3, 4, 5], reason="扩大等级")
    assert first.pk == second.pk and second.level_digits == "345"
    entry = institution_history(institution).first()
    assert (entry.action, entry.before["level_digits"], entry.after["level_digits"], entry.reason) == (
        "institutions.scope.set",
        "5",
        "345",
        "扩大等级",
    )


def test_withdrawing_a_row_keeps_it_marked_and_refuses_twice():
    institution = factories.active()
    row = institution.scope_rows.get()
    services.withdraw_scope_row(row=row, reason="不再开展该职业评价", on_date=dt.date(2026, 3, 1))
    row.refresh_from_db()
    assert row.withdrawn_on == dt.date(2026, 3, 1) and row.withdrawn_reason == "不再开展该职业评价"
    with pytest.raises(NotAllowed):
        services.withdraw_scope_row(row=row, reason="again")
    assert institution_history(institution).first().action == "institutions.scope.withdraw"


def test_scope_of_a_revoked_record_is_frozen():
    institution = services.revoke_institution(institution=factories.active(), reason="撤销")
    with pytest.raises(NotAllowed):
        scope(institution)


def test_operators_may_not_edit_scope():
    institution = factories.active(scope=())
    operator = factories.operator_of(institution, "op-scope")
    with pytest.raises(PermissionDenied):
        scope(institution, actor=operator)


# --- tokens ---------------------------------------------------------------------------------------


def test_token_is_shown_once_and_stored_as_a_keyed_digest():
    institution = factories.active()
    row, token = services.create_api_token(institution=institution, label="考务系统")
    assert token.startswith(row.prefix + "_") and token not in row.digest
    assert row.digest == services.token_digest(token) and len(row.digest) == 64
    services.revoke_api_token(token=row)
    with pytest.raises(NotAllowed):
        services.revoke_api_token(token=row)
    assert actions(institution)[-2:] == ["institutions.token.create", "institutions.token.revoke"]


def test_operator_may_not_create_tokens_for_another_institution():
    own, other = factories.active(), factories.active()
    operator = factories.operator_of(own, "op-token")
    services.create_api_token(institution=own, label="ok", actor=operator)
    with pytest.raises(PermissionDenied):
        services.create_api_token(institution=other, label="x", actor=operator)


def test_expiry_command_expires_due_records():
    from io import StringIO

    from django.core.management import call_command

    institution = factories.active()
    out = StringIO()
    call_command("expire_institution_records", "--date", "2029-01-01", stdout=out)
    assert "1 record(s) expired on 2029-01-01" in out.getvalue()
    assert Institution.objects.get(pk=institution.pk).status == S.EXPIRED
