"""Choices of the supervision app: complaint categories (the notice's words), case stages and their
transition table, outcomes, inspection ratings and sanction kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.transitions import Move, move
from skillcert.core.transitions import allowed_actions as actions_from


class Category(models.TextChoices):
    """What a complaint is about: the five things section (五) 监督投诉 of the notice names, or other."""

    AUTHORITY = "authority", _("False or exaggerated publicity in the name of an administrative authority")
    NATIONAL_WORDS = "national_words", _('Illegal use of words and marks such as "China" and "National"')
    FEES = "fees", _("Illegal charging: extra fee items or raised fee standards")
    ILLEGAL_ISSUING = "illegal_issuing", _("Illegal issuing or forged certificates")
    PERFUNCTORY = "perfunctory", _("Perfunctory evaluation that issues certificates directly")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """Where a complaint is in its handling."""

    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    INVESTIGATING = "investigating", _("Under investigation")
    REFERRED = "referred", _("Referred to labour inspection")
    CONCLUDED = "concluded", _("Concluded")


class Outcome(models.TextChoices):
    """How a concluded complaint ended."""

    SUBSTANTIATED = "substantiated", _("Substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")


# action → (stages it may start from, stage it leads to); everything else is refused.
TRANSITIONS: dict[str, Move] = {
    "accept": move({Stage.RECEIVED}, Stage.ACCEPTED),
    "reject": move({Stage.RECEIVED}, Stage.REJECTED),
    "investigate": move({Stage.ACCEPTED}, Stage.INVESTIGATING),
    "refer": move({Stage.INVESTIGATING}, Stage.REFERRED),
    "record_inspection_outcome": move({Stage.REFERRED}, Stage.INVESTIGATING),
    "conclude": move({Stage.INVESTIGATING}, Stage.CONCLUDED),
}
CLOSED_STAGES = frozenset({Stage.REJECTED, Stage.CONCLUDED})
OPEN_STAGES = tuple(s for s in Stage.values if s not in CLOSED_STAGES)

# Working days each open stage may last before the case is overdue (SKILLCERT_COMPLAINT_DEADLINES overrides).
DEFAULT_DEADLINES: dict[str, int] = {
    Stage.RECEIVED: 5,
    Stage.ACCEPTED: 5,
    Stage.INVESTIGATING: 30,
    Stage.REFERRED: 20,
}


def allowed_actions(stage: str) -> list[str]:
    """The actions a case in ``stage`` allows (the inspector's action included)."""
    return actions_from(TRANSITIONS, stage)


class Rating(models.TextChoices):
    """The overall rating of a quality inspection (质量调研检查)."""

    GOOD = "good", _("Good")
    ADEQUATE = "adequate", _("Adequate")
    NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class SanctionKind(models.TextChoices):
    """What the centre may impose on an institution."""

    WARNING = "warning", _("Warning")
    RECTIFICATION = "rectification", _("Rectification order")
    SUSPENSION = "suspension", _("Suspension of the record")
    RECORD_REVOCATION = "record_revocation", _("Revocation of the record")
    CERTIFICATE_REVOCATION = "certificate_revocation", _("Revocation of certificates found illegal")


class FilerKind(models.TextChoices):
    """Who wrote a note on a case."""

    FILER = "filer", _("Complainant")
    STAFF = "staff", _("Case staff")
    INSPECTOR = "inspector", _("Labour inspection")
