"""Every state change of an assessment batch: declare, upload results, commit (as a job).

Commit is all-or-nothing: the job re-reads the stored file, validates every row
again with the same code as the preview, registers the holders and issues the
certificates of the rows that passed in one transaction. If anything fails,
nothing is issued and the batch returns to "results checked" with the job's
error report. If the worker dies during the commit (killed, out of memory), the
job reaper calls :func:`recover_interrupted_commit`: the transaction never
committed, so the batch returns to "results checked" and can be issued again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.assessments.choices import BatchStatus
from skillcert.assessments.models import Batch, ResultFile
from skillcert.assessments.spreadsheet import read_rows
from skillcert.assessments.validation import BatchRules, Report, validate_rows
from skillcert.catalog.choices import CertificateType
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates.services import (
    IssueSpec,
    check_actor_may_issue,
    check_issuable,
    evaluation_standard,
    rule_answer,
)
from skillcert.core.bureaus import logs_region_refusals
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed
from skillcert.core.jobs import start_job
from skillcert.core.models import Job, JobStatus

OBJECT_TYPE = "assessments.batch"
LOGGED_FIELDS = [
    "certificate_type",
    "occupation_code",
    "job_type",
    "level",
    "assessment_date",
    "status",
    "standard_kind",
    "standard_code",
]
PREVIEW_INLINE_BYTES = 512 * 1024
"""Results files up to this size are checked in the request; larger ones by the "assessments.preview" job."""
PREVIEW_JOB = "assessments.preview"
PROGRESS_EVERY = 500
"""While rows are checked, the progress callback hears the count every this many rows (and once at the end)."""
RowsChecked = Callable[[int], None]


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def refuse_oversize(size: int) -> None:
    """Refuse a results file larger than the limit (checked before the file is read)."""
    if size > max_upload_bytes():
        raise InvalidInput(
            _("The file is larger than %(mb)s MB. Split the results into several batches.")
            % {"mb": max_upload_bytes() // (1024 * 1024)}
        )


def _spec_for(batch: Batch, holder: Any = None) -> IssueSpec:
    """The certificate a passing row of this batch receives (also used to check the declaration)."""
    return IssueSpec(
        certificate_type=batch.certificate_type,
        holder=holder,
        issued_on=batch.assessment_date,
        source="assessment",
        occupation_code=batch.occupation_code,
        job_type=batch.job_type,
        level=batch.level,
        institution=batch.institution,
        project=batch.project,
        region=batch.region,
        batch_id=batch.public_id,
        standard_kind=batch.standard_kind,
        standard_code=batch.standard_code,
    )


def _check_declaration(batch: Batch, actor: Any) -> None:
    spec = _spec_for(batch)
    check_actor_may_issue(actor, spec)
    answer = rule_answer(spec)
    check_issuable(spec, answer)
    if answer is not None:
        batch.occupation_name = answer.name
    batch.standard_kind, batch.standard_code = evaluation_standard(spec)  # recorded on the batch and each certificate


@logs_region_refusals  # a city bureau declaring for another 市(州): refused, then logged after the rollback
@transaction.atomic
def declare_batch(
    *,
    actor: Any,
    certificate_type: str = CertificateType.SKILL_LEVEL,
    institution: Any = None,
    occupation_code: str = "",
    job_type: str = "",
    level: int | None = None,
    project: SpecialAbilityProject | None = None,
    region: Region | None = None,
    standard_kind: str = "",
    standard_code: str = "",
    assessment_date: dt.date,
    evaluators: str,
    theory_pass_mark: int = 60,
    practical_pass_mark: int = 60,
) -> Batch:
    """Declare an assessment batch; refused at once when its certificates could not be issued."""
    if not evaluators.strip():
        raise InvalidInput(_("Name the evaluators of this assessment."), fields={"evaluators": [_("Required.")]})
    for mark in (theory_pass_mark, practical_pass_mark):
        if not 0 <= mark <= 100:
            raise InvalidInput(_("Pass marks are between 0 and 100."))
    batch = Batch(
        certificate_type=certificate_type,
        institution=institution,
        occupation_code=occupation_code.strip(),
        job_type=job_type.strip(),
        level=level,
        project=project,
        region=region,
        standard_kind=standard_kind,
        standard_code=standard_code.strip(),
        assessment_date=assessment_date,
        evaluators=evaluators.strip(),
        theory_pass_mark=theory_pass_mark,
        practical_pass_mark=practical_pass_mark,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_declaration(batch, actor)
    batch.save()
    record_change(
        action="declare", object_type=OBJECT_TYPE, object_id=batch.public_id, after=snapshot(batch, LOGGED_FIELDS)
    )
    return batch


def rules_of(batch: Batch) -> BatchRules:
    return BatchRules(batch.level, batch.job_type, batch.theory_pass_mark, batch.practical_pass_mark)


def preview_in_background(size: int) -> bool:
    """Whether a results file of ``size`` bytes is checked by a background job rather than in the request."""
    return size > PREVIEW_INLINE_BYTES


def check_file(batch: Batch, filename: str, data: bytes, progress: RowsChecked | None = None) -> Report:
    """Validate every row of a file against the batch (the preview); nothing is stored.

    ``progress`` is called with the number of rows checked so far, every :data:`PROGRESS_EVERY` rows and at the end.
    """
    report = Report()
    for row in validate_rows(read_rows(data, filename), rules_of(batch)):
        report.add(row)
        if progress is not None and report.total % PROGRESS_EVERY == 0:
            progress(report.total)
    if progress is not None:
        progress(report.total)
    if report.total == 0:
        raise InvalidInput(_("The file has a header but no result rows."))
    return report


def _refuse_reupload(batch: Batch, sha256: str) -> None:
    earlier = (
        ResultFile.objects.filter(sha256=sha256, batch__status=BatchStatus.COMMITTED)
        .filter(batch__institution=batch.institution, batch__project=batch.project)
        .select_related("batch")
        .first()
    )
    if earlier is not None:
        raise NotAllowed(
            _("This file was already imported in batch %(batch)s on %(date)s; nothing was issued twice.")
            % {
                "batch": earlier.batch.display_name,
                "date": earlier.batch.committed_at.date() if earlier.batch.committed_at else "",
            },
            code="file_already_imported",
        )


def store_encrypted(batch: Batch, sha256: str, data: bytes) -> str:
    """Keep an uploaded results file encrypted under the data directory (it holds ID numbers); return its path.

    Anything with a ``public_id`` works as ``batch``: competition result imports use it too.
    """
    from skillcert.people.protection import encrypt_bytes

    folder = settings.DATA_DIR / "uploads" / "results" / batch.public_id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{sha256}.bin"
    path.write_bytes(encrypt_bytes(data))
    path.chmod(0o600)
    return str(path)


def _refuse_upload(batch: Batch, actor: Any, data: bytes) -> str:
    """The up-front refusals of an upload (closed batch, size, declaration, file already imported); its sha256."""
    if batch.status not in (BatchStatus.DECLARED, BatchStatus.CHECKED):
        raise NotAllowed(_("Results can no longer be uploaded to this batch."), code="batch_closed")
    refuse_oversize(len(data))
    _check_declaration(batch, actor)  # the institution may have been suspended since
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_reupload(batch, sha256)
    return sha256


@transaction.atomic
def upload_results(
    *, batch: Batch, actor: Any, filename: str, data: bytes, progress: RowsChecked | None = None
) -> ResultFile:
    """Store a results file (encrypted) and its preview report; the batch becomes "checked".

    ``progress`` hears how many rows were checked so far (see :func:`check_file`).
    """
    sha256 = _refuse_upload(batch, actor, data)
    report = check_file(batch, filename, data, progress)
    result_file = ResultFile.objects.create(
        batch=batch,
        original_name=filename[:255],
        sha256=sha256,
        size=len(data),
        stored_path=store_encrypted(batch, sha256, data),
        rows_total=report.total,
        errors=report.errors,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    before = snapshot(batch, LOGGED_FIELDS)
    batch.status = BatchStatus.CHECKED
    batch.rows_total, batch.rows_passed = report.total, report.passed
    batch.rows_failed_assessment, batch.rows_with_errors = report.failed_assessment, report.rows_with_errors
    batch.save()
    record_change(
        action="upload_results",
        object_type=OBJECT_TYPE,
        object_id=batch.public_id,
        before=before,
        after={**snapshot(batch, LOGGED_FIELDS), "file_sha256": sha256, "rows": report.total},
    )
    return result_file


@transaction.atomic
def start_results_preview(*, batch: Batch, actor: Any, filename: str, data: bytes) -> Job:
    """Check a large results file in the background: refuse what :func:`upload_results` refuses up front, keep
    the file encrypted and start the "assessments.preview" job, which records it with :func:`upload_results`.

    Refused while another preview of the batch is queued or running.
    """
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    running = Job.objects.filter(
        kind=PREVIEW_JOB, subject_id=batch.public_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    if running.exists():
        raise NotAllowed(
            _("A results file of this batch is still being checked. Wait until it is finished."),
            code="preview_running",
        )
    sha256 = _refuse_upload(batch, actor, data)
    return start_job(
        kind=PREVIEW_JOB,
        owner=actor,
        subject_type=OBJECT_TYPE,
        subject_id=batch.public_id,
        stored=store_encrypted(batch, sha256, data),
        filename=filename[:255],
    )


def discard_unrecorded_file(stored_path: str) -> None:
    """Delete a kept results file that no ResultFile records (its preview was refused): it holds ID numbers."""
    if not ResultFile.objects.filter(stored_path=stored_path).exists():
        Path(stored_path).unlink(missing_ok=True)


@transaction.atomic
def commit_batch(*, batch: Batch, actor: Any, inline: bool = False) -> Job:
    """Queue the all-or-nothing issuing job (``inline``: run it in this process); refused while any row has an error."""
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.CHECKED:
        raise NotAllowed(_("Only a batch whose results were checked can be committed."), code="batch_not_checked")
    if batch.rows_with_errors:
        raise NotAllowed(
            _("%(n)s rows still have errors. Fix them in the file and upload it again.")
            % {"n": batch.rows_with_errors},
            code="rows_have_errors",
        )
    if not batch.rows_passed:
        raise NotAllowed(_("No candidate passed; there is nothing to issue."), code="nothing_to_issue")
    _check_declaration(batch, actor)
    batch.status = BatchStatus.COMMITTING
    batch.save(update_fields=["status", "updated_at"])
    record_change(action="commit", object_type=OBJECT_TYPE, object_id=batch.public_id, after={"status": batch.status})
    return start_job(
        kind="assessments.commit",
        owner=actor,
        subject_type=OBJECT_TYPE,
        subject_id=batch.public_id,
        inline=inline,
        file=batch.latest_file.public_id if batch.latest_file else "",
    )


def check_confirmed(batch: Batch, *, confirmed: bool, reviewed_file: str, reviewed_count: str) -> None:
    """Refuse an issue request that does not confirm the review of the batch's current file and count.

    The issue form carries the file and the number of certificates the staff reviewed: a file uploaded
    in another tab since then, or a request without the ticked confirmation, issues nothing.
    """
    latest = batch.latest_file
    if not confirmed:
        raise NotAllowed(
            _("Tick the confirmation after checking the list; no certificate was issued."), code="not_confirmed"
        )
    if latest is None or reviewed_file != latest.public_id or reviewed_count != str(batch.rows_passed):
        raise NotAllowed(
            _("The results changed since you reviewed them; check the list again. No certificate was issued."),
            code="review_outdated",
        )


def return_to_checked(*, batch: Batch, action: str, reason: str) -> bool:
    """A commit that did not complete: back to "results checked" (its one transaction wrote nothing).

    Returns False (and changes nothing) unless the batch is still "issuing" and holds no certificate.
    """
    from skillcert.certificates.models import Certificate

    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.COMMITTING or Certificate.objects.filter(batch_id=locked.public_id).exists():
            return False
        locked.status = BatchStatus.CHECKED
        locked.save(update_fields=["status", "updated_at"])
        record_change(
            action=action,
            object_type=OBJECT_TYPE,
            object_id=locked.public_id,
            before={"status": BatchStatus.COMMITTING},
            after={"status": BatchStatus.CHECKED},
            reason=reason,
        )
    return True


def recover_interrupted_commit(*, job: Job) -> bool:
    """The reaper's hook for a commit job whose worker died: return its batch to "results checked"."""
    batch = Batch.objects.filter(public_id=job.subject_id).first()
    if batch is None:
        return False
    return return_to_checked(
        batch=batch,
        action="commit_interrupted",
        reason=_("The issuing job was interrupted (its worker stopped); nothing was issued. It can be started again."),
    )
