"""Every state change of an assessment batch: declare, upload results, commit (as a job).

Commit is all-or-nothing: the job re-reads the stored file, validates every row
again with the same code as the preview, registers the holders and issues the
certificates of the rows that passed in one transaction. If anything fails,
nothing is issued and the batch returns to "results checked" with the job's
error report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
from skillcert.certificates.services import IssueSpec, check_actor_may_issue, check_issuable, rule_answer
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed
from skillcert.core.jobs import start_job
from skillcert.core.models import Job

OBJECT_TYPE = "assessments.batch"
LOGGED_FIELDS = ["certificate_type", "occupation_code", "job_type", "level", "assessment_date", "status"]


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
    )


def _check_declaration(batch: Batch, actor: Any) -> None:
    spec = _spec_for(batch)
    check_actor_may_issue(actor, spec)
    answer = rule_answer(spec)
    check_issuable(spec, answer)
    if answer is not None:
        batch.occupation_name = answer.name


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


def check_file(batch: Batch, filename: str, data: bytes) -> Report:
    """Validate every row of a file against the batch (the preview); nothing is stored."""
    report = Report()
    for row in validate_rows(read_rows(data, filename), rules_of(batch)):
        report.add(row)
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
                "batch": earlier.batch.public_id,
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


@transaction.atomic
def upload_results(*, batch: Batch, actor: Any, filename: str, data: bytes) -> ResultFile:
    """Store a results file (encrypted) and its preview report; the batch becomes "checked"."""
    if batch.status not in (BatchStatus.DECLARED, BatchStatus.CHECKED):
        raise NotAllowed(_("Results can no longer be uploaded to this batch."), code="batch_closed")
    refuse_oversize(len(data))
    _check_declaration(batch, actor)  # the institution may have been suspended since
    sha256 = hashlib.sha256(data).hexdigest()
    _refuse_reupload(batch, sha256)
    report = check_file(batch, filename, data)
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
