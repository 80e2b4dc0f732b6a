"""``skillcert import-results FILE --institution … --occupation … --level …``: a whole batch from the command line.

Declares the batch, checks the file (row errors are printed and nothing is
issued), then commits it with a progress bar. Uses the same services as the pages.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skillcert.assessments import services
from skillcert.core.context import acting_as
from skillcert.core.errors import DomainError
from skillcert.core.models import Job


def progress_bar(done: int, total: int, width: int = 40) -> str:
    filled = width * done // total if total else 0
    percent = 100 * done // total if total else 0
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {percent}%"


class Command(BaseCommand):
    help = "Declare an assessment batch for an institution, check a results file and issue its certificates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--institution", required=True, help="public id or 统一社会信用代码 of the institution")
        parser.add_argument("--occupation", required=True, help="occupation code, e.g. 6-18-02-04")
        parser.add_argument("--level", required=True, type=int, choices=range(1, 6))
        parser.add_argument("--job-type", default="")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="assessment date (default today)")
        parser.add_argument("--evaluators", default="(imported from the command line)")
        parser.add_argument("--check-only", action="store_true", help="check the file and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        from skillcert.institutions.models import Institution

        institution = Institution.objects.filter(public_id=options["institution"]).first() or (
            Institution.objects.filter(credit_code=options["institution"].upper()).first()
        )
        if institution is None:
            raise CommandError(f"No institution {options['institution']!r}.")
        data = options["file"].read_bytes()
        with acting_as():
            try:
                self._run(institution, data, options)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc

    def _run(self, institution: Any, data: bytes, options: dict[str, Any]) -> None:
        batch = services.declare_batch(
            actor=None,
            institution=institution,
            occupation_code=options["occupation"],
            job_type=options["job_type"],
            level=options["level"],
            assessment_date=options["date"] or timezone.localdate(),
            evaluators=options["evaluators"],
        )
        started = time.perf_counter()
        services.upload_results(batch=batch, actor=None, filename=options["file"].name, data=data)
        batch.refresh_from_db()
        self.stdout.write(
            f"batch {batch.public_id}: {batch.rows_total} rows, {batch.rows_passed} passed, "
            f"{batch.rows_failed_assessment} did not pass, {batch.rows_with_errors} with errors"
        )
        for error in batch.latest_file.errors[:50] if batch.latest_file else []:
            self.stdout.write(f"  row {error['row']} {error['id']}: {'; '.join(error['messages'])}")
        if batch.rows_with_errors:
            raise CommandError("Fix the rows above and run again; nothing was issued.")
        if options["check_only"]:
            return
        job = self._commit_with_progress(batch)
        if job.status != "succeeded":
            raise CommandError(job.message)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{job.result.get('issued', 0)} certificates issued in {elapsed:.1f} s (batch {batch.public_id})"
            )
        )

    def _commit_with_progress(self, batch: Any) -> Job:
        finished = threading.Event()
        holder: dict[str, Job] = {}

        def watch() -> None:
            while not finished.wait(0.5):
                job = Job.objects.filter(subject_id=batch.public_id).order_by("-created_at").first()
                done, total = job.live if job is not None else (0, 0)
                if total:
                    sys.stderr.write(progress_bar(done, total))
                    sys.stderr.flush()

        # The watcher reads the progress file; on SQLite its job query waits while the writer holds the lock.
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            holder["job"] = services.commit_batch(batch=batch, actor=None, inline=True)
        finally:
            finished.set()
            watcher.join()
        job = Job.objects.get(pk=holder["job"].pk)
        sys.stderr.write(progress_bar(job.done, job.total) + "\n")
        return job
