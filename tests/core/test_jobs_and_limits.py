"""Background jobs with progress (rate limits are in test_ratelimit.py)."""

from __future__ import annotations

import pytest

from skillcert.core.errors import InvalidInput
from skillcert.core.jobs import HANDLERS, job_handler, run_job, start_job
from skillcert.core.models import Job, JobStatus


@pytest.fixture
def handlers():
    saved = dict(HANDLERS)

    @job_handler("test.count")
    def count(job, progress):
        progress.total(job.params["n"])
        for i in range(1, job.params["n"] + 1):
            progress.advance(i)
        progress.advance(job.params["n"], force=True)
        return {"counted": job.params["n"]}

    @job_handler("test.refuse")
    def refuse(job, progress):
        raise InvalidInput("第 3 行：证件号码校验位不正确。", fields={"row_3": ["校验位不正确"]})

    @job_handler("test.crash")
    def crash(job, progress):
        raise RuntimeError("secret internals 510101199001011234")

    yield
    HANDLERS.clear()
    HANDLERS.update(saved)


@pytest.mark.django_db(transaction=True)
def test_job_runs_with_progress_and_result(handlers):
    job = start_job(kind="test.count", n=1200)
    job.refresh_from_db()  # immediate mode: the job ran on commit
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.SUCCEEDED, 1200, 1200, 100)
    assert job.result == {"counted": 1200}


@pytest.mark.django_db
def test_domain_error_fails_the_job_with_its_message(handlers):
    job = run_job(Job.objects.create(kind="test.refuse"))
    assert job.status == JobStatus.FAILED
    assert job.message == "第 3 行：证件号码校验位不正确。"
    assert job.result["fields"] == {"row_3": ["校验位不正确"]}


@pytest.mark.django_db
def test_unexpected_error_never_reaches_the_user(handlers):
    job = run_job(Job.objects.create(kind="test.crash"))
    assert job.status == JobStatus.FAILED
    assert "secret" not in job.message and "5101" not in job.message


# Rate limits: tests/core/test_ratelimit.py (time frozen there).
