"""The live verification report of a certificate, kept in Django's cache under what it depends on.

The QR page and ``/verify/code/`` verify the registry's own stored credential against its own
database: the same work, with the same answer, until something it depends on changes. The report
is kept under a key made of

* the credential's digest (a re-signed credential is another key),
* the log head's size: every status change (revoke, suspend, reinstate), key rotation and
  re-signing appends a log entry in the same transaction as the change itself,
* the size of the latest signed checkpoint (the log check's answer changes with it),
* the sum of the status lists' versions (each bit change bumps its list's version, in the
  same transaction), so a status change would be seen even if it were ever made without a log entry,

all read together in one query per request, before the report is computed or looked up. A
change commits the new generation with the new state, so the very next request on any server
misses the old key and verifies afresh. Only reports whose every check was made (none unknown)
are kept, never past the credential's next validity boundary nor :data:`REPORT_SECONDS`. Each
process also keeps the last few reports it used, unpickled, under the same keys and bounds.

Nothing per request is kept here: the viewer's ID check, a code's use count and rate limits stay
in their views. A cache that fails (Redis down, a value that cannot be read) is passed by: the
full check runs, never a shortcut to "valid".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from skillcert.verification.report import UNKNOWN, Report

REPORT_SECONDS = 300
LOCAL_REPORTS = 256  # per process: a few hundred certificates scanned at once
KEY_PREFIX = "skillcert:verify-report:1"
logger = logging.getLogger(__name__)
GENERATION_SQL = (
    "SELECT c.sha256,"
    " (SELECT h.size FROM {head} h WHERE h.id = {head_id}),"
    " (SELECT MAX(p.tree_size) FROM {checkpoint} p WHERE p.origin = %s),"
    " (SELECT SUM(l.version) FROM {lists} l)"
    " FROM {credential} c WHERE c.subject_id = %s AND c.superseded_at IS NULL"
)


@dataclass(frozen=True)
class Generation:
    """What a certificate's live report depends on, as one cache key."""

    digest: str
    log_size: int
    checkpoint_size: int
    lists_version: int

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}:{self.digest}:{self.log_size}:{self.checkpoint_size}:{self.lists_version}"


def generation(public_id: str) -> Generation | None:
    """The current generation of a certificate's report in one query; None when it has no credential.

    Written as SQL over the models' own table names: this query runs on every request of the QR
    page, and the ORM spends more time compiling it (three subqueries) than the database answering.
    """
    from skillcert.transparency import keys

    with connection.cursor() as cursor:
        cursor.execute(_generation_sql(), [keys.origin(), public_id])
        row = cursor.fetchone()
    if row is None:
        return None
    digest, log_size, checkpoint_size, lists_version = row
    return Generation(
        digest, int(log_size or 0), -1 if checkpoint_size is None else int(checkpoint_size), int(lists_version or 0)
    )


@functools.cache
def _generation_sql() -> str:
    from skillcert.credentials.models import IssuedCredential, StatusList
    from skillcert.transparency.models import Checkpoint, LogHead
    from skillcert.transparency.services import HEAD_ID

    def table(model: Any) -> str:
        return str(connection.ops.quote_name(model._meta.db_table))

    # Table names come from the models' own metadata; every value is a parameter.
    tables = {"head": LogHead, "checkpoint": Checkpoint, "lists": StatusList, "credential": IssuedCredential}
    return GENERATION_SQL.format(head_id=int(HEAD_ID), **{name: table(model) for name, model in tables.items()})


def live_report(public_id: str) -> Report | None:
    """The certificate's credential verified against the live registry: from the cache when nothing changed."""
    from skillcert.verification.selectors import live_report as fresh_report

    current = generation(public_id)  # read before the report: a change committing meanwhile moves the key on
    if current is None:
        return fresh_report(public_id)
    kept = _LOCAL.get(current.key)
    if kept is None:
        kept = _get(current.key)
        if kept is not None:
            _LOCAL.put(current.key, kept, _seconds_to_keep(kept))
    if kept is not None:
        return _as_of_now(kept)
    report = fresh_report(public_id)
    if report is not None and _keepable(report):
        seconds = _seconds_to_keep(report)
        _set(current.key, report, seconds)
        _LOCAL.put(current.key, report, seconds)
    return report


class _LocalReports:
    """A few reports kept in this process, unpickled, in front of the shared cache (same keys, same bounds).

    Safe because the key is the generation read on every request: a change anywhere makes every
    server look for another key. It only saves unpickling the same report again and again.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[float, Report]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Report | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] <= time.monotonic():
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: str, report: Report, seconds: int) -> None:
        if seconds <= 0:
            return
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, report)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_LOCAL = _LocalReports(LOCAL_REPORTS)


def _get(key: str) -> Report | None:
    try:
        value: Any = cache.get(key)
    except Exception as exc:  # any backend failure: verify afresh
        logger.warning("verification report cache unreadable (%s); verifying afresh", type(exc).__name__)
        return None
    return value if isinstance(value, Report) else None


def _set(key: str, report: Report, seconds: int) -> None:
    if seconds <= 0:
        return
    try:
        cache.set(key, report, seconds)
    except Exception as exc:  # the report was computed; not keeping it costs only time
        logger.warning("verification report cache unwritable (%s)", type(exc).__name__)


def _keepable(report: Report) -> bool:
    """Only a report whose every check was made: an unknown may be passing (a pending checkpoint, a busy worker)."""
    return report.source == "live" and all(check.status != UNKNOWN for check in report.checks)


def _seconds_to_keep(report: Report, now: dt.datetime | None = None) -> int:
    """At most :data:`REPORT_SECONDS`, and never past the moment the dates check would answer otherwise."""
    from skillcert.verification.verifier import parse_datetime

    now = now or timezone.now()
    seconds = float(REPORT_SECONDS)
    credential = report.credential or {}
    for field in ("validFrom", "validUntil"):
        moment = parse_datetime(credential.get(field))
        if moment is not None and moment > now:
            seconds = min(seconds, (moment - now).total_seconds())
    return int(seconds)


def _as_of_now(report: Report) -> Report:
    """A kept report, with its status dated now: the generation just read shows nothing changed since."""
    if report.status_as_of is None:
        return report
    return dataclasses.replace(report, status_as_of=timezone.now())
