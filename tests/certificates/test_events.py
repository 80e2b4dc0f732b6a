"""Apps above certificates follow issuance and status changes through ``certificates.events``, in the transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skillcert.certificates import events, services
from skillcert.certificates.models import Certificate
from skillcert.credentials.models import IssuedCredential
from skillcert.stats.models import CertificateTally
from skillcert.stats.services import count_issued, count_status_change
from tests.certificates.test_issuing import spec

pytestmark = pytest.mark.django_db


def test_the_talent_statistics_follow_every_issue_and_status_change():
    assert events.ISSUED.count(count_issued) == 1  # registered once, by the stats app, however often ready() runs
    assert events.STATUS_CHANGED.count(count_status_change) == 1


def test_followers_hear_of_each_issue_and_status_change_in_order(holder, institution, operator, monkeypatch):
    heard: list[Any] = []
    monkeypatch.setattr(events, "ISSUED", [*events.ISSUED, lambda certs: heard.append(("issued", len(certs)))])
    monkeypatch.setattr(
        events, "STATUS_CHANGED", [*events.STATUS_CHANGED, lambda cert, before: heard.append((before, cert.status))]
    )
    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="冒名顶替", actor=operator)
    assert heard == [("issued", 1), ("valid", "revoked")]


def test_a_follower_that_fails_undoes_the_whole_issue(holder, institution, operator, monkeypatch):
    def broken(certificates: Any) -> None:
        raise RuntimeError("a follower's table is unavailable")

    monkeypatch.setattr(events, "ISSUED", [*events.ISSUED, broken])
    before = (Certificate.objects.count(), IssuedCredential.objects.count(), CertificateTally.objects.count())
    with pytest.raises(RuntimeError):
        services.issue_certificate(spec=spec(holder, institution), actor=operator)
    assert (Certificate.objects.count(), IssuedCredential.objects.count(), CertificateTally.objects.count()) == before


def test_the_competitions_app_answers_for_authorisations_and_without_it_none_is_valid(monkeypatch):
    from skillcert.certificates import authorities
    from skillcert.competitions import selectors as competitions

    assert authorities.AUTHORISATION is not None
    assert authorities.AUTHORISATION.decide is competitions.authorisation_decision
    monkeypatch.setattr(authorities, "AUTHORISATION", None)
    decision = authorities.authorisation_decision(
        authorisation=object(), occupation_code="6-18-02-04", job_type="", level=3, on_date=dt.date(2026, 6, 1)
    )
    assert (decision.allowed, decision.code) == (False, "no_authorisation")
    assert authorities.authorisation_behind(object()) is None
