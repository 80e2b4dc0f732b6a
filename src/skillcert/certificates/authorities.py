"""Issuing authorities other than an evaluation institution, answered by the apps that grant them.

A skill level certificate is issued either by an evaluation institution within its recorded scope
(``institutions.selectors.may_issue``) or, for a competition's winners, by the centre under the
competition's 一赛一授权 (an *authorisation*). The competitions app sits above certificates, so it is
never imported from here: it registers, from its ``AppConfig.ready``, how to judge an authorisation
and how to find the authorisation behind an issued certificate::

    authorities.AUTHORISATION = AuthorisationRules(decide=authorisation_decision, behind=authorisation_behind)

Both answers come from the database, never from the caller's copy of the authorisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from skillcert.institutions.selectors import IssueDecision


@dataclass(frozen=True)
class AuthorisationRules:
    """How the app that grants authorisations answers for them."""

    decide: Callable[..., IssueDecision]
    """``decide(authorisation=, occupation_code=, job_type=, level=, on_date=)``: may it issue this certificate?"""
    behind: Callable[[Any], Any]
    """``behind(certificate)``: the authorisation a certificate was issued under, or ``None``."""


AUTHORISATION: AuthorisationRules | None = None
"""Registered by the competitions app; ``None`` where it is not installed (no authorisation is then valid)."""


def authorisation_decision(
    *, authorisation: Any, occupation_code: str, job_type: str, level: int, on_date: dt.date
) -> IssueDecision:
    """May a certificate be issued under ``authorisation``? Refused when no app answers for authorisations."""
    if AUTHORISATION is None:
        return IssueDecision(
            False, "no_authorisation", _("No valid competition authorisation covers this certificate.")
        )
    return AUTHORISATION.decide(
        authorisation=authorisation, occupation_code=occupation_code, job_type=job_type, level=level, on_date=on_date
    )


def authorisation_behind(certificate: Any) -> Any:
    """The authorisation ``certificate`` was issued under (``None`` for institutions' certificates)."""
    return AUTHORISATION.behind(certificate) if AUTHORISATION is not None else None
