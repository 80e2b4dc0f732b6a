"""``skillcert expire-institution-records``: mark records whose validity has ended as expired (run daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skillcert.core.context import acting_as
from skillcert.institutions.services import expire_institution_records


class Command(BaseCommand):
    help = "Mark every active or suspended institution record whose validity ended before the date as expired."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to check, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on_date = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        with acting_as():
            expired = expire_institution_records(on_date=on_date, actor=None)
        for institution in expired:
            self.stdout.write(f"expired {institution.public_id} {institution.name}")
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} record(s) expired on {on_date}"))
