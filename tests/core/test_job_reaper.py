"""Job heartbeats and the reaper of jobs whose worker died."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from skillcert.core.jobs import HANDLERS, Progress, job_handler, reap_stale_jobs, run_job
from skillcert.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def handlers():
    saved = dict(HANDLERS)

    @job_handler("test.beat")
    def beat(job, progress):
        progress.total(10)
        progress.advance(10, force=True)
        return {"beats": True}

    yield
    HANDLERS.clear()
    HANDLERS.update(saved)


def test_a_running_job_records_heartbeats(handlers):
    with time_machine.travel(START, tick=False):
        job = run_job(Job.objects.create(kind="test.beat"))
    assert job.status == JobStatus.SUCCEEDED
    assert job.heartbeat_at == START


def test_progress_beats_outside_a_transaction():
    job = Job.objects.create(kind="test.beat", status=JobStatus.RUNNING)
    with time_machine.travel(START, tick=False):
        progress = Progress(job)
        progress.total(5)
    job.refresh_from_db()
    assert job.heartbeat_at == START


def test_only_stale_running_jobs_are_reaped():
    fresh = Job.objects.create(kind="x", status=JobStatus.RUNNING, started_at=START, heartbeat_at=START)
    long_ago = START - dt.timedelta(hours=2)
    stale = Job.objects.create(kind="x", status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    never_beat = Job.objects.create(kind="x", status=JobStatus.RUNNING, started_at=START - dt.timedelta(hours=2))
    queued = Job.objects.create(kind="x", status=JobStatus.QUEUED)
    done = Job.objects.create(
        kind="x", status=JobStatus.SUCCEEDED, started_at=START, heartbeat_at=START - dt.timedelta(days=1)
    )
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert reap_stale_jobs() == 2
    statuses = {j.pk: j.status for j in Job.objects.all()}
    assert statuses[fresh.pk] == JobStatus.RUNNING
    assert statuses[stale.pk] == statuses[never_beat.pk] == JobStatus.FAILED
    assert statuses[queued.pk] == JobStatus.QUEUED and statuses[done.pk] == JobStatus.SUCCEEDED
    reaped = Job.objects.get(pk=stale.pk)
    assert reaped.message and reaped.finished_at is not None and reaped.result == {"interrupted": True}


def test_a_live_progress_file_keeps_a_job_alive():
    long_ago = START - dt.timedelta(hours=2)
    job = Job.objects.create(kind="x", status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    progress = Progress(job)
    with time_machine.travel(START, tick=False), transaction.atomic():
        progress.beat()  # inside the job's transaction the beat goes to the progress file only
    job.refresh_from_db()
    assert job.heartbeat_at == long_ago
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert reap_stale_jobs() == 0
    progress.path.unlink()
