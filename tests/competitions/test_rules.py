"""The issuing-path rule and the award-to-level rule (defaults from 《四川省职业技能竞赛管理办法》)."""

from __future__ import annotations

import pytest

from skillcert.competitions.rules import issuing_path, propose

pytestmark = pytest.mark.django_db  # gettext only; no rows


@pytest.mark.parametrize(
    ("competition_class", "certificate_type", "recorded", "expected"),
    [
        ("class_one", "skill_level", False, "authorisation"),
        ("class_one", "skill_level", True, "authorisation"),  # case 1 regardless of the host
        ("co_hosted", "skill_level", True, "authorisation"),
        ("class_two", "skill_level", True, "host_institution"),
        ("class_two", "skill_level", False, "authorisation"),
        ("class_two", "special_ability", True, "centre"),
        ("class_one", "special_ability", False, "centre"),
    ],
)
def test_the_issuing_path_is_derived(competition_class, certificate_type, recorded, expected):
    path = issuing_path(
        competition_class=competition_class, certificate_type=certificate_type, host_is_recorded_institution=recorded
    )
    assert path == expected


def rule(rank, prior=None, *, winner=True, top=3, level=2):
    return propose(is_winner=winner, rank=rank, team_kind="single", top_ranks=top, rule_level=level, prior_level=prior)


def test_top_three_are_promoted_to_technician():
    assert [rule(r).level for r in (1, 2, 3)] == [2, 2, 2]
    assert rule(4).outcome == "none" and rule(4).level is None


def test_a_technician_is_promoted_to_senior_technician_and_a_senior_technician_gets_nothing():
    assert rule(1, prior=2).level == 1
    assert rule(1, prior=3).level == 2
    highest = rule(1, prior=1)
    assert highest.outcome == "none" and highest.level is None
    assert "高级技师" in highest.explanation or "Senior Technician" in highest.explanation


def test_a_non_winner_gets_nothing_whatever_the_rank():
    assert rule(1, winner=False).outcome == "not_winner"


def test_special_ability_rules_give_the_certificate_without_a_level():
    proposal = rule(2, level=None)
    assert proposal.outcome == "certificate" and proposal.level is None
