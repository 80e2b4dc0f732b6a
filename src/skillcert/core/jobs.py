"""Background jobs with progress: a small registry of job kinds run by Huey.

A use case that takes long (a 100k-row import, a batch print) creates a
:class:`~skillcert.core.models.Job` with :func:`start_job`; Huey runs the
registered handler, which reports progress through :class:`Progress`. Pages poll
the job, the CLI draws a progress bar from the same rows. Tests run Huey in
immediate mode, so the job has finished when ``start_job`` returns.

Handlers are plain functions ``handler(job, progress) -> dict`` registered with
:func:`job_handler`; the dict becomes ``job.result``. A handler that raises
marks the job failed with the error's message (domain errors) or a generic
message (anything else, logged with the job id), never a traceback for users.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from skillcert.core.context import acting_as
from skillcert.core.errors import DomainError
from skillcert.core.models import Job, JobStatus

logger = logging.getLogger(__name__)
Handler = Callable[[Job, "Progress"], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def progress_path(job: Job) -> Path:
    """Where a running job's progress is written (outside the database, see :class:`Progress`)."""
    return Path(settings.DATA_DIR) / "jobs" / f"{job.public_id}.json"


def read_progress(job: Job) -> tuple[int, int]:
    """(done, total) of a job: live from the progress file while it runs, else from the row."""
    if job.status == JobStatus.RUNNING:
        try:
            data = json.loads(progress_path(job).read_text())
            return int(data["done"]), int(data["total"])
        except (OSError, ValueError, KeyError):
            pass
    return job.done, job.total


class Progress:
    """Reports progress of a running job, at most every ``step`` items to keep the hot loop cheap.

    Progress goes to a small file in the data directory, not to the database: the
    job's work runs in one all-or-nothing transaction, whose writes nobody else can
    see before it commits (and SQLite lets only one writer in at a time).
    """

    def __init__(self, job: Job, step: int = 500) -> None:
        self.job = job
        self.step = step
        self._last = 0
        self.path = progress_path(job)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _write(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"done": self.job.done, "total": self.job.total}))
        os.replace(tmp, self.path)

    def total(self, total: int) -> None:
        self.job.total = total
        self._write()

    def advance(self, done: int, *, force: bool = False) -> None:
        self.job.done = done  # the final count reaches the row when the job finishes
        if force or done - self._last >= self.step:
            self._last = done
            self._write()


def start_job(
    *, kind: str, owner: Any = None, subject_type: str = "", subject_id: str = "", inline: bool = False, **params: Any
) -> Job:
    """Create a job and queue it after the current transaction commits (``inline``: run it here, e.g. the CLI)."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler registered for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        subject_type=subject_type,
        subject_id=subject_id,
        params=params,
    )
    transaction.on_commit(lambda: run_job(job) if inline else run_job_task(job.pk))
    return job


@db_task()
def run_job_task(job_pk: int) -> None:
    """Huey entry point."""
    run_job(Job.objects.get(pk=job_pk))


def run_job(job: Job) -> Job:
    """Run a job's handler now (Huey calls this; the CLI may too) and record the outcome."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    progress = Progress(job)
    try:
        with acting_as(job.owner, batch_id=job.subject_id or job.public_id):
            result = HANDLERS[job.kind](job, progress)
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, str(exc.message), exc.as_dict())
    except Exception:
        logger.exception("job %s (%s) failed", job.public_id, job.kind)
        _finish(job, JobStatus.FAILED, _("The job failed because of an internal error."), {})
    else:
        _finish(job, JobStatus.SUCCEEDED, "", result)
    progress.path.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, message: str, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, message=message, result=result, finished_at=timezone.now(), done=job.done, total=job.total
    )
