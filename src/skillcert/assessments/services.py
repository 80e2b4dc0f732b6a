"""Every state change of an assessment batch: declare, upload results and candidates' photos, commit (as a job).

Commit is all-or-nothing: the job re-reads the stored file, validates every row
again with the same code as the preview, registers the holders and issues the
certificates of the rows that passed in one transaction. If anything fails,
nothing is issued and the batch returns to "results checked" with the job's
error report. If the worker dies during the commit (killed, out of memory), the
job reaper calls :func:`recover_interrupted_commit`: the transaction never
committed, so the batch returns to "results checked" and can be issued again.

Photos (a ZIP named by ID number, see :mod:`skillcert.assessments.photos`) wait encrypted until the
commit gives them to the holders through the people service, inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.assessments import photos
from skillcert.assessments.choices import BATCH_TRANSITIONS, BatchStatus
from skillcert.assessments.models import Batch, PhotoArchive, ResultFile
from skillcert.assessments.spreadsheet import read_rows
from skillcert.assessments.validation import BatchRules, Report, validate_rows
from skillcert.catalog.choices import CertificateType
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates.services import (
    IssueSpec,
    check_actor_may_issue,
    check_issuable,
    evaluation_standard,
    logs_refused_attempts,
    rule_answer,
)
from skillcert.core import transitions
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor, user_or_none
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
PHOTOS_JOB = "assessments.photos"
PROGRESS_EVERY = 500
"""While rows are checked, the progress callback hears the count every this many rows (and once at the end)."""
RowsChecked = Callable[[int], None]


def _refused_move(batch: Batch, action: str) -> str:
    if action == "upload_results":
        return str(_("Results can no longer be uploaded to this batch."))
    if action == "commit":
        return str(_("Only a batch whose results were checked can be committed."))
    return str(_("This batch is not being issued any more; nothing was issued."))


BATCH_WORKFLOW = transitions.Workflow(
    model=Batch,
    object_type=OBJECT_TYPE,
    table=BATCH_TRANSITIONS,
    logged=tuple(LOGGED_FIELDS),
    refused=_refused_move,
)
"""Every status change of a batch goes through :func:`transitions.apply` with this: locked, checked, logged."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def refuse_oversize(size: int) -> None:
    """Refuse a results file larger than the limit (checked before the file is read)."""
    if size > max_upload_bytes():
        raise InvalidInput(
            _("The file is larger than %(mb)s MB. Split the results into several batches.")
            % {"mb": max_upload_bytes() // (1024 * 1024)}
        )


def spec_for(batch: Batch, holder: Any = None) -> IssueSpec:
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


def _check_declaration(batch: Batch, actor: Actor) -> None:
    spec = spec_for(batch)
    check_actor_may_issue(actor, spec)
    answer = rule_answer(spec)
    check_issuable(spec, answer)
    if answer is not None:
        batch.occupation_name = answer.name
    batch.standard_kind, batch.standard_code = evaluation_standard(spec)  # recorded on the batch and each certificate


def _asked_to_declare(kwargs: dict[str, Any]) -> dict[str, Any]:
    """What a refused declaration asked for, for its change-log entry (no person is named in a declaration)."""
    project = getattr(kwargs.get("project"), "code", "")
    occupation_code = str(kwargs.get("occupation_code") or "").strip()
    return {
        "object_id": occupation_code or project or "-",
        "certificate_type": kwargs.get("certificate_type", CertificateType.SKILL_LEVEL),
        "occupation_code": occupation_code,
        "job_type": str(kwargs.get("job_type") or "").strip(),
        "level": kwargs.get("level"),
        "project": project,
    }


@logs_refused_attempts("assessments.batch.refuse_declare", OBJECT_TYPE, _asked_to_declare)
@logs_region_refusals  # a city bureau declaring for another 市(州): refused, then logged after the rollback
@transaction.atomic
def declare_batch(
    *,
    actor: Actor,
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
        created_by=user_or_none(actor),
    )
    _check_declaration(batch, actor)
    batch.save()
    record_change(
        action="assessments.batch.declare",
        object_type=OBJECT_TYPE,
        object_id=batch.public_id,
        after=snapshot(batch, LOGGED_FIELDS),
        actor=actor,
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


def _refuse_upload(batch: Batch, actor: Actor, data: bytes) -> str:
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
    *, batch: Batch, actor: Actor, filename: str, data: bytes, progress: RowsChecked | None = None
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
        uploaded_by=user_or_none(actor),
    )
    counts = {
        "rows_total": report.total,
        "rows_passed": report.passed,
        "rows_failed_assessment": report.failed_assessment,
        "rows_with_errors": report.rows_with_errors,
    }
    transitions.apply(
        BATCH_WORKFLOW,
        batch,
        "upload_results",
        actor=actor,
        changes=counts,
        logged_after={"file_sha256": sha256, "rows": report.total},
    )
    batch.refresh_from_db()  # the caller's copy reads the new status and counts
    return result_file


@transaction.atomic
def start_results_preview(*, batch: Batch, actor: Actor, filename: str, data: bytes) -> Job:
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
def commit_batch(*, batch: Batch, actor: Actor, inline: bool = False) -> Job:
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
    batch = transitions.apply(BATCH_WORKFLOW, batch, "commit", actor=actor, logged=("status",))
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


def mark_committed(*, batch: Batch, issued: int, actor: Actor = None) -> Batch:
    """The commit job issued the batch's certificates: "issuing" → "certificates issued", in the job's transaction.

    Raises:
        NotAllowed: the batch is not being issued (another job finished it, or it was returned to "checked").
    """
    with transaction.atomic():
        return transitions.apply(
            BATCH_WORKFLOW,
            batch,
            "complete",
            actor=actor,
            changes={"certificates_issued": issued, "committed_at": timezone.now()},
            logged=("status",),
            logged_after={"certificates_issued": issued},
        )


def return_to_checked(*, batch: Batch, action: str, reason: str, actor: Actor = None) -> bool:
    """A commit that did not complete: back to "results checked" (its one transaction wrote nothing).

    Returns False (and changes nothing) unless the batch is still "issuing" and holds no certificate.
    """
    from skillcert.certificates.models import Certificate

    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.COMMITTING or Certificate.objects.filter(batch_id=locked.public_id).exists():
            return False
        transitions.apply(BATCH_WORKFLOW, locked, action, actor=actor, reason=reason, logged=("status",))
    return True


def recover_interrupted_commit(*, job: Job) -> bool:
    """The reaper's hook for a commit job whose worker died: return its batch to "results checked"."""
    batch = Batch.objects.filter(public_id=job.subject_id).first()
    if batch is None:
        return False
    return return_to_checked(
        batch=batch,
        action="interrupt",
        actor=None,  # the reaper: the job's worker is gone
        reason=_("The issuing job was interrupted (its worker stopped); nothing was issued. It can be started again."),
    )


# ---------------------------------------------------------------------------
# Candidates' photos
# ---------------------------------------------------------------------------
def _refuse_photo_upload(batch: Batch, actor: Actor, size: int) -> None:
    """Photos are matched to the candidates of the checked results file, and only until the batch is issued."""
    if batch.status == BatchStatus.DECLARED:
        raise NotAllowed(
            _("Upload the results file first: the photos are matched to its candidates."), code="photos_need_results"
        )
    if batch.status != BatchStatus.CHECKED:
        raise NotAllowed(_("Photos can no longer be added to this batch."), code="batch_closed")
    refuse_oversize(size)
    _check_declaration(batch, actor)  # the institution may have been suspended since


def photo_candidates(batch: Batch, result_file: ResultFile) -> dict[str, str]:
    """The candidates a photo may be named after: normalised ID number → keyed hash, rows without errors only."""
    from skillcert.people.protection import decrypt_bytes, hash_id_number

    data = decrypt_bytes(Path(result_file.stored_path).read_bytes())
    return {
        row.id_number: hash_id_number(row.id_type, row.id_number)
        for row in validate_rows(read_rows(data, result_file.original_name), rules_of(batch))
        if row.id_number and not row.errors
    }


def _keep_encrypted(path: Path, photo: bytes) -> None:
    from skillcert.people.protection import encrypt_bytes

    path.write_bytes(encrypt_bytes(photo))
    path.chmod(0o600)


def _pending_dir(batch: Batch) -> Path:
    """A private folder beside the batches' photos where one ZIP's photos wait until all of them passed."""
    parent = photos.staging_dir(batch.public_id).parent
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Path(tempfile.mkdtemp(prefix=".pending-", dir=parent))


def _record_archive(batch: Batch, actor: Actor, filename: str, data: bytes, check: photos.PhotoCheck) -> PhotoArchive:
    return PhotoArchive.objects.create(
        batch=batch,
        original_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        entries=check.entries,
        photos_saved=0 if check.error_count else check.accepted,
        errors=check.errors,
        uploaded_by=user_or_none(actor),
    )


@transaction.atomic
def start_photo_check(*, batch: Batch, actor: Actor, filename: str, data: bytes) -> Job:
    """Keep an uploaded photo ZIP encrypted and check it in the "assessments.photos" job (:func:`upload_photos`).

    Decoding hundreds of photos takes longer than a browser should wait, so every ZIP is checked in
    the background. Refused at once for what :func:`upload_photos` refuses up front, and while
    another ZIP of the batch is being checked.
    """
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    running = Job.objects.filter(
        kind=PHOTOS_JOB, subject_id=batch.public_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    if running.exists():
        raise NotAllowed(
            _("A photo ZIP of this batch is still being checked. Wait until it is finished."), code="photos_running"
        )
    _refuse_photo_upload(batch, actor, len(data))
    folder = photos.staging_dir(batch.public_id).parent / ".zips"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored = folder / f"{batch.public_id}-{hashlib.sha256(data).hexdigest()}.bin"
    _keep_encrypted(stored, data)  # the ZIP holds photos named by ID number
    return start_job(
        kind=PHOTOS_JOB,
        owner=actor,
        subject_type=OBJECT_TYPE,
        subject_id=batch.public_id,
        stored=str(stored),
        filename=filename[:255],
    )


def upload_photos(
    *, batch: Batch, actor: Actor, filename: str, data: bytes, progress: photos.Checked | None = None
) -> PhotoArchive:
    """Check a ZIP of candidates' photos and keep them (encrypted) for the issue: all of them or none.

    A ZIP refused as a whole (unreadable, empty, too many entries, too large) raises and records
    nothing. A ZIP with problems in some entries keeps no photo either; the returned
    :class:`PhotoArchive` is its error report (entries by position and masked name). A good ZIP
    adds its photos to those already kept for the batch; a candidate's newer photo replaces the older.
    """
    _refuse_photo_upload(batch, actor, len(data))
    result_file = batch.latest_file
    if result_file is None:
        raise NotAllowed(
            _("Upload the results file first: the photos are matched to its candidates."), code="photos_need_results"
        )
    candidates = photo_candidates(batch, result_file)
    pending = _pending_dir(batch)
    try:
        check = photos.check_photo_zip(
            data,
            candidates,
            keep=lambda id_hash, photo: _keep_encrypted(pending / f"{id_hash}.bin", photo),
            progress=progress,
        )
        with transaction.atomic():
            locked = Batch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != BatchStatus.CHECKED or locked.latest_file != result_file:
                raise NotAllowed(
                    _("The batch changed while the photos were checked; upload the ZIP again."), code="batch_changed"
                )
            archive = _record_archive(batch, actor, filename, data, check)
            if not check.error_count:
                record_change(
                    action="assessments.batch.upload_photos",
                    object_type=OBJECT_TYPE,
                    object_id=batch.public_id,
                    after={"zip_sha256": archive.sha256, "photos": check.accepted},
                    actor=actor,
                )
                _move_photos(pending, photos.staging_dir(batch.public_id))
    finally:
        shutil.rmtree(pending, ignore_errors=True)
    return archive


def _move_photos(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in source.glob("*.bin"):
        os.replace(path, target / path.name)


def attach_batch_photos(*, batch: Batch, holders: list[Any], written: list[str]) -> int:
    """Give each issued holder the photo kept for them, through the people service; returns how many got one.

    Called inside the issue's transaction. A holder who already has a photo keeps it (see
    :func:`skillcert.people.services.set_holder_photo`). The storage names of the new photo files are
    appended to ``written``, so that a failed issue can delete them again (files are not rolled back).
    The photos are attached as the system (``actor=None``): only the centre may change a holder's record, and the
    change log's reason names the batch, whose commit entry names who committed it.
    """
    from skillcert.people.services import set_holder_photo

    waiting = photos.staged_hashes(batch.public_id)
    reason = _("Photo uploaded with assessment batch %(batch)s") % {"batch": batch.public_id}
    attached = 0
    for holder in holders:
        if holder.id_number_hash not in waiting:
            continue
        photo = photos.read_staged(batch.public_id, holder.id_number_hash)
        if set_holder_photo(holder=holder, photo=photo, actor=None, reason=reason, keep_existing=True):
            written.append(holder.photo.name)
            attached += 1
    return attached


def discard_staged_photos(batch: Batch) -> None:
    """After the issue the kept photos are no longer needed (the holders have theirs): delete them."""
    shutil.rmtree(photos.staging_dir(batch.public_id), ignore_errors=True)


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "assessments.batch.declare": gettext_lazy("Batch declared"),
        "assessments.batch.refuse_declare": gettext_lazy("Refused: declaring a batch"),
        "assessments.batch.upload_results": gettext_lazy("Results uploaded"),
        "assessments.batch.upload_photos": gettext_lazy("Photos uploaded"),
        "assessments.batch.commit": gettext_lazy("Issuing started"),
        "assessments.batch.complete": gettext_lazy("Certificates of the batch issued"),
        "assessments.batch.fail": gettext_lazy("Issuing failed; nothing issued"),
        "assessments.batch.interrupt": gettext_lazy("Issuing interrupted; nothing issued"),
    }
)
