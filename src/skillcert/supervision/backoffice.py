"""Back-office pages: the dashboard, cases and their actions, evidence, referrals, inspections, sanctions.

Pages read through ``Model.objects.restrict(user, action)`` (cases via :func:`selectors.cases_for`), so
labour inspection sees only the cases referred to it; the services check the capability again, so
staff of one role cannot act for another.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.core.changelog import history
from skillcert.core.errors import DomainError
from skillcert.core.params import page_number
from skillcert.core.querysets import CHANGE, VIEW
from skillcert.supervision import evidence, selectors, services
from skillcert.supervision.choices import OPEN_STAGES, Category, Stage, allowed_actions
from skillcert.supervision.forms import CaseActionForm, InspectionForm, SanctionForm, add_domain_error
from skillcert.supervision.models import Complaint, EvidenceFile, Inspection
from skillcert.supervision.views import find_institution


def dashboard(request: HttpRequest) -> HttpResponse:
    """Open cases by stage and category, overdue cases, institutions by complaint count."""
    return render(
        request, "supervision/dashboard.html", {"board": selectors.dashboard(), "today": timezone.localdate()}
    )


def cases(request: HttpRequest) -> HttpResponse:
    """The cases this account may see, filtered by stage, category or overdue."""
    found = selectors.cases_for(request.user)
    stage, category = request.GET.get("stage", ""), request.GET.get("category", "")
    if request.GET.get("overdue"):
        found = selectors.overdue(found)
    if stage in Stage.values:
        found = found.filter(stage=stage)
    elif stage == "open":
        found = found.filter(stage__in=OPEN_STAGES)
    if category in Category.values:
        found = found.filter(category=category)
    page = Paginator(found, 50).get_page(page_number(request.GET))
    context = {
        "page": page,
        "stages": Stage.choices,
        "categories": Category.choices,
        "stage": stage,
        "category": category,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/cases.html", context)


def referrals(request: HttpRequest) -> HttpResponse:
    """Labour inspection: the cases referred to it, waiting ones first."""
    found = selectors.cases_for(request.user).order_by("-stage", "stage_due_on")
    waiting = [c for c in found if c.stage == Stage.REFERRED]
    done = [c for c in found if c.stage != Stage.REFERRED][:50]
    context = {"waiting": waiting, "done": done, "today": timezone.localdate()}
    return render(request, "supervision/referrals.html", context)


def _case(request: HttpRequest, public_id: str, action: str = VIEW) -> Complaint:
    complaint = selectors.cases_for(request.user, action).filter(public_id=public_id).first()
    if complaint is None:
        raise Http404(_("No case with this id is open to your account."))
    return complaint


def case(request: HttpRequest, public_id: str) -> HttpResponse:
    """One case: what was filed, contact details (case staff only), evidence, notes, history, actions."""
    complaint = _case(request, public_id)
    staff = selectors.is_case_staff(request.user)
    context = {
        "complaint": complaint,
        "staff": staff,
        "inspector": selectors.is_inspector(request.user),
        "contact": services.decrypt_contact(complaint) if staff else None,
        "evidence": complaint.evidence.all() if staff else [],
        "notes": complaint.notes.select_related("author"),
        "sanctions": complaint.sanctions.all(),
        "actions": allowed_actions(complaint.stage),
        "action_form": CaseActionForm(),
        "sanction_form": SanctionForm(),
        "may_sanction": staff and complaint.institution_id and complaint.stage in services.SANCTION_BASIS_STAGES,
        "history": history_of(complaint),
        "certificate": _named_certificate(complaint) if staff else None,
    }
    return render(request, "supervision/case.html", context)


def history_of(complaint: Complaint) -> list[Any]:
    """The case's change log, newest first (at most 50 entries)."""
    return list(history(services.COMPLAINT, complaint.public_id)[:50])


def _named_certificate(complaint: Complaint) -> Any:
    """The registered certificate the complainant named, if the number exists."""
    from skillcert.certificates.models import Certificate

    if not complaint.certificate_number:
        return None
    return Certificate.objects.filter(number=complaint.certificate_number).first()


def _run_action(action: str, complaint: Complaint, form: CaseActionForm, actor: Any) -> Complaint:
    note = form.cleaned_data.get("note") or ""
    if action == "accept":
        return services.accept_complaint(complaint=complaint, note=note, actor=actor)
    if action == "reject":
        return services.reject_complaint(complaint=complaint, reason=note, actor=actor)
    if action == "investigate":
        return services.start_investigation(complaint=complaint, note=note, actor=actor)
    if action == "refer":
        return services.refer_to_labour_inspection(complaint=complaint, note=note, actor=actor)
    if action == "record_inspection_outcome":
        return services.record_inspection_outcome(complaint=complaint, outcome=note, actor=actor)
    if action == "conclude":
        outcome = form.cleaned_data.get("outcome") or ""
        return services.conclude_complaint(complaint=complaint, outcome=outcome, public_summary=note, actor=actor)
    services.add_staff_note(complaint=complaint, text=note, actor=actor)
    return complaint


DONE_MESSAGES: dict[str, Any] = {
    "accept": gettext_lazy("The complaint was accepted."),
    "reject": gettext_lazy("The complaint was not accepted; the complainant sees the reason."),
    "investigate": gettext_lazy("The investigation has started."),
    "refer": gettext_lazy("The case was referred to labour inspection."),
    "record_inspection_outcome": gettext_lazy("The labour inspection outcome was recorded."),
    "conclude": gettext_lazy("The case was concluded."),
    "note": gettext_lazy("The note was added."),
}


@require_POST
def case_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Move a case (accept, reject, investigate, refer, record the inspection outcome, conclude) or add a note."""
    complaint = _case(request, public_id, CHANGE)
    if action not in DONE_MESSAGES:
        raise Http404(_("Unknown action."))
    form = CaseActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("supervision:case", public_id=public_id)
    try:
        _run_action(action, complaint, form, request.user)
        messages.success(request, str(DONE_MESSAGES[action]))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("supervision:case", public_id=public_id)


def evidence_file(request: HttpRequest, public_id: str, file_id: str) -> HttpResponse:
    """Download one evidence file (case staff only, decrypted on the fly, never cached)."""
    complaint = _case(request, public_id)
    item = EvidenceFile.objects.restrict(request.user).filter(complaint=complaint, public_id=file_id).first()
    if item is None:
        raise Http404(_("No such evidence file."))
    response = HttpResponse(evidence.read(item.stored_path), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{item.public_id}{_suffix(item.content_type)}"'
    response["Cache-Control"] = "no-store"
    return response


def _suffix(content_type: str) -> str:
    return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(content_type, "")


def _sanction_from(request: HttpRequest, institution: Any, **basis: Any) -> None:
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the sanction form: %(errors)s") % {"errors": form.errors.as_text()})
        return
    data = form.cleaned_data
    try:
        sanction = services.impose_sanction(
            institution=institution,
            kind=data["kind"],
            reason=data["reason"],
            due_on=data.get("due_on"),
            certificate_numbers=(data.get("certificate_numbers") or "").split(),
            actor=request.user,
            **basis,
        )
        messages.success(request, _("Sanction imposed: %(kind)s.") % {"kind": sanction.get_kind_display()})
    except DomainError as exc:
        messages.error(request, str(exc.message))


@require_POST
def case_sanction(request: HttpRequest, public_id: str) -> HttpResponse:
    """Impose a sanction on the institution a case concerns."""
    complaint = _case(request, public_id, CHANGE)
    if complaint.institution is None:
        messages.error(request, _("The case names no recorded institution."))
    else:
        _sanction_from(request, complaint.institution, complaint=complaint)
    return redirect("supervision:case", public_id=public_id)


def inspections(request: HttpRequest) -> HttpResponse:
    """Quality inspections: record one, list the latest."""
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution = find_institution(data["institution"])
        if institution is None:
            form.add_error("institution", _("Choose an institution from the directory."))
        else:
            try:
                inspection = services.record_inspection(
                    institution=institution,
                    inspected_on=data["inspected_on"],
                    scope=data["scope"],
                    findings=data["findings"],
                    rating=data["rating"],
                    follow_up_due=data.get("follow_up_due"),
                    actor=request.user,
                )
                messages.success(request, _("The inspection was recorded."))
                return redirect("supervision:inspection", public_id=inspection.public_id)
            except DomainError as exc:
                add_domain_error(form, exc)
    latest = Inspection.objects.restrict(request.user).select_related("institution").order_by("-inspected_on", "-pk")
    page = Paginator(latest, 50).get_page(page_number(request.GET))
    from skillcert.supervision.views import directory_names

    return render(request, "supervision/inspections.html", {"form": form, "page": page, "names": directory_names()})


def inspection(request: HttpRequest, public_id: str) -> HttpResponse:
    """One inspection with the sanctions resting on it, and the sanction form."""
    action = CHANGE if request.method == "POST" else VIEW
    item = (
        Inspection.objects.restrict(request.user, action)
        .select_related("institution", "recorded_by")
        .filter(public_id=public_id)
        .first()
    )
    if item is None:
        raise Http404(_("No such inspection."))
    if request.method == "POST":
        _sanction_from(request, item.institution, inspection=item)
        return redirect("supervision:inspection", public_id=public_id)
    context = {"inspection": item, "sanctions": item.sanctions.all(), "sanction_form": SanctionForm()}
    return render(request, "supervision/inspection.html", context)
