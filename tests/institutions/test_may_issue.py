"""``may_issue``: the one answer every issuing path asks, with a stable code and a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from skillcert.institutions import services
from skillcert.institutions.selectors import may_issue
from tests.institutions import factories

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def institution():
    return factories.active(
        name="天府评价中心",
        scope=(("6-18-02-04", "", "345"), ("4-03-02-01", "川菜", "45")),
    )


def ask(institution, code="6-18-02-04", level=3, on_date=DAY, job_type=""):
    return may_issue(institution=institution, occupation_code=code, level=level, on_date=on_date, job_type=job_type)


def test_inside_scope_is_allowed(institution):
    decision = ask(institution)
    assert (decision.allowed, decision.code) == (True, "allowed")
    assert ask(institution, "4-03-02-01", 4, job_type="川菜").allowed
    assert ask(institution, job_type="电焊工").allowed  # a row without 工种 covers the whole occupation


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        (
            {"level": 2},
            "level_not_covered",
            "天府评价中心 备案的焊工只包括高级（三级）、中级（四级）、初级（五级），不包括技师（二级）。",
        ),
        ({"level": 7}, "invalid_level", "等级必须在 1 至 5 之间。"),
        ({"code": "6-31-01-03"}, "outside_scope", "职业 6-31-01-03 不在 天府评价中心 的备案范围内。"),
        ({"code": "4-03-02-01", "level": 4}, "outside_scope", "天府评价中心 备案的 4-03-02-01 仅包括工种：川菜。"),
        ({"code": "4-03-02-01", "level": 4, "job_type": "粤菜"}, "outside_scope", "仅包括工种：川菜"),
        ({"code": "4-07-05-01"}, "occupation_not_skill_level", "国家职业资格目录"),
        ({"job_type": "民用核安全设备焊工"}, "occupation_not_skill_level", "民用核安全设备焊工"),
        ({"code": "0-00"}, "unknown_occupation", "没有编码为 0-00 的职业。"),
        ({"on_date": dt.date(2025, 12, 31)}, "not_active", "备案于 2026-01-01 生效"),
        ({"on_date": dt.date(2028, 1, 1)}, "scope_expired", "焊工的备案范围已于 2027-12-31 结束。"),
        ({"on_date": dt.date(2029, 1, 1)}, "record_expired", "天府评价中心 的备案已于 2028-12-31 到期。"),
    ],
)
def test_each_refusal_has_its_code_and_reason(institution, kwargs, code, message):
    decision = ask(institution, **kwargs)
    assert (decision.allowed, decision.code) == (False, code)
    assert message in decision.message


def test_scope_not_yet_valid(institution):
    services.set_scope_row(
        institution=institution,
        occupation_code="6-31-01-03",
        levels=[4],
        valid_from=dt.date(2026, 9, 1),
        valid_until=None,
    )
    assert ask(institution, "6-31-01-03", 4).code == "scope_not_yet_valid"
    assert ask(institution, "6-31-01-03", 4, on_date=dt.date(2026, 9, 1)).allowed


@pytest.mark.parametrize("fate", ["suspend", "revoke"])
def test_suspended_or_revoked_institutions_issue_nothing(institution, fate):
    getattr(services, f"{fate}_institution")(institution=institution, reason="检查不合格")
    decision = ask(institution)
    assert decision.code == "not_active"
    assert "不得颁发职业技能等级证书" in decision.message
    services.reinstate_institution(institution=institution, reason="整改完成") if fate == "suspend" else None
    assert ask(institution).allowed is (fate == "suspend")


def test_applied_and_expired_records_issue_nothing(institution):
    assert ask(factories.applied()).code == "not_active"
    services.expire_institution_records(on_date=dt.date(2029, 1, 1))
    institution.refresh_from_db()
    assert ask(institution).code == "not_active"


def test_withdrawn_rows_no_longer_count(institution):
    row = institution.scope_rows.get(occupation_code="6-18-02-04")
    services.withdraw_scope_row(row=row, reason="不再评价", on_date=dt.date(2026, 5, 1))
    assert ask(institution).code == "outside_scope"


def test_reason_in_english(institution):
    with translation.override("en"):
        assert ask(institution, level=1).message == (
            "The record of 天府评价中心 covers 焊工 only at Level 3 (Advanced), Level 4 (Intermediate), "
            "Level 5 (Elementary), not at Level 1 (Senior Technician)."
        )
