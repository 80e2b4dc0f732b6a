"""``skillcert reap-jobs``: fail the background jobs whose worker died, and undo what they left half-way.

A job counts as interrupted when it is running and its last heartbeat is older
than ``SKILLCERT_JOB_STALE_SECONDS``; an interrupted assessment commit returns its
batch to "results checked" (see :func:`skillcert.core.jobs.reap_stale_jobs`).
Huey runs the same reaper at worker start and every five minutes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from skillcert.core.jobs import reap_stale_jobs


class Command(BaseCommand):
    help = "Fail running jobs whose heartbeat stopped and return their batches to a state that can be retried."

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = reap_stale_jobs()
        self.stdout.write(f"{reaped} interrupted job(s) reaped.")
