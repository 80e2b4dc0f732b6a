"""Revoked certificates never count as queryable in the public statistics (written to fail on a planted leak)."""

from __future__ import annotations

from typing import Any

import pytest

from skillcert.certificates import services
from skillcert.stats.selectors import StatsFilter, StatusCounts, TallyView

pytestmark = pytest.mark.django_db


def test_queryable_means_valid_or_suspended_never_revoked():
    counts = StatusCounts()
    counts.add("valid", 4)
    counts.add("suspended", 2)
    counts.add("revoked", 7)
    assert (counts.valid, counts.suspended, counts.revoked) == (4, 2, 7)
    assert counts.queryable == 6
    assert StatusCounts(revoked=3).queryable == 0


def test_revoking_takes_a_certificate_out_of_every_public_count(known: dict[str, Any]):
    first, second = known["certificates"][:2]
    before = TallyView(StatsFilter()).total.queryable
    services.revoke_certificate(certificate=first, category="misconduct", reason="违规发证")
    services.suspend_certificate(certificate=second, category="under_review", reason="核查")
    view = TallyView(StatsFilter())
    assert view.total.queryable == before - 1  # the suspended one is still a certificate someone can look up
    assert sum(c.queryable for c in view.by("year").values()) == before - 1
    assert sum(c.revoked for c in view.by("year").values()) == 1


def test_a_group_with_only_revoked_certificates_shows_no_queryable_certificates(known: dict[str, Any]):
    for certificate in known["certificates"]:
        services.revoke_certificate(certificate=certificate, category="misconduct", reason="整批撤销")
    view = TallyView(StatsFilter())
    assert view.total.queryable == 0
    assert all(c.queryable == 0 for c in view.by("level").values())
