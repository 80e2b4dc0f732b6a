"""A large results file is checked by a background job with progress; a small one stays in the request."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.assessments.models import ResultFile
from skillcert.core.errors import NotAllowed
from skillcert.core.models import Job, JobStatus
from tests.assessments.test_batches import good_rows, results_csv

pytestmark = pytest.mark.django_db
PREVIEW = "assessments.preview"


@pytest.fixture
def small_threshold(monkeypatch):
    """Every file above 100 bytes counts as large (no need to build a huge file)."""
    monkeypatch.setattr(services, "PREVIEW_INLINE_BYTES", 100)


@pytest.fixture
def client(operator):
    client = Client()
    client.force_login(operator)
    return client


def post_file(client, batch, data, name="results.csv"):
    return client.post(f"/assessments/{batch.public_id}/upload/", {"file": SimpleUploadedFile(name, data)})


def counts(batch):
    batch.refresh_from_db()
    return batch.status, batch.rows_total, batch.rows_passed, batch.rows_failed_assessment, batch.rows_with_errors


def test_large_file_is_checked_by_a_job_with_the_same_outcome_as_inline(
    batch, operator, client, small_threshold, django_capture_on_commit_callbacks, institution
):
    rows = good_rows(7)
    rows[2][6] = 10  # did not pass the practical part
    data = results_csv(rows)
    assert len(data) > services.PREVIEW_INLINE_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, batch, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/assessments/{batch.public_id}/")
    job = Job.objects.get(kind=PREVIEW, subject_id=batch.public_id)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.done == 7  # rows checked, shown as progress
    background = counts(batch)
    stored = ResultFile.objects.get(batch=batch)

    other = services.declare_batch(
        actor=operator, institution=institution, occupation_code=batch.occupation_code, level=batch.level,
        assessment_date=batch.assessment_date, evaluators=batch.evaluators,
    )  # fmt: skip
    inline = services.upload_results(batch=other, actor=operator, filename="results.csv", data=data)
    assert background == counts(other) == (BatchStatus.CHECKED, 7, 6, 1, 0)
    assert (stored.rows_total, stored.errors, stored.sha256) == (inline.rows_total, inline.errors, inline.sha256)
    assert job.result["file"] == stored.public_id


def test_bad_row_in_a_large_file_shows_in_the_preview(
    batch, client, small_threshold, django_capture_on_commit_callbacks
):
    rows = good_rows(5)
    rows[3][1] = "张3"  # digit in a name
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, batch, results_csv(rows))
    job = Job.objects.get(kind=PREVIEW, subject_id=batch.public_id)
    assert job.status == JobStatus.SUCCEEDED
    assert counts(batch)[-1] == 1
    page = client.get(f"/assessments/{batch.public_id}/").content.decode()
    assert 'data-testid="row-errors"' in page
    assert "数字" in page


def test_refused_large_file_fails_the_job_and_changes_nothing(
    batch, client, small_threshold, django_capture_on_commit_callbacks, settings
):
    data = ("姓名,备注\n" + "王芳,x\n" * 40).encode()  # no ID number or score columns
    assert len(data) > services.PREVIEW_INLINE_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, batch, data)
    job = Job.objects.get(kind=PREVIEW, subject_id=batch.public_id)
    assert job.status == JobStatus.FAILED
    assert "证件号码" in job.message
    assert counts(batch) == (BatchStatus.DECLARED, 0, 0, 0, 0)
    assert not ResultFile.objects.exists()
    assert not list((settings.DATA_DIR / "uploads" / "results" / batch.public_id).glob("*.bin"))  # not kept
    page = client.get(f"/assessments/{batch.public_id}/").content.decode()
    assert job.message in page


def test_batch_page_shows_progress_while_the_preview_runs(batch, client, operator):
    Job.objects.create(
        kind=PREVIEW, owner=operator, subject_type=services.OBJECT_TYPE, subject_id=batch.public_id,
        status=JobStatus.RUNNING, started_at=timezone.now(), done=1500,
    )  # fmt: skip
    page = client.get(f"/assessments/{batch.public_id}/").content.decode()
    assert "正在检查上传的成绩文件" in page
    assert "1500" in page
    assert 'http-equiv="refresh"' in page


def test_second_preview_is_refused_while_one_runs(batch, operator, small_threshold):
    Job.objects.create(kind=PREVIEW, owner=operator, subject_id=batch.public_id, status=JobStatus.RUNNING)
    with pytest.raises(NotAllowed):
        services.start_results_preview(batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(3)))
    assert Job.objects.filter(kind=PREVIEW).count() == 1
    assert counts(batch)[0] == BatchStatus.DECLARED


def test_preview_refuses_up_front_like_the_inline_upload(batch, operator, settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(Exception, match="MB"):
        services.start_results_preview(batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(3)))
    assert not Job.objects.filter(kind=PREVIEW).exists()


def test_small_file_stays_inline(batch, client):
    response = post_file(client, batch, results_csv(good_rows(3)))
    assert response.status_code == 302
    assert not Job.objects.filter(kind=PREVIEW).exists()
    assert counts(batch) == (BatchStatus.CHECKED, 3, 3, 0, 0)


def test_inline_upload_reports_progress(batch, operator):
    seen: list[int] = []
    services.upload_results(
        batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(3)), progress=seen.append
    )
    assert seen and seen[-1] == 3
