"""A batch big enough to be signed in several processes: issued whole, or (a signing process dies) not at all."""

from __future__ import annotations

import os
from typing import Any

import pytest

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.certificates.models import Certificate
from skillcert.credentials import parallel
from skillcert.credentials import services as credentials
from skillcert.credentials.models import IssuedCredential
from skillcert.credentials.selectors import resolve_own_key
from skillcert.credentials.signing import verify_proof
from skillcert.transparency.models import LogLeaf
from tests.assessments.test_batches import good_rows, results_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_of_two(monkeypatch: Any, settings: Any) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    monkeypatch.setattr(parallel, "SLICE_MIN", 1)
    settings.SIGNING_PROCESSES = 2


def commit(batch: Any, operator: Any, capture: Any) -> Any:
    with capture(execute=True):  # the job starts when the transaction commits
        job = services.commit_batch(batch=batch, actor=operator)
    job.refresh_from_db()
    batch.refresh_from_db()
    return job


def test_a_batch_signed_by_two_processes_is_issued_whole(
    batch, operator, pool_of_two, django_capture_on_commit_callbacks
):
    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(6)))
    job = commit(batch, operator, django_capture_on_commit_callbacks)
    assert job.status == "succeeded", job.message
    issued = Certificate.objects.filter(batch_id=batch.public_id)
    stored = IssuedCredential.objects.filter(subject_id__in=issued.values("public_id"))
    assert (issued.count(), stored.count()) == (6, 6)
    assert all(verify_proof(row.document, resolve_key=resolve_own_key).ok for row in stored)
    assert {row.document["credentialSubject"]["licenseNumber"] for row in stored} == set(
        issued.values_list("number", flat=True)
    )


def test_a_signing_process_that_dies_leaves_nothing_issued_and_the_batch_can_be_retried(
    batch, operator, pool_of_two, monkeypatch, django_capture_on_commit_callbacks
):
    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(6)))
    leaves = LogLeaf.objects.count()
    real = credentials._signed_and_checked

    def dies_on_the_fifth(facts: Any, index: int, *rest: Any) -> Any:
        if index == 4:
            os._exit(9)  # killed mid-batch: no exception, no result
        return real(facts, index, *rest)

    monkeypatch.setattr(credentials, "_signed_and_checked", dies_on_the_fifth)
    job = commit(batch, operator, django_capture_on_commit_callbacks)
    assert job.status == "failed" and batch.status == BatchStatus.CHECKED
    assert not Certificate.objects.exists() and not IssuedCredential.objects.exists()
    assert LogLeaf.objects.count() == leaves

    monkeypatch.setattr(credentials, "_signed_and_checked", real)
    job = commit(batch, operator, django_capture_on_commit_callbacks)
    assert job.status == "succeeded", job.message
    assert (batch.status, Certificate.objects.count()) == (BatchStatus.COMMITTED, 6)


def test_a_batch_is_marked_issued_only_from_issuing_and_the_change_is_logged(
    batch, operator, django_capture_on_commit_callbacks
):
    from skillcert.core.errors import NotAllowed
    from skillcert.core.models import ChangeLogEntry

    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=results_csv(good_rows(2)))
    with pytest.raises(NotAllowed):
        services.mark_committed(batch=batch, issued=2)  # still "results checked": nothing to mark
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED
    commit(batch, operator, django_capture_on_commit_callbacks)
    entry = ChangeLogEntry.objects.get(object_id=batch.public_id, action="assessments.batch.complete")
    assert (entry.before, entry.after) == (
        {"status": "committing"},
        {"status": "committed", "certificates_issued": 2},
    )
