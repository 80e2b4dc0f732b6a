"""Reads of competitions: back-office lists narrowed to the user, public pages, and the authorisation check.

:func:`authorisation_decision` is what the certificates service asks before issuing a
职业技能等级证书 under 一赛一授权: it re-reads the authorisation and its competition from
the database, so an object built by hand cannot stand in for the centre's approval.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from skillcert.competitions.choices import CompetitionStatus, IssuingPath
from skillcert.competitions.models import (
    Authorisation,
    Competition,
    HostOrganisation,
    ResultImport,
    Winner,
    host_of_user,
)
from skillcert.core.errors import NotFound
from skillcert.core.querysets import VIEW


def host_of(user: Any) -> HostOrganisation | None:
    """The host a ``competition_host`` account acts for, or None."""
    return host_of_user(user)


def competitions_for(user: Any, action: str = VIEW) -> QuerySet[Competition]:
    """The competitions ``user`` may ``view`` or ``change`` (``Competition.objects.restrict``), newest year first."""
    return Competition.objects.restrict(user, action).select_related("host__institution").order_by("-year", "name")


def get_for_user(user: Any, public_id: str, action: str = VIEW) -> Competition | None:
    """One competition the user may see (a guessed id of another host gives None)."""
    return competitions_for(user, action).filter(public_id=public_id).first()


def import_for_user(user: Any, public_id: str, action: str = VIEW) -> ResultImport | None:
    """One results import of a competition the user may see."""
    return (
        ResultImport.objects.restrict(user, action)
        .select_related("competition__host", "stage")
        .filter(public_id=public_id)
        .first()
    )


def awaiting_centre() -> QuerySet[Competition]:
    """Competitions applied for, or with submitted results (the centre's to-do list)."""
    return Competition.objects.filter(Q(status=CompetitionStatus.APPLIED) | Q(imports__status="submitted")).distinct()


# ---------------------------------------------------------------------------
# Public pages (no personal data)
# ---------------------------------------------------------------------------
def public_competitions() -> QuerySet[Competition]:
    """Approved competitions with the number of certificates issued to their winners."""
    return (
        Competition.objects.filter(status=CompetitionStatus.APPROVED)
        .select_related("host__institution")
        .annotate(issued=Count("imports__winners__certificate"))
        .order_by("-year", "name")
    )


def get_public(public_id: str) -> Competition:
    """One approved competition for the public page and API, or :class:`NotFound`."""
    competition = public_competitions().filter(public_id=public_id).first()
    if competition is None:
        raise NotFound(_("No approved competition has the id %(id)s.") % {"id": public_id})
    return competition


def issued_certificates(competition: Competition) -> QuerySet[Winner]:
    """The winners of a competition who received a certificate (for counts by event)."""
    return Winner.objects.filter(result_import__competition=competition, certificate__isnull=False)


def issued_by_event(competition: Competition) -> dict[int, int]:
    """Number of certificates issued per event id."""
    rows = issued_certificates(competition).values("event").annotate(n=Count("pk"))
    return {row["event"]: row["n"] for row in rows}


# ---------------------------------------------------------------------------
# The authorisation check the certificates service calls
# ---------------------------------------------------------------------------
def authorisation_decision(
    *, authorisation: Any, occupation_code: str, job_type: str, level: int, on_date: dt.date
) -> Any:
    """May a certificate be issued under this 一赛一授权? Same answer shape as ``institutions.may_issue``."""
    from skillcert.institutions.selectors import IssueDecision

    stored = None
    if isinstance(authorisation, Authorisation) and authorisation.pk is not None:  # never trust the caller's copy
        stored = Authorisation.objects.select_related("competition").filter(pk=authorisation.pk).first()
    competition = stored.competition if stored else None
    if (
        stored is None
        or competition is None
        or competition.status != CompetitionStatus.APPROVED
        or competition.issuing_path != IssuingPath.AUTHORISATION
    ):
        return IssueDecision(
            False, "no_authorisation", _("No valid competition authorisation covers this certificate.")
        )
    if on_date < stored.granted_on:
        return IssueDecision(
            False,
            "authorisation_not_yet_valid",
            _("The authorisation %(ref)s was granted on %(date)s.")
            % {"ref": stored.reference, "date": stored.granted_on},
        )
    events = competition.events.filter(occupation_code=occupation_code, job_type=job_type)
    if not any(level in event.levels for event in events):
        return IssueDecision(
            False,
            "outside_authorisation",
            _("The authorisation %(ref)s of %(name)s does not cover this occupation and level.")
            % {"ref": stored.reference, "name": competition.name},
        )
    return IssueDecision(True, "allowed", _("Covered by the competition's authorisation."))


def authorisation_behind(certificate: Any) -> Authorisation | None:
    """The 一赛一授权 a certificate was issued under: that of the results import its ``batch_id`` names."""
    return authorisation_for_batch(certificate.batch_id)


def authorisation_for_batch(batch_id: str) -> Authorisation | None:
    """The 一赛一授权 behind the certificates of one results import (their ``batch_id``), for corrections."""
    result_import = ResultImport.objects.filter(public_id=batch_id).select_related("competition").first()
    if result_import is None:
        return None
    return Authorisation.objects.filter(competition=result_import.competition).first()
