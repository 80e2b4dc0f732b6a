"""Batch print PDFs hold full ID numbers: owner-only on disk, deleted 24 hours after they were made."""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from skillcert.certificates.printing import PRINT_KEEP, batch_pdf_path, purge_expired_prints
from tests.assessments.test_batches import batch, good_rows, results_csv  # noqa: F401  (batch: a fixture)

pytestmark = pytest.mark.django_db
EXPIRED_ZH = "批量打印的 PDF 已在生成 24 小时后删除"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def printed(batch, operator, django_capture_on_commit_callbacks):  # noqa: F811
    """A committed batch of two, printed through the pages; returns the signed-in client and the batch."""
    client = Client()
    client.force_login(operator)
    upload = SimpleUploadedFile("r.csv", results_csv(good_rows(2)))
    client.post(f"/assessments/{batch.public_id}/upload/", {"file": upload})
    batch.refresh_from_db()
    confirmed = {"confirm": "yes", "file": batch.latest_file.public_id, "count": str(batch.rows_passed)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{batch.public_id}/commit/", confirmed)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{batch.public_id}/print/")
    assert batch_pdf_path(batch.public_id).exists()
    return client, batch


def streamed(response) -> bytes:
    """The downloaded file, closed without the end-of-request signal, which would close the test's
    PostgreSQL connection in the middle of its transaction."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    data = b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return data


def made_ago(path: Path, age: dt.timedelta) -> None:
    """Date a print back by ``age`` (its modification time is when it was made)."""
    when = time.time() - age.total_seconds()
    os.utime(path, (when, when))


def test_a_batch_print_is_owner_only_in_an_owner_only_directory(printed):
    client, printed_batch = printed
    path = batch_pdf_path(printed_batch.public_id)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    response = client.get(f"/assessments/{printed_batch.public_id}/print.pdf")
    assert response.status_code == 200
    assert streamed(response).startswith(b"%PDF")


def test_an_expired_print_is_deleted_at_download_and_the_pages_say_so(printed):
    client, printed_batch = printed
    path = batch_pdf_path(printed_batch.public_id)
    made_ago(path, PRINT_KEEP - dt.timedelta(minutes=1))
    response = client.get(f"/assessments/{printed_batch.public_id}/print.pdf")
    assert response.status_code == 200
    streamed(response)
    made_ago(path, PRINT_KEEP + dt.timedelta(minutes=1))
    response = client.get(f"/assessments/{printed_batch.public_id}/print.pdf")
    assert response.status_code == 404
    assert EXPIRED_ZH in response.content.decode()
    assert not path.exists()
    page = client.get(f"/assessments/{printed_batch.public_id}/").content.decode()
    assert 'data-testid="print-expired"' in page and EXPIRED_ZH in page
    assert 'data-testid="print-download"' not in page
    client.cookies["skillcert_language"] = "en"  # what the language button sets
    english = client.get(f"/assessments/{printed_batch.public_id}/print.pdf")
    assert english.status_code == 404 and "deleted 24 hours after it was made" in english.content.decode()


def test_the_periodic_purge_deletes_only_prints_older_than_24_hours(printed):
    _client, printed_batch = printed
    fresh = batch_pdf_path("b-fresh")
    fresh.write_bytes(b"%PDF-1.7 fresh")
    made_ago(fresh, dt.timedelta(hours=12))
    assert purge_expired_prints() == 0
    made_ago(batch_pdf_path(printed_batch.public_id), PRINT_KEEP + dt.timedelta(seconds=30))
    assert purge_expired_prints() == 1
    assert not batch_pdf_path(printed_batch.public_id).exists()
    assert fresh.exists()
    fresh.unlink()


def test_printing_again_after_expiry_gives_a_new_pdf(printed, django_capture_on_commit_callbacks):
    client, printed_batch = printed
    made_ago(batch_pdf_path(printed_batch.public_id), PRINT_KEEP + dt.timedelta(hours=1))
    assert purge_expired_prints() == 1
    page = client.get(f"/assessments/{printed_batch.public_id}/").content.decode()
    assert 'data-testid="print-expired"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{printed_batch.public_id}/print/")
    response = client.get(f"/assessments/{printed_batch.public_id}/print.pdf")
    assert response.status_code == 200
    streamed(response)
    page = client.get(f"/assessments/{printed_batch.public_id}/").content.decode()
    assert 'data-testid="print-download"' in page and 'data-testid="print-expired"' not in page
