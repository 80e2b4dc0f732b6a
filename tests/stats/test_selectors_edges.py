"""The statistics reads at their edges: each filter on both sides of its bound, each grain, complaint labels, batches.

Counts are from the ``known`` certificates (see conftest): 2025: 3 × level 4 in 成都; 2026: 2 × level 3 in 成都,
2 × level 5 in 绵阳 (one a competition award), 1 special ability in 成都, 1 qualification (level 4) of the province.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from skillcert.certificates import services
from skillcert.stats import selectors
from skillcert.stats.models import CertificateTally
from skillcert.stats.selectors import StatsFilter, StatusCounts, TallyView, batch_pass_rates, year_bounds

pytestmark = pytest.mark.django_db


def valid(**filters: Any) -> int:
    return TallyView(StatsFilter(**filters)).total.valid


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 9),
        ({"year_from": 2025}, 9),
        ({"year_from": 2026}, 6),
        ({"year_from": 2027}, 0),
        ({"year_to": 2024}, 0),
        ({"year_to": 2025}, 3),
        ({"year_to": 2026}, 9),
        ({"year_from": 2025, "year_to": 2025}, 3),
        ({"region_code": "510100"}, 6),
        ({"region_code": "510700"}, 2),
        ({"region_code": "-"}, 1),
        ({"level": 4}, 4),
        ({"level": 5}, 2),
        ({"level": 0}, 1),
        ({"certificate_type": "special_ability"}, 1),
        ({"certificate_type": "qualification"}, 1),
        ({"region_code": "510100", "level": 4, "certificate_type": "skill_level", "year_to": 2025}, 3),
    ],
)
def test_each_filter_keeps_exactly_its_certificates(known: Any, filters: dict[str, Any], expected: int) -> None:
    assert valid(**filters) == expected


def test_a_filter_as_link_parameters_names_only_what_is_set() -> None:
    assert StatsFilter().as_params() == {}
    full = StatsFilter(year_from=2024, year_to=2026, region_code="510100", level=3, certificate_type="skill_level")
    assert full.as_params() == {
        "year_from": "2024",
        "year_to": "2026",
        "region": "510100",
        "level": "3",
        "type": "skill_level",
    }
    assert StatsFilter(region_code="-", level=5).as_params() == {"region": "-", "level": "5"}


def test_an_unknown_status_counts_nowhere() -> None:
    counts = StatusCounts()
    counts.add("lost", 5)
    counts.add("valid", 2)
    counts.add("valid", 1)
    counts.add("suspended", 4)
    assert (counts.valid, counts.suspended, counts.revoked, counts.queryable) == (3, 4, 0, 7)


def test_year_bounds_are_the_first_and_last_year_with_a_certificate(known: Any) -> None:
    assert year_bounds() == (2025, 2026)


def test_year_bounds_ignore_rows_counted_down_to_zero(known: Any) -> None:
    CertificateTally.objects.create(year=2019, certificate_type="skill_level", source="assessment", status="valid")
    CertificateTally.objects.create(year=2031, certificate_type="skill_level", source="assessment", status="valid")
    assert year_bounds() == (2025, 2026)


def test_year_bounds_without_certificates_are_this_year(db: Any) -> None:
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        assert year_bounds() == (2030, 2030)


def test_the_total_adds_up_valid_suspended_and_revoked(known: Any) -> None:
    first, second, third = known["certificates"][:3]
    services.suspend_certificate(certificate=first, category="under_review", reason="核查")
    services.revoke_certificate(certificate=second, category="misconduct", reason="违规发证")
    services.revoke_certificate(certificate=third, category="misconduct", reason="违规发证")
    total = TallyView(StatsFilter()).total
    assert (total.valid, total.suspended, total.revoked) == (6, 1, 2)
    by_level = TallyView(StatsFilter()).by("level")
    assert (by_level[4].valid, by_level[4].suspended, by_level[4].revoked) == (1, 1, 2)


def test_each_grain_groups_its_own_values(known: Any) -> None:
    view = TallyView(StatsFilter())
    assert {k: c.valid for k, c in view.by_occupation.items()} == {"6-18-02-04": 7, "4-07-05-01": 1}
    assert {k: c.valid for k, c in view.by_project.items()} == {"S510100-ZX-0099": 1}
    institutions = view.by_institution
    assert institutions == {
        known["chengdu_institution"].pk: StatusCounts(5, 0, 0),
        known["mianyang"].pk: StatusCounts(2, 0, 0),
        0: StatusCounts(2, 0, 0),
    }
    assert {k: c.valid for k, c in view.by("value", "source").items()} == {
        "assessment": 7,
        "competition": 1,
        "manual": 1,
    }
    assert {k: c.valid for k, c in view.by("value", "major").items()} == {"6": 7, "4": 1, "": 1}


def test_one_value_of_a_grain_keeps_only_its_rows(known: Any) -> None:
    view = TallyView(StatsFilter())
    competition = view.by("level", "source", "competition")
    assert {k: c.valid for k, c in competition.items()} == {5: 1}
    assert {k: c.valid for k, c in view.by("level", "source").items()} == {4: 4, 3: 2, 5: 2, 0: 1}
    assert {k: c.valid for k, c in view.by("level").items()} == {4: 4, 3: 2, 5: 2, 0: 1}


def test_a_view_answers_each_question_once_and_keeps_the_answers_apart(known: Any) -> None:
    view = TallyView(StatsFilter())
    first = view.by("level", "source", "competition")
    assert view.by("level", "source", "competition") is first
    assert view.by("level", "source", "assessment") is not first
    assert view.by("level", "source") != first
    assert view.by("year") != view.by("level")


def test_months_follow_the_filter(known: Any) -> None:
    assert TallyView(StatsFilter(region_code="510700")).months() == {(2026, 2): {"issued": 2, "revoked": 0}}
    months = TallyView(StatsFilter(year_to=2025)).months()
    assert months == {(2025, 3): {"issued": 3, "revoked": 0}}


# -- complaint labels ---------------------------------------------------------------------------------------


@pytest.fixture
def complaint_codes(monkeypatch: Any) -> None:
    from skillcert.supervision import selectors as supervision

    rows = [("fees", "", 2), ("fees", "rejected", 1), ("national_words", "substantiated", 3), ("odd", "odd", 4)]
    monkeypatch.setattr(supervision, "complaint_counts", lambda: rows)


def test_complaint_codes_are_labelled_in_english(complaint_codes: None) -> None:
    from skillcert.supervision.choices import Category, Outcome, Stage

    with translation.override("en"):
        assert selectors.complaint_counts() == [
            (str(Category.FEES.label), "Open", 2),
            (str(Category.FEES.label), str(Stage.REJECTED.label), 1),
            (str(Category.NATIONAL_WORDS.label), str(Outcome.SUBSTANTIATED.label), 3),
            ("odd", "odd", 4),
        ]


def test_complaint_codes_are_labelled_in_chinese(complaint_codes: None) -> None:
    with translation.override("zh-hans"):
        rows = selectors.complaint_counts()
    assert rows is not None
    assert rows[0][1] == "未结"
    assert all(isinstance(n, int) for _c, _o, n in rows)
    assert rows[3] == ("odd", "odd", 4)


def test_without_the_supervision_app_there_are_no_complaint_counts(monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors.apps, "is_installed", lambda name: name != "skillcert.supervision")
    assert selectors.complaint_counts() is None


def test_a_supervision_app_without_published_counts_gives_none(monkeypatch: Any) -> None:
    from skillcert.supervision import selectors as supervision

    monkeypatch.delattr(supervision, "complaint_counts")
    assert selectors.complaint_counts() is None


# -- assessment batches --------------------------------------------------------------------------------------


def _batch(on: dt.date, status: str = "committed", **fields: Any) -> Any:
    from skillcert.assessments.models import Batch

    return Batch.objects.create(assessment_date=on, evaluators="张三", status=status, **fields)


@pytest.fixture
def batches(known: Any) -> dict[str, Any]:
    """Read-only data for the report: committed batches of both 市(州) and of the province, and one not committed."""
    from skillcert.catalog.models import Region

    chengdu, mianyang = known["chengdu_institution"], known["mianyang"]
    return {
        "chengdu_2025": _batch(dt.date(2025, 3, 1), institution=chengdu, level=4),
        "chengdu_2026": _batch(dt.date(2026, 1, 2), institution=chengdu, level=3),
        "mianyang_2026": _batch(dt.date(2026, 2, 1), institution=mianyang, level=5),
        "dept_mianyang": _batch(
            dt.date(2026, 3, 1), certificate_type="special_ability", region=Region.objects.get(code="510700")
        ),
        "province": _batch(dt.date(2026, 4, 1), certificate_type="qualification", level=4),
        "declared": _batch(dt.date(2026, 5, 1), status="declared", institution=chengdu, level=4),
    }


def names(found: Any, batches: dict[str, Any]) -> list[str]:
    by_pk = {b.pk: name for name, b in batches.items()}
    return [by_pk[b.pk] for b in found]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["province", "dept_mianyang", "mianyang_2026", "chengdu_2026", "chengdu_2025"]),
        ({"year_from": 2026}, ["province", "dept_mianyang", "mianyang_2026", "chengdu_2026"]),
        ({"year_from": 2027}, []),
        ({"year_to": 2025}, ["chengdu_2025"]),
        ({"year_to": 2024}, []),
        ({"region_code": "510100"}, ["chengdu_2026", "chengdu_2025"]),
        ({"region_code": "510700"}, ["dept_mianyang", "mianyang_2026"]),
        ({"region_code": "-"}, ["province"]),
        ({"level": 4}, ["province", "chengdu_2025"]),
        ({"certificate_type": "special_ability"}, ["dept_mianyang"]),
    ],
)
def test_committed_batches_newest_first_narrowed_by_the_filter(
    batches: dict[str, Any], filters: dict[str, Any], expected: list[str]
) -> None:
    assert names(batch_pass_rates(StatsFilter(**filters)), batches) == expected


def test_batches_on_the_same_day_newest_declared_first_and_a_limit_keeps_the_newest(batches: dict[str, Any]) -> None:
    same_day = _batch(dt.date(2026, 4, 1), certificate_type="qualification", level=3)
    batches["same_day"] = same_day
    assert names(batch_pass_rates(StatsFilter(), limit=2), batches) == ["same_day", "province"]
    assert len(batch_pass_rates(StatsFilter(), limit=None)) == 6
    assert len(batch_pass_rates(StatsFilter(), limit=0)) == 6
