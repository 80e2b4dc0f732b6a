"""The jobs of a batch: check a large results file (preview) or a photo ZIP, and commit it.

The commit job re-validates the stored file, registers holders and issues certificates — all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.assessments.models import Batch, ResultFile
from skillcert.assessments.services import (
    PHOTOS_JOB,
    PREVIEW_JOB,
    attach_batch_photos,
    discard_staged_photos,
    discard_unrecorded_file,
    mark_committed,
    recover_interrupted_commit,
    return_to_checked,
    rules_of,
    spec_for,
    upload_photos,
    upload_results,
)
from skillcert.assessments.spreadsheet import read_rows
from skillcert.assessments.validation import ResultRow, validate_rows
from skillcert.core.actors import Actor
from skillcert.core.errors import InvalidInput
from skillcert.core.jobs import Progress, job_handler, on_interrupted
from skillcert.core.models import Job
from skillcert.people.protection import read_encrypted_file

CHUNK = 5000


def _passed_rows(batch: Batch, result_file: ResultFile) -> list[ResultRow]:
    data = read_encrypted_file(result_file.stored_path)
    rows = list(validate_rows(read_rows(data, result_file.original_name), rules_of(batch)))
    broken = [r for r in rows if r.errors]
    if broken:
        first = broken[0]
        raise InvalidInput(
            _("Row %(row)s: %(message)s") % {"row": first.row_no, "message": "; ".join(first.errors)},
            fields={f"row_{r.row_no}": r.errors for r in broken[:100]},
        )
    return [r for r in rows if r.passed]


def _refuse_already_issued(batch: Batch, holders: list[Any]) -> None:
    """A candidate who already holds this batch's certificate (same assessment) must not get a second one."""
    from skillcert.certificates.models import Certificate

    existing = Certificate.objects.filter(
        holder__in=holders,
        certificate_type=batch.certificate_type,
        occupation_code=batch.occupation_code,
        level=batch.level,
        project=batch.project,
        institution=batch.institution,
        issued_on=batch.assessment_date,
    ).values_list("number", flat=True)[:5]
    if existing:
        raise InvalidInput(
            _("Some candidates already hold a certificate from this assessment (e.g. %(numbers)s); nothing was issued.")
            % {"numbers": "、".join(existing)}
        )


def issue_batch(batch: Batch, result_file: ResultFile, actor: Actor, progress: Progress, written: list[str]) -> int:
    """Issue the certificates of every passing row, the holders with the photos kept for them; returns how many
    were issued. ``written`` receives the names of the photo files stored (see :func:`attach_batch_photos`)."""
    from skillcert.certificates.services import issue_certificates
    from skillcert.people.services import HolderInput, register_holders_bulk

    passed = _passed_rows(batch, result_file)
    progress.total(len(passed))
    holders = register_holders_bulk(
        [HolderInput(name=r.name, id_type=r.id_type, id_number=r.id_number, gender=r.gender) for r in passed],
        actor=actor,
    )
    _refuse_already_issued(batch, holders)
    done = 0
    for start in range(0, len(holders), CHUNK):
        chunk = holders[start : start + CHUNK]
        issue_certificates(specs=[spec_for(batch, holder) for holder in chunk], actor=actor)
        done += len(chunk)
        progress.advance(done, force=True)
    attach_batch_photos(batch=batch, holders=holders, written=written)
    return done


@job_handler("assessments.commit")
def commit_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Huey handler for :func:`skillcert.assessments.services.commit_batch`."""
    batch = Batch.objects.select_related("institution", "project", "region").get(public_id=job.subject_id)
    result_file = ResultFile.objects.get(public_id=job.params["file"])
    written: list[str] = []
    try:
        with transaction.atomic():
            issued = issue_batch(batch, result_file, job.owner, progress, written)
            mark_committed(batch=batch, issued=issued, actor=job.owner)
    except Exception:
        for name in written:  # photo files of holders the rollback removed again
            default_storage.delete(name)
        return_to_checked(
            batch=batch, action="fail", reason=_("The issuing job failed; nothing was issued."), actor=job.owner
        )
        raise
    discard_staged_photos(batch)
    return {"issued": issued, "batch": batch.public_id, "photos": len(written)}


@on_interrupted("assessments.commit")
def commit_interrupted(job: Job) -> None:
    """The reaper found this commit's worker dead: the batch returns to "results checked"."""
    recover_interrupted_commit(job=job)


@job_handler(PHOTOS_JOB)
def photos_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Huey handler for :func:`skillcert.assessments.services.start_photo_check`; the kept ZIP is deleted after."""
    batch = Batch.objects.select_related("institution", "project", "region").get(public_id=job.subject_id)
    stored = Path(job.params["stored"])

    def checked(done: int, total: int) -> None:
        if progress.job.total != total:
            progress.total(total)
        progress.advance(done, force=True)

    try:
        archive = upload_photos(
            batch=batch,
            actor=job.owner,
            filename=job.params["filename"],
            data=read_encrypted_file(stored),
            progress=checked,
        )
    finally:
        stored.unlink(missing_ok=True)
    return {"archive": archive.public_id, "saved": archive.photos_saved, "refused_entries": len(archive.errors)}


@on_interrupted(PHOTOS_JOB)
def photos_interrupted(job: Job) -> None:
    """The reaper found this check's worker dead: nothing was kept, so the kept ZIP goes too."""
    Path(job.params["stored"]).unlink(missing_ok=True)


@job_handler(PREVIEW_JOB)
def preview_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Huey handler for :func:`skillcert.assessments.services.start_results_preview`: check and record the file."""
    batch = Batch.objects.select_related("institution", "project", "region").get(public_id=job.subject_id)
    stored = job.params["stored"]
    try:
        data = read_encrypted_file(stored)
        result_file = upload_results(
            batch=batch,
            actor=job.owner,
            filename=job.params["filename"],
            data=data,
            progress=lambda done: progress.advance(done, force=True),
        )
    except Exception:  # refused (the job shows why) or broken: nothing was recorded, so the file is not kept
        discard_unrecorded_file(stored)
        raise
    return {"file": result_file.public_id, "batch": batch.public_id, "rows": result_file.rows_total}
