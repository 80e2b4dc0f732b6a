"""Followers of certificates: what other apps keep in step with issuance and status changes, in the same transaction.

The certificates app is near the bottom of the house: apps above it (the talent statistics, and
whatever follows certificates next) must not be imported by it. So they subscribe here, from their
``AppConfig.ready``, the way apps register subject checks with the log audit::

    from skillcert.certificates import events
    events.ISSUED.append(count_issued)              # called with the new certificates
    events.STATUS_CHANGED.append(count_status_change)  # called with (certificate, previous status)

The issuing and status services call every follower inside their own transaction, after the
certificate rows, the change log and the trust layer are written; a follower that raises rolls the
whole issue or change back, so a follower's tables can never disagree with the certificates. Followers
run in registration order, which is the order of ``INSTALLED_APPS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

IssuedFollower = Callable[[Sequence[Any]], None]
StatusFollower = Callable[[Any, str], None]

ISSUED: list[IssuedFollower] = []
"""Called with every batch of newly stored certificates (issued, reissued, competition awards, legacy imports)."""
STATUS_CHANGED: list[StatusFollower] = []
"""Called with a certificate whose status just changed and the status it had before."""


def issued(certificates: Sequence[Any]) -> None:
    """Tell every follower about newly stored certificates (in the caller's transaction)."""
    for follower in ISSUED:
        follower(certificates)


def status_changed(certificate: Any, previous_status: str) -> None:
    """Tell every follower that ``certificate`` left ``previous_status`` (in the caller's transaction)."""
    for follower in STATUS_CHANGED:
        follower(certificate, previous_status)
