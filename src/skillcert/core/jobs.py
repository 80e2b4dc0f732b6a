"""Background jobs with progress: a small registry of job kinds run by Huey.

A use case that takes long (a 100k-row import, a batch print) creates a
:class:`~skillcert.core.models.Job` with :func:`start_job`; Huey runs the
registered handler, which reports progress through :class:`Progress`. Pages poll
the job, the CLI draws a progress bar from the same rows. Tests run Huey in
immediate mode, so the job has finished when ``start_job`` returns.

A running job beats: :class:`Progress` stamps ``Job.heartbeat_at`` (and, while the
handler's work sits inside one transaction that nobody else can see, the progress
file) at least every :data:`BEAT_SECONDS`. A worker that is killed stops beating;
:func:`reap_stale_jobs` (at worker start, every five minutes in Huey, and
``skillcert reap-jobs``) fails every running job whose last beat is older than
``SKILLCERT_JOB_STALE_SECONDS`` (600 s) and calls the hook its kind registered
with :func:`on_interrupted` (an assessment batch returns to "results checked").

Handlers are plain functions ``handler(job, progress) -> dict`` registered with
:func:`job_handler`; the dict becomes ``job.result``. A handler that raises
marks the job failed with the error's message (domain errors) or a generic
message (anything else, logged with the job id), never a traceback for users.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from skillcert.core.context import acting_as
from skillcert.core.errors import DomainError
from skillcert.core.models import Job, JobStatus

logger = logging.getLogger(__name__)
Handler = Callable[[Job, "Progress"], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}
INTERRUPTED: dict[str, Callable[[Job], None]] = {}
BEAT_SECONDS = 30


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn

    return register


def on_interrupted(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    """Register what to undo when a job of ``kind`` is reaped (called inside the reaper's transaction)."""

    def register(fn: Callable[[Job], None]) -> Callable[[Job], None]:
        INTERRUPTED[kind] = fn
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


def _file_beat(job: Job) -> dt.datetime | None:
    """The last beat a running job wrote to its progress file, if any."""
    try:
        return dt.datetime.fromisoformat(json.loads(progress_path(job).read_text())["beat"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Progress:
    """Reports progress of a running job, at most every ``step`` items to keep the hot loop cheap, and beats.

    Progress goes to a small file in the data directory, not to the database: the
    job's work runs in one all-or-nothing transaction, whose writes nobody else can
    see before it commits (and SQLite lets only one writer in at a time). For the
    same reason the heartbeat goes to ``Job.heartbeat_at`` only when no transaction
    was opened since the job started; the progress file always carries it, and a
    ticker thread (:meth:`start`) keeps beating during long steps.
    """

    def __init__(self, job: Job, step: int = 500) -> None:
        self.job = job
        self.step = step
        self._last = 0
        self._beat_at: dt.datetime | None = None
        self._depth = len(transaction.get_connection().atomic_blocks)
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self.path = progress_path(job)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _write(self) -> None:
        self._beat_at = timezone.now()
        tmp = self.path.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"done": self.job.done, "total": self.job.total, "beat": self._beat_at.isoformat()}))
        os.replace(tmp, self.path)

    def beat(self) -> None:
        """Record that the job is alive: in the progress file, and on the job's row outside the work's transaction."""
        self._write()
        if len(transaction.get_connection().atomic_blocks) == self._depth:
            Job.objects.filter(pk=self.job.pk).update(heartbeat_at=self._beat_at)

    def _due(self) -> bool:
        return self._beat_at is None or timezone.now() - self._beat_at >= dt.timedelta(seconds=BEAT_SECONDS)

    def total(self, total: int) -> None:
        self.job.total = total
        self.beat()

    def advance(self, done: int, *, force: bool = False) -> None:
        self.job.done = done  # the final count reaches the row when the job finishes
        if force or done - self._last >= self.step:
            self._last = done
            if self._due():
                self.beat()
            else:
                self._write()

    def start(self) -> None:
        """Beat every :data:`BEAT_SECONDS` from a thread (progress file only) until :meth:`stop`."""

        def tick() -> None:
            while not self._stop.wait(BEAT_SECONDS):
                self._write()

        self._ticker = threading.Thread(target=tick, name=f"beat-{self.job.public_id}", daemon=True)
        self._ticker.start()

    def stop(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()


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
    now = timezone.now()
    started = Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not started:  # reaped or finished meanwhile: never run a job twice
        job.refresh_from_db()
        return job
    progress = Progress(job)
    progress.start()
    try:
        with acting_as(batch_id=job.subject_id or job.public_id):
            result = HANDLERS[job.kind](job, progress)
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, str(exc.message), exc.as_dict())
    except Exception:
        logger.exception("job %s (%s) failed", job.public_id, job.kind)
        _finish(job, JobStatus.FAILED, _("The job failed because of an internal error."), {})
    else:
        _finish(job, JobStatus.SUCCEEDED, "", result)
    finally:
        progress.stop()
    progress.path.unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _finish(job: Job, status: str, message: str, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, message=message, result=result, finished_at=timezone.now(), done=job.done, total=job.total
    )


def stale_after() -> dt.timedelta:
    """How long a running job may go without a beat before it counts as interrupted."""
    return dt.timedelta(seconds=int(getattr(settings, "JOB_STALE_SECONDS", 600)))


def _last_sign_of_life(job: Job) -> dt.datetime:
    times = [t for t in (job.heartbeat_at, job.started_at, _file_beat(job)) if t is not None]
    return max(times) if times else job.created_at


def _reap(job: Job, now: dt.datetime) -> bool:
    with transaction.atomic():
        locked = Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING).first()
        if locked is None:
            return False
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            message=_("The job was interrupted: its worker stopped before it finished."),
            result={"interrupted": True},
            finished_at=now,
        )
        hook = INTERRUPTED.get(job.kind)
        if hook is not None:
            hook(locked)
    logger.warning("job %s (%s) was interrupted; its worker stopped beating", job.public_id, job.kind)
    progress_path(job).unlink(missing_ok=True)
    return True


def reap_stale_jobs() -> int:
    """Fail every running job whose last beat is older than :func:`stale_after`; return how many."""
    now = timezone.now()
    cutoff = now - stale_after()
    reaped = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING).order_by("pk"):
        if _last_sign_of_life(job) < cutoff:
            reaped += _reap(job, now)
    return reaped


@on_startup()
def reap_at_worker_start() -> None:
    """A worker that starts may follow one that was killed: reap what it left running."""
    reap_stale_jobs()


@db_periodic_task(crontab(minute="*/5"))
def reap_stale_jobs_task() -> None:
    """Every five minutes: reap jobs whose worker died."""
    reap_stale_jobs()
