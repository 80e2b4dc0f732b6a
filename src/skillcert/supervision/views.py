"""Public pages: the claim checker, filing a complaint, following it with the tracking code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError
from skillcert.core.ratelimit import RateLimited, check_rate
from skillcert.supervision import claims, evidence, selectors, services
from skillcert.supervision.forms import AddInformationForm, ClaimCheckForm, ComplaintForm, TrackForm, add_domain_error

CLAIM_RATE = "30/m"
TRACK_RATE = "10/m"
COMPLAINT_RATE = "10/h"
SESSION_KEY = "supervision_tracked"


def _limited(
    request: HttpRequest, scope: str, rate: str | None, template: str, context: dict[str, Any], cost: int = 1
) -> HttpResponse | None:
    try:
        check_rate(request, scope, rate, cost=cost)
    except RateLimited as exc:
        context["error"] = exc.message
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    return None


def directory_names() -> list[str]:
    """Names for the institution picker (the public directory)."""
    from skillcert.institutions.choices import InstitutionStatus
    from skillcert.institutions.models import Institution

    return list(
        Institution.objects.exclude(status=InstitutionStatus.APPLIED).order_by("name").values_list("name", flat=True)
    )


def find_institution(value: str) -> Any:
    """A directory institution by public id or exact name, else ``None`` (the name is kept as typed)."""
    from django.db.models import Q

    from skillcert.institutions.choices import InstitutionStatus
    from skillcert.institutions.models import Institution

    value = value.strip()
    if not value:
        return None
    found = Institution.objects.exclude(status=InstitutionStatus.APPLIED).filter(Q(public_id=value) | Q(name=value))
    return found.first()


@never_cache
def check_claims(request: HttpRequest) -> HttpResponse:
    """Paste a text; see each suspicious claim highlighted with its rule and the notice's words."""
    template = "supervision/check.html"
    form = ClaimCheckForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "rules": claims.RULES.values()}
    if request.method == "POST":
        limited = _limited(request, "claim-check", CLAIM_RATE, template, context)
        if limited:
            return limited
        if form.is_valid():
            text = form.cleaned_data["text"]
            lookups = claims.numbers_to_check(text)  # each number looked up is one certificate query
            limited = _limited(request, "certificate-query", None, template, context, lookups) if lookups else None
            if limited:
                return limited
            context["result"] = claims.check_text(text)
    return render(request, template, context)


def _uploads(files: list[Any]) -> list[evidence.Upload]:
    """Read uploaded files, refusing an oversized one before reading it."""
    limit = evidence.max_file_bytes()
    uploads = []
    for f in files:
        if f.size > limit:
            raise evidence.too_large(f.name)
        uploads.append(evidence.Upload(f.name, f.read()))
    return uploads


def _file(request: HttpRequest, form: ComplaintForm) -> HttpResponse | None:
    data = form.cleaned_data
    institution = find_institution(data["institution"])
    contact = None
    if not data["anonymous"]:
        contact = services.Contact(data["contact_name"], data["contact_phone"], data["contact_email"])
    try:
        complaint, code = services.file_complaint(
            category=data["category"],
            description=data["description"],
            claim_text=data["claim_text"],
            institution=institution,
            institution_named="" if institution else data["institution"],
            certificate_number=data["certificate_number"],
            contact=contact,
            uploads=_uploads(data["evidence"]),
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    return render(request, "supervision/filed.html", {"complaint": complaint, "code": code})


@never_cache
def complain(request: HttpRequest) -> HttpResponse:
    """File a complaint; a POST with ``prefill`` (from a claim finding) only fills the form in."""
    template = "supervision/complain.html"
    if request.method == "POST" and request.POST.get("prefill"):
        initial = {
            key: request.POST.get(key, "")[: claims.MAX_TEXT_CHARS]
            for key in ("category", "claim_text", "institution", "certificate_number", "description")
        }
        named = find_institution(initial["institution"])  # a finding passes the institution's public id
        if named is not None:
            initial["institution"] = named.name
        form = ComplaintForm(initial={**initial, "anonymous": True})
    else:
        form = ComplaintForm(request.POST or None, request.FILES or None)
    context = {"form": form, "names": directory_names()}
    if request.method == "POST" and not request.POST.get("prefill"):
        limited = _limited(request, "complaint-file", COMPLAINT_RATE, template, context)
        if limited:
            return limited
        if form.is_valid():
            response = _file(request, form)
            if response is not None:
                return response
    return render(request, template, context)


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """Follow a case with its tracking code (rate-limited: codes cannot be guessed by trying)."""
    template = "supervision/track.html"
    form = TrackForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        limited = _limited(request, "complaint-track", TRACK_RATE, template, context)
        if limited:
            return limited
        if form.is_valid():
            complaint = selectors.by_tracking_code(form.cleaned_data["code"])
            if complaint is None:
                form.add_error("code", _("No case has this tracking code. Check it and try again."))
            else:
                request.session[SESSION_KEY] = complaint.public_id
                return redirect("supervision:case_status")
    return render(request, template, context)


def _tracked(request: HttpRequest) -> Any:
    from skillcert.supervision.models import Complaint

    public_id = request.session.get(SESSION_KEY)
    return Complaint.objects.select_related("institution").filter(public_id=public_id).first() if public_id else None


@never_cache
def case_status(request: HttpRequest) -> HttpResponse:
    """The case found by the tracking code in this session: its timeline, outcome, what the complainant added."""
    complaint = _tracked(request)
    if complaint is None:
        return redirect("supervision:track")
    context = {
        "complaint": complaint,
        "notes": selectors.notes_for_filer(complaint),
        "timeline": selectors.public_timeline(complaint),
        "evidence_count": complaint.evidence.count(),
        "form": AddInformationForm(),
    }
    return render(request, "supervision/case_status.html", context)


@require_POST
def add_information(request: HttpRequest) -> HttpResponse:
    """The complainant adds information or evidence to the case tracked in this session."""
    complaint = _tracked(request)
    if complaint is None:
        return redirect("supervision:track")
    form = AddInformationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_information(
                complaint=complaint, text=form.cleaned_data["text"], uploads=_uploads(form.cleaned_data["evidence"])
            )
            from django.contrib import messages

            messages.success(request, _("Thank you; the information was added to the case."))
            return redirect("supervision:case_status")
        except DomainError as exc:
            add_domain_error(form, exc)
    context = {
        "complaint": complaint,
        "notes": selectors.notes_for_filer(complaint),
        "timeline": selectors.public_timeline(complaint),
        "evidence_count": complaint.evidence.count(),
        "form": form,
    }
    return render(request, "supervision/case_status.html", context, status=422)
