"""``skillcert import-legacy FILE.csv``: import existing certificates with their original numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.certificates import legacy
from skillcert.core.errors import DomainError
from skillcert.core.jobs import start_job


class Command(BaseCommand):
    help = "Import legacy certificates (CSV, UTF-8) with their original numbers; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--check-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"].resolve()
        if not path.exists():
            raise CommandError(f"No file {path}")
        if options["check_only"]:
            try:
                self.stdout.write(f"{legacy.check_file(path)} rows are ready to import")
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            return
        job = start_job(kind="certificates.legacy_import", inline=True, path=str(path))
        job.refresh_from_db()
        if job.status != "succeeded":
            raise CommandError(job.message)
        self.stdout.write(self.style.SUCCESS(f"{job.result['imported']} certificates imported (job {job.public_id})"))
