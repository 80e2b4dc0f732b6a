"""A worker killed while issuing: the reaper returns the batch to "checked" and issuing can start again."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.certificates.models import Certificate
from skillcert.core.jobs import reap_stale_jobs
from skillcert.core.models import ChangeLogEntry, Job, JobStatus
from tests.assessments.test_batches import good_rows, results_csv, upload

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def crashed_commit(batch, operator):
    """Commit, and let the worker 'die' right after it started: the job stays running, the batch committing."""
    upload(batch, operator, results_csv(good_rows(4)))
    with time_machine.travel(START, tick=False):
        job = services.commit_batch(batch=batch, actor=operator)  # on_commit not run: the job never finishes
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=START, heartbeat_at=START)
    return job


def test_a_crashed_commit_is_returned_to_checked_and_can_be_issued_again(
    batch, operator, django_capture_on_commit_callbacks
):
    job = crashed_commit(batch, operator)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTING
    with pytest.raises(Exception, match=r"校验|checked"):
        services.commit_batch(batch=batch, actor=operator)  # refused while stuck

    with time_machine.travel(START + dt.timedelta(minutes=2), tick=False):
        assert reap_stale_jobs() == 0  # a fresh heartbeat: still alive
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert reap_stale_jobs() == 1

    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result.get("interrupted") is True
    assert batch.status == BatchStatus.CHECKED
    entry = ChangeLogEntry.objects.filter(object_id=batch.public_id, action="assessments.batch.interrupt").get()
    assert entry.reason and entry.after == {"status": BatchStatus.CHECKED}
    assert not Certificate.objects.exists()

    client = Client()
    client.force_login(operator)
    page = client.get(f"/assessments/{batch.public_id}/").content.decode()
    assert "中断" in page and "重新" in page and 'data-testid="commit"' in page

    with django_capture_on_commit_callbacks(execute=True):
        again = services.commit_batch(batch=batch, actor=operator)
    again.refresh_from_db()
    batch.refresh_from_db()
    assert again.status == JobStatus.SUCCEEDED, again.message
    assert (batch.status, batch.certificates_issued) == (BatchStatus.COMMITTED, 4)
    issued = Certificate.objects.filter(batch_id=batch.public_id)
    assert issued.count() == 4 and issued.values("holder").distinct().count() == 4
    assert "中断" not in client.get(f"/assessments/{batch.public_id}/").content.decode()


def test_the_reap_jobs_command_reaps(batch, operator, capsys):
    crashed_commit(batch, operator)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        call_command("reap_jobs")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED
    assert "1" in capsys.readouterr().out
