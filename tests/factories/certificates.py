"""What to issue (``IssueSpec``) with the common defaults, and certificates issued through the real service.

A certificate is never made with ``Certificate.objects.create``: issuing through
``certificates.services`` makes the signed credential, the status entries, the log leaf and
the statistics exactly as production does, so a test sees what a user would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from skillcert.certificates.services import IssueSpec

ISSUED_ON = dt.date(2026, 6, 1)
QUERY_DAY = dt.date(2026, 5, 20)  # the issue date the certificate query tests use


class IssueSpecFactory(factory.Factory):
    """A 焊工 (6-18-02-04) level 4 skill level certificate issued by hand on 2026-06-01.

    Pass ``holder`` and ``institution`` (and whatever differs). ``special_ability=True``
    switches to a 专项职业能力证书 (pass ``project`` and, for a city's project, ``region``).
    """

    class Meta:
        model = IssueSpec

    class Params:
        special_ability = factory.Trait(certificate_type="special_ability", occupation_code="", level=None)

    certificate_type = "skill_level"
    holder = None
    issued_on = ISSUED_ON
    source = "manual"
    occupation_code = "6-18-02-04"
    level = 4


class CertificateFactory(IssueSpecFactory):
    """One certificate issued by ``actor`` (``None``: the system) through ``certificates.services``.

    Takes the same fields as :class:`IssueSpecFactory`; ``build()`` gives the spec only.
    """

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from skillcert.certificates.services import issue_certificate

        actor = kwargs.pop("actor", None)
        return issue_certificate(spec=model_class(*args, **kwargs), actor=actor)


def issue_certificates(count: int, holder: Any, institution: Any, operator: Any, **changes: Any) -> list[Any]:
    """``count`` real skill level certificates in one batch: each with its credential and its log entry."""
    from skillcert.certificates import services

    spec = IssueSpecFactory(holder=holder, institution=institution, **changes)
    return services.issue_certificates(specs=[spec] * count, actor=operator)


def skill(issuer: Any, person: Any, level: int, on: dt.date, source: str = "assessment") -> Any:
    """A welding skill level spec for the statistics tests (issued from an assessment by default)."""
    return IssueSpecFactory(holder=person, institution=issuer, level=level, issued_on=on, source=source)
