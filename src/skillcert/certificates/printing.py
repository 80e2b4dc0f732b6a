"""From certificates to printable sheets: single PDFs for holders and institutions, batch PDFs as a job.

Printed certificates carry the full ID number (the national printing requirements
list 证件号码); only the holder (after the two-factor query) and the issuing
institution or the centre may download them. Revoked and suspended certificates
are printed with the stamp the renderer draws, never as valid.

A batch PDF is the one file the system writes with full ID numbers outside the
encrypted database column, so it is kept only :data:`PRINT_KEEP` (24 hours) after it
was made, owner-only (0600): a periodic job deletes older ones every
:data:`PURGE_EVERY_MINUTES` minutes, and a download of an older one deletes it and says so.
Expiry rather than encryption: the PDF is a transient hand-over to the institution's
printer, it can be made again at any time from the database, and an encrypted file
would only move the key next to it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from skillcert.certificates.models import Certificate
from skillcert.core.jobs import Progress, job_handler
from skillcert.core.models import Job, JobStatus

logger = logging.getLogger(__name__)
PRINT_KEEP = dt.timedelta(hours=24)
PURGE_EVERY_MINUTES = 10
PRINT_JOB = "certificates.batch_print"


def verify_url(certificate: Certificate) -> str:
    """Where the QR code on the paper leads: the verify page at the certificate's unguessable address key."""
    return settings.PUBLIC_URL + reverse("qr:certificate", kwargs={"address_key": certificate.address_key})


def _photo(holder: Any) -> bytes | None:
    if not holder.photo:
        return None
    try:
        with holder.photo.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


def sheet_for(certificate: Certificate) -> Any:
    """The printable sheet of a certificate (labels in Chinese, as printed)."""
    from skillcert.documents.render import CertificateSheet
    from skillcert.people.protection import decrypt

    holder = certificate.holder
    with translation.override("zh-hans"):
        id_type_label = str(holder.get_id_type_display())
        gender_label = str(holder.get_gender_display()) if holder.gender in ("male", "female") else ""
        note = ""
        if certificate.status != "valid" and certificate.status_changed_at:  # the public category, never staff text
            category = (
                str(certificate.get_status_reason_category_display()) if certificate.status_reason_category else ""
            )
            note = f"{certificate.status_changed_at:%Y-%m-%d} {category}".strip()
    return CertificateSheet(
        certificate_type=certificate.certificate_type,
        certificate_number=certificate.number,
        holder_name=certificate.holder_name,
        holder_romanised_name=certificate.holder_romanised_name,
        id_type_label=id_type_label,
        id_number_display=decrypt(holder.id_number_encrypted),
        gender_label=gender_label,
        occupation_name=certificate.occupation_name,
        occupation_code=certificate.occupation_code,
        job_type=certificate.job_type,
        level=certificate.level,
        project_name=certificate.project.name if certificate.project is not None else "",
        issuer_name=certificate.issuer_name,
        issuer_on_behalf=certificate.issuer_on_behalf,
        issued_on=certificate.issued_on,
        verify_url=verify_url(certificate),
        photo_bytes=_photo(holder),
        status=certificate.status,
        status_note=note,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """One certificate as a one-page A4 PDF."""
    from skillcert.documents.render import render_certificate

    return render_certificate(sheet_for(certificate))


def prints_dir() -> Path:
    return Path(settings.DATA_DIR) / "prints"


def batch_pdf_path(batch_id: str) -> Path:
    return prints_dir() / f"{batch_id}.pdf"


def _expired(path: Path, now: dt.datetime) -> bool:
    made = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return now - made >= PRINT_KEEP


def _delete_print(path: Path) -> None:
    """Delete one batch PDF and mark its print jobs ``expired`` so that the batch page says so."""
    path.unlink(missing_ok=True)
    jobs = Job.objects.filter(kind=PRINT_JOB, subject_id=path.stem, status=JobStatus.SUCCEEDED)
    for job in jobs:
        if not job.result.get("expired"):
            job.result = {**job.result, "expired": True}
            job.save(update_fields=["result"])


def purge_expired_prints(now: dt.datetime | None = None) -> int:
    """Delete every batch PDF made :data:`PRINT_KEEP` or longer ago; return how many were deleted."""
    now = now or timezone.now()
    deleted = 0
    for path in sorted(prints_dir().glob("*.pdf")) if prints_dir().is_dir() else []:
        try:
            if _expired(path, now):
                _delete_print(path)
                deleted += 1
        except FileNotFoundError:  # deleted meanwhile by a download or another worker
            continue
    if deleted:
        logger.info("deleted %d expired batch print(s)", deleted)
    return deleted


@db_periodic_task(crontab(minute=f"*/{PURGE_EVERY_MINUTES}"))
def purge_expired_prints_task() -> None:
    """Huey runs the purge every few minutes beside the web server (``skillcert serve``)."""
    purge_expired_prints()


def open_batch_pdf(batch_id: str) -> IO[bytes]:
    """The finished batch PDF, opened for streaming; :class:`Http404` saying why when there is none.

    A PDF made :data:`PRINT_KEEP` or longer ago is deleted here rather than served.
    """
    path = batch_pdf_path(batch_id)
    try:
        if _expired(path, timezone.now()):
            _delete_print(path)
        else:
            return path.open("rb")
    except FileNotFoundError:
        pass
    if Job.objects.filter(kind=PRINT_JOB, subject_id=batch_id, status=JobStatus.SUCCEEDED).exists():
        raise Http404(expired_message())
    raise Http404(_("The batch PDF is not ready yet."))


def expired_message() -> str:
    """What a download of a deleted print says (the batch page says the same)."""
    return _(
        "The batch PDF was deleted 24 hours after it was made, because it holds full ID numbers. "
        "Print the batch again to get a new one."
    )


@job_handler(PRINT_JOB)
def batch_print_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Every certificate of a batch as one PDF, rendered in parts and streamed to disk."""
    from skillcert.documents.render import render_batch

    batch_id = job.subject_id
    queryset = Certificate.objects.filter(batch_id=batch_id).select_related("holder", "project").order_by("number")
    total = queryset.count()
    if total == 0:
        from skillcert.core.errors import NotAllowed

        raise NotAllowed(_("This batch has no certificates to print."))
    progress.total(total)

    def sheets() -> Iterator[Any]:
        for certificate in queryset.iterator(chunk_size=500):
            yield sheet_for(certificate)

    path = batch_pdf_path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.unlink(missing_ok=True)  # a new print starts a new 24 hours
    path.touch(mode=0o600)  # owner-only before the first ID number is written
    pages = render_batch(sheets(), path, progress=lambda done: progress.advance(done))
    path.chmod(0o600)
    purge_expired_prints()
    return {"pages": pages, "file": path.name, "expires_at": (timezone.now() + PRINT_KEEP).isoformat()}
