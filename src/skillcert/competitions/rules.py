"""The two rules of this app, as pure functions: which issuing path applies, and which level a winner gets.

Issuing path (notice section 四, ):

1. 四川省职业技能大赛 (省级一类) or events the 人社厅 hosts with provincial departments → 一赛一授权.
2. 全省行业职业技能竞赛 (省级二类): a recorded evaluation institution host issues itself after the
   centre approves; an unrecorded host → 一赛一授权 as in case 1.
3. Certificate type 专项职业能力证书 → the host submits, the centre approves and issues.

Award-to-level defaults come from 《四川省职业技能竞赛管理办法》 (2024, facts file section F.1): finalists
ranked in the top 3 of single-person events, the top 2 teams of two-person events and the winning team
of three-or-more-person events are promoted to 技师, or to 高级技师 if already 技师.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.competitions.choices import CompetitionClass, IssuingPath, Outcome, TeamKind

# (team kind, top ranks, level) — facts file F.1, 《四川省职业技能竞赛管理办法》 (2024)
DEFAULT_RULES: tuple[tuple[str, int, int], ...] = (
    (TeamKind.SINGLE, 3, SkillLevel.TECHNICIAN),
    (TeamKind.PAIR, 2, SkillLevel.TECHNICIAN),
    (TeamKind.TEAM, 1, SkillLevel.TECHNICIAN),
)
DEFAULT_EVENT_LEVELS = "12"  # the levels the default rules can award: 高级技师 and 技师


def issuing_path(*, competition_class: str, certificate_type: str, host_is_recorded_institution: bool) -> str:
    """Derive the issuing path; nobody types it."""
    if certificate_type == CertificateType.SPECIAL_ABILITY:
        return IssuingPath.CENTRE
    if competition_class == CompetitionClass.INDUSTRY_CLASS_TWO and host_is_recorded_institution:
        return IssuingPath.HOST_INSTITUTION
    return IssuingPath.AUTHORISATION


def case_number(path: str, competition_class: str) -> int:
    """The notice's case (1, 2 or 3) a competition falls under, for the pages and the docs."""
    if path == IssuingPath.CENTRE:
        return 3
    return 2 if competition_class == CompetitionClass.INDUSTRY_CLASS_TWO else 1


@dataclass(frozen=True)
class Proposal:
    """What the rule proposes for one finalist, with the explanation shown on screen."""

    outcome: str
    level: int | None
    explanation: str


def _level_label(level: int) -> str:
    return str(SkillLevel(level).label)


def propose(
    *,
    is_winner: bool,
    rank: int,
    team_kind: str,
    top_ranks: int | None,
    rule_level: int | None,
    prior_level: int | None,
) -> Proposal:
    """Apply the award-to-level rule to one finalist of the final stage.

    ``rule_level`` None means a 专项职业能力证书 competition (no levels). ``prior_level`` is the
    highest level the finalist already holds (1 is highest), or None.
    """
    if not is_winner:
        return Proposal(
            Outcome.NOT_A_WINNER, None, _("Not an award winner of the final: only award winners get certificates.")
        )
    kind = str(TeamKind(team_kind).label)
    if top_ranks is None or rank > top_ranks:
        if top_ranks is None:
            reason = _("This competition has no award rule for a %(kind)s.") % {"kind": kind}
        else:
            reason = _("Rank %(rank)s: the rule for a %(kind)s covers ranks 1 to %(top)s only; no certificate.") % {
                "rank": rank,
                "kind": kind,
                "top": top_ranks,
            }
        return Proposal(Outcome.NO_CERTIFICATE, None, reason)
    if rule_level is None:
        return Proposal(
            Outcome.CERTIFICATE, None, _("Rank %(rank)s of a %(kind)s: the certificate.") % {"rank": rank, "kind": kind}
        )
    return _promote(rank, kind, rule_level, prior_level)


def _promote(rank: int, kind: str, rule_level: int, prior_level: int | None) -> Proposal:
    if prior_level is None or prior_level > rule_level:
        return Proposal(
            Outcome.CERTIFICATE,
            rule_level,
            _("Rank %(rank)s of a %(kind)s: promoted to %(level)s.")
            % {"rank": rank, "kind": kind, "level": _level_label(rule_level)},
        )
    higher = rule_level - 1
    if prior_level > higher >= 1:
        return Proposal(
            Outcome.CERTIFICATE,
            higher,
            _("Rank %(rank)s of a %(kind)s: already holds %(prior)s, so promoted to %(level)s.")
            % {"rank": rank, "kind": kind, "prior": _level_label(prior_level), "level": _level_label(higher)},
        )
    return Proposal(
        Outcome.NO_CERTIFICATE,
        None,
        _("Rank %(rank)s of a %(kind)s: already holds %(prior)s, the rule gives no higher level; no certificate.")
        % {"rank": rank, "kind": kind, "prior": _level_label(prior_level)},
    )
