"""Choices of the competitions app: classes, issuing paths, statuses and their transition tables.

The three issuing paths are the notice's section (四) word for word; which
one applies is derived by :func:`skillcert.competitions.rules.issuing_path`, never typed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.transitions import Move, move

# The centre's proxy seal on 一赛一授权 certificates (the same words as the PDF renderer's constant).
CENTRE_NAME = "四川省职业技能鉴定指导中心"
CENTRE_PROXY = "四川省职业技能鉴定指导中心（代章）"


class CompetitionClass(models.TextChoices):
    """The competition classes the notice names."""

    PROVINCIAL_CLASS_ONE = "class_one", _("Sichuan Province Vocational Skills Competition (provincial class one)")
    DEPARTMENT_CO_HOSTED = (
        "co_hosted",
        _(
            "Hosted by the provincial HR department with provincial departments (incl. provincial selections "
            "for national class-one competitions)"
        ),
    )
    INDUSTRY_CLASS_TWO = "class_two", _("Provincial industry vocational skills competition (provincial class two)")


class IssuingPath(models.TextChoices):
    """Who issues the winners' certificates (derived from class, host and certificate type)."""

    AUTHORISATION = "authorisation", _("One authorisation per competition: committee's name, centre's proxy seal")
    HOST_INSTITUTION = "host_institution", _("The host, a recorded evaluation institution, issues after approval")
    CENTRE = "centre", _("The host submits, the centre approves and issues")


class TeamKind(models.TextChoices):
    """How many people compete together in an event (the promotion rule depends on it)."""

    SINGLE = "single", _("single-person event")
    PAIR = "pair", _("two-person event")
    TEAM = "team", _("team event (three or more)")


class CompetitionStatus(models.TextChoices):
    """Where a competition's registration is."""

    REGISTERED = "registered", _("Registered by the host")
    APPLIED = "applied", _("Applied for approval")
    APPROVED = "approved", _("Approved by the centre")
    REJECTED = "rejected", _("Rejected by the centre")


class StageKind(models.TextChoices):
    """Only the final stage's award winners get certificates."""

    PRELIMINARY = "preliminary", _("preliminary stage")
    FINAL = "final", _("final stage")


class ImportStatus(models.TextChoices):
    """A results file: checked (preview) → submitted → approved → issued; or refused with its report."""

    CHECKED = "checked", _("Checked, not yet submitted")
    HAS_ERRORS = "has_errors", _("Has errors, nothing imported")
    SUBMITTED = "submitted", _("Submitted to the centre")
    APPROVED = "approved", _("Results approved by the centre")
    ISSUED = "issued", _("Certificates issued")
    SUPERSEDED = "superseded", _("Replaced by a later file")


class Outcome(models.TextChoices):
    """What one row of the final results leads to."""

    CERTIFICATE = "certificate", _("certificate proposed")
    NO_CERTIFICATE = "none", _("no certificate")
    NOT_A_WINNER = "not_winner", _("not an award winner")


C = CompetitionStatus
COMPETITION_TRANSITIONS: dict[str, Move] = {
    "apply": move({C.REGISTERED, C.REJECTED}, C.APPLIED),
    "approve": move({C.APPLIED}, C.APPROVED),
    "reject": move({C.APPLIED}, C.REJECTED),
}

# Awards that do not make a winner (anything else written in the 奖项 column does).
NO_AWARD_WORDS = frozenset({"", "无", "未获奖", "参赛", "参与奖", "none", "-", "—"})
