"""``skillcert stats rebuild|check|show``: recount the statistics from the certificates, check them, print totals.

``check`` recounts inside a transaction that is rolled back and exits 1 when the kept
counts differ from the recount (they never should: see ADR 0008).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Talent statistics: rebuild the tallies from the certificates, or show the totals."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,check,show}")
        actions.add_parser("rebuild", help="recompute the tallies from every certificate (safe to run at any time)")
        actions.add_parser("check", help="compare the kept tallies with a recount, changing nothing")
        actions.add_parser("show", help="print the valid, suspended and revoked totals")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            from skillcert.stats.services import rebuild_tallies, vacuum_tallies

            started = time.perf_counter()
            written = rebuild_tallies()
            vacuum_tallies()
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"rebuilt {written['tallies']} tally rows and {written['months']} monthly rows in {elapsed:.1f} s"
            )
            return
        if options["action"] == "check":
            from skillcert.stats.services import count_drift

            drift = count_drift()
            if drift:
                raise CommandError(f"{drift} count rows differ from a recount: run `skillcert stats rebuild`")
            self.stdout.write("the statistics agree with a recount of every certificate")
            return
        from skillcert.stats.selectors import StatsFilter, TallyView

        total = TallyView(StatsFilter()).total
        self.stdout.write(f"valid {total.valid}  suspended {total.suspended}  revoked {total.revoked}")
