"""Choices of the institutions app: kinds (with their number letters), statuses and the transition table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.transitions import Move, move
from skillcert.core.transitions import allowed_actions as actions_from


class InstitutionKind(models.TextChoices):
    """The three kinds of recorded evaluation institution named by the notice."""

    EMPLOYER = "employer", _("Employer")
    SOCIAL_ORG = "social_org", _("Social training and evaluation organisation")
    TECHNICAL_SCHOOL = "technical_school", _("Technical school")


# The kind letter that starts a 职业技能等级证书 number (Y 用人单位, S 社会培训评价组织);
# technical schools number as S unless their record says otherwise.
NUMBER_LETTERS: dict[str, str] = {
    InstitutionKind.EMPLOYER: "Y",
    InstitutionKind.SOCIAL_ORG: "S",
    InstitutionKind.TECHNICAL_SCHOOL: "S",
}


class NumberLetter(models.TextChoices):
    """An explicit number letter recorded for a technical school."""

    Y = "Y", _("Y (as an employer)")
    S = "S", _("S (as a social evaluation organisation)")


class InstitutionStatus(models.TextChoices):
    """Where an institution's record (备案) is in its lifecycle."""

    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Transition(models.TextChoices):
    """The lifecycle actions; each needs a reason and writes the change log."""

    APPROVE = "approve", _("Approve the record")
    SUSPEND = "suspend", _("Suspend")
    REINSTATE = "reinstate", _("Reinstate")
    REVOKE = "revoke", _("Revoke the record")
    RENEW = "renew", _("Renew the record")
    EXPIRE = "expire", _("Expire the record")


S = InstitutionStatus
# action → (statuses it may start from, status it leads to). Revoked is final.
TRANSITIONS: dict[str, Move] = {
    Transition.APPROVE: move({S.APPLIED}, S.ACTIVE),
    Transition.SUSPEND: move({S.ACTIVE}, S.SUSPENDED),
    Transition.REINSTATE: move({S.SUSPENDED}, S.ACTIVE),
    Transition.REVOKE: move({S.APPLIED, S.ACTIVE, S.SUSPENDED, S.EXPIRED}, S.REVOKED),
    Transition.RENEW: move({S.ACTIVE, S.EXPIRED}, S.ACTIVE),
    Transition.EXPIRE: move({S.ACTIVE, S.SUSPENDED}, S.EXPIRED),
}

# Statuses whose record still binds the credit code (one live record per organisation).
LIVE_STATUSES = frozenset({S.APPLIED, S.ACTIVE, S.SUSPENDED})


def allowed_actions(status: str) -> list[str]:
    """The actions a person may take from ``status`` (expiry is the system's, by date)."""
    return [action for action in actions_from(TRANSITIONS, status) if action != Transition.EXPIRE]
