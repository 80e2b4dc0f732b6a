"""From certificates to printable sheets: single PDFs for holders and institutions, batch PDFs as a job.

Printed certificates carry the full ID number (the national printing requirements
list 证件号码); only the holder (after the two-factor query) and the issuing
institution or the centre may download them. Revoked and suspended certificates
are printed with the stamp the renderer draws, never as valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from skillcert.certificates.models import Certificate
from skillcert.core.jobs import Progress, job_handler
from skillcert.core.models import Job


def verify_url(certificate: Certificate) -> str:
    """Where the QR code on the paper leads: the public verify page of this certificate."""
    return f"{settings.PUBLIC_URL}/certificates/verify/{certificate.public_id}/"


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
        if certificate.status != "valid" and certificate.status_changed_at:
            note = f"{certificate.status_changed_at:%Y-%m-%d} {certificate.status_reason}"
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


def batch_pdf_path(batch_id: str) -> Path:
    return Path(settings.DATA_DIR) / "prints" / f"{batch_id}.pdf"


@job_handler("certificates.batch_print")
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
    pages = render_batch(sheets(), path, progress=lambda done: progress.advance(done))
    path.chmod(0o600)
    return {"pages": pages, "file": path.name}
