"""Back-office pages for assessment batches: list, declare, upload and preview, commit, progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.assessments import selectors, services, templates
from skillcert.assessments.choices import BatchStatus
from skillcert.assessments.forms import PhotoZipForm, SkillBatchForm, SpecialBatchForm, UploadForm
from skillcert.assessments.models import Batch, PhotoArchive
from skillcert.assessments.photos import staged_hashes
from skillcert.assessments.review import ISSUED_LISTED, REVIEW_ROWS, issued_certificates, review
from skillcert.catalog.choices import CertificateType
from skillcert.core.errors import DomainError
from skillcert.core.models import Job, JobStatus
from skillcert.core.querysets import CHANGE, VIEW


def _batch_or_404(request: HttpRequest, public_id: str, action: str = VIEW) -> Batch:
    batch = selectors.get_batch_for(request.user, public_id, action)
    if batch is None:
        raise Http404(_("No batch with this number is visible to your account."))
    return batch


def batch_list(request: HttpRequest) -> HttpResponse:
    """The batches this account may see, newest first."""
    return render(request, "assessments/batch_list.html", {"batches": selectors.batches_for(request.user)[:200]})


def _scope_choices(institution: Any) -> list[tuple[str, str]]:
    from skillcert.institutions.selectors import scope_occupations

    return [(code, f"{code} {name}") for code, name in scope_occupations(institution)]


def _scope_levels(institution: Any) -> list[int]:
    """The levels recorded for any occupation of the institution's live scope, highest first (1 高级技师 … 5 初级)."""
    from skillcert.institutions.selectors import live_scope_rows

    return sorted({level for row in live_scope_rows(institution) for level in row.levels})


def _declare_kwargs(form: Any, request: HttpRequest) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if isinstance(form, SkillBatchForm):
        from skillcert.institutions.selectors import institution_for_user

        data["institution"] = institution_for_user(request.user)
        data["certificate_type"] = CertificateType.SKILL_LEVEL
    else:
        data["certificate_type"] = CertificateType.SPECIAL_ABILITY
    return data


def _bureau_extra(request: HttpRequest) -> dict[str, Any]:
    """A city bureau's declaration form gets its own 市(州) as the only issuer (centre staff choose)."""
    from skillcert.core.bureaus import bureau_region, is_city_bureau

    return {"bureau_region": bureau_region(request.user)} if is_city_bureau(request.user) else {}


def declare(request: HttpRequest) -> HttpResponse:
    """Declare a batch: institutions declare skill level assessments, HR departments 专项 assessments."""
    from skillcert.institutions.models import operator_institution

    institution = operator_institution(request.user)
    form_class: Any = SkillBatchForm if institution is not None else SpecialBatchForm
    if institution is None and not request.user.has_perm("core.issue_special_ability_certificates"):
        raise Http404(_("Your account is not linked to an evaluation institution."))
    extra = (
        {"occupations": _scope_choices(institution), "levels": _scope_levels(institution)}
        if institution is not None
        else {}
    )
    if institution is None:
        extra = _bureau_extra(request)
        if extra.get("bureau_region", True) is None:  # a city bureau not linked to a 市(州) yet
            from skillcert.core.bureaus import no_region_message

            return render(request, "core/refused.html", {"message": no_region_message()}, status=403)
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.declare_batch(actor=request.user, **_declare_kwargs(form, request))
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Batch declared. Download the template, fill in the results and upload them."))
            return redirect("assessments:batch", public_id=batch.public_id)
    return render(request, "assessments/declare.html", {"form": form, "institution": institution})


def _pending_preview(batch: Batch, jobs: Any) -> Job | None:
    """The background check of a large file, while it runs or when it failed after the batch's last file."""
    preview = jobs.filter(kind=services.PREVIEW_JOB).first()
    if preview is None or preview.status == JobStatus.SUCCEEDED:
        return None
    latest = batch.latest_file
    if preview.status == JobStatus.FAILED and latest is not None and latest.created_at > preview.created_at:
        return None
    return preview


def batch_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A batch: its declaration, upload form, the preview of the last file, commit and progress."""
    batch = _batch_or_404(request, public_id)
    jobs = Job.objects.filter(subject_id=batch.public_id).order_by("-created_at")
    photo_archive = batch.photo_archives.first()
    context = {
        "batch": batch,
        "file": batch.latest_file,
        "upload_form": UploadForm(),
        "photo_form": PhotoZipForm(),
        "photo_archive": photo_archive,
        "photo_job": _pending_photo_check(jobs, photo_archive),
        "photos_kept": len(staged_hashes(batch.public_id)) if batch.status == BatchStatus.CHECKED else 0,
        "preview_job": _pending_preview(batch, jobs),
        "job": jobs.filter(kind="assessments.commit").first(),
        "print_job": jobs.filter(kind="certificates.batch_print").first(),
        "issued": issued_certificates(batch) if batch.status == BatchStatus.COMMITTED else [],
        "issued_listed": ISSUED_LISTED,
    }
    return render(request, "assessments/batch_detail.html", context)


@require_POST
def upload(request: HttpRequest, public_id: str) -> HttpResponse:
    """Upload a results file; the preview is shown on the batch page (a large file is checked in the background)."""
    batch = _batch_or_404(request, public_id, CHANGE)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a results file to upload."))
        return redirect("assessments:batch", public_id=batch.public_id)
    uploaded = form.cleaned_data["file"]
    try:
        services.refuse_oversize(uploaded.size)  # before reading it into memory
        if services.preview_in_background(uploaded.size):
            services.start_results_preview(
                batch=batch, actor=request.user, filename=uploaded.name, data=uploaded.read()
            )
            messages.info(request, _("The file is large: it is checked in the background; this page shows how far."))
        else:
            services.upload_results(batch=batch, actor=request.user, filename=uploaded.name, data=uploaded.read())
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assessments:batch", public_id=batch.public_id)


@require_POST
def upload_photos(request: HttpRequest, public_id: str) -> HttpResponse:
    """Upload a ZIP of candidates' photos, checked in the background; the batch page shows the outcome."""
    batch = _batch_or_404(request, public_id, CHANGE)
    form = PhotoZipForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a ZIP of photos to upload."))
        return redirect("assessments:batch", public_id=batch.public_id)
    uploaded = form.cleaned_data["archive"]
    try:
        services.refuse_oversize(uploaded.size)  # before reading it into memory
        services.start_photo_check(batch=batch, actor=request.user, filename=uploaded.name, data=uploaded.read())
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assessments:batch", public_id=batch.public_id)


def _pending_photo_check(jobs: Any, archive: PhotoArchive | None) -> Job | None:
    """The check of a photo ZIP while it runs, or when it failed (refused as a whole) after the last report."""
    check = jobs.filter(kind=services.PHOTOS_JOB).first()
    if check is None or check.status == JobStatus.SUCCEEDED:
        return None
    if check.status == JobStatus.FAILED and archive is not None and archive.created_at > check.created_at:
        return None
    return check


def review_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """Before the irreversible issue: every candidate (masked) with level, result and photo, the counts, the
    confirmation."""
    batch = _batch_or_404(request, public_id)
    result_file = batch.latest_file
    if batch.status != BatchStatus.CHECKED or result_file is None or batch.rows_with_errors:
        return redirect("assessments:batch", public_id=batch.public_id)
    try:
        checked = review(batch, result_file)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("assessments:batch", public_id=batch.public_id)
    context = {
        "batch": batch,
        "file": result_file,
        "rows": checked.rows,
        "with_photo": checked.with_photo,
        "without_photo": batch.rows_passed - checked.with_photo,
        "limit": REVIEW_ROWS,
    }
    return render(request, "assessments/review.html", context)


@require_POST
def commit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Issue the certificates of the batch as a background job, only with the review confirmed."""
    batch = _batch_or_404(request, public_id, CHANGE)
    try:
        services.check_confirmed(
            batch,
            confirmed=request.POST.get("confirm") == "yes",
            reviewed_file=request.POST.get("file", ""),
            reviewed_count=request.POST.get("count", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        if batch.status == BatchStatus.CHECKED:
            return redirect("assessments:review", public_id=batch.public_id)
        return redirect("assessments:batch", public_id=batch.public_id)
    try:
        services.commit_batch(batch=batch, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assessments:batch", public_id=batch.public_id)


@require_POST
def print_batch(request: HttpRequest, public_id: str) -> HttpResponse:
    """Print every certificate of the batch into one PDF, as a background job."""
    from skillcert.core.jobs import start_job

    batch = _batch_or_404(request, public_id)
    if batch.status != BatchStatus.COMMITTED:
        messages.error(request, _("Only a batch whose certificates were issued can be printed."))
    else:
        start_job(kind="certificates.batch_print", owner=request.user, subject_type="print", subject_id=batch.public_id)
    return redirect("assessments:batch", public_id=batch.public_id)


def print_download(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """The finished batch PDF, streamed from disk."""
    from django.http import FileResponse

    from skillcert.certificates.printing import open_batch_pdf

    batch = _batch_or_404(request, public_id)
    return FileResponse(open_batch_pdf(batch.public_id), as_attachment=True, filename=f"{batch.public_id}.pdf")


def template(request: HttpRequest) -> HttpResponse:
    """The results template (xlsx with Chinese headers and instructions)."""
    response = HttpResponse(
        templates.results_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E8%AE%A4%E5%AE%9A%E7%BB%93%E6%9E%9C%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
