"""Back-office pages of the 专项职业能力考核项目: centre staff record, edit, publish and retire projects.

Every change goes through :mod:`skillcert.catalog.services`, which checks the permission again
and logs refused attempts. Publishing and retiring are public at once (retiring also for good),
so each first shows a confirmation page that spells out the consequence.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.catalog import selectors, services
from skillcert.catalog.choices import ProjectStatus
from skillcert.catalog.forms import ProjectForm, RecordStatusForm, RetireForm, add_domain_error, initial_from
from skillcert.catalog.models import SpecialAbilityProject
from skillcert.core.changelog import history
from skillcert.core.errors import DomainError
from skillcert.core.params import page_number

PAGE_SIZE = 50
CONSEQUENCES = {
    "publish": gettext_lazy(
        "Publishing takes effect at once: the project and its specification appear on the public specification "
        "query, and special ability certificates may be issued for it from today. A published specification can "
        "no longer be edited; a new version is recorded as a new project."
    ),
    "retire": gettext_lazy(
        "Retiring is permanent and cannot be undone: no new certificate is issued for this project from now on, "
        "and batches not yet issued for it are refused. Certificates already issued stay valid, and the project "
        "stays on the public specification query marked as retired."
    ),
}
CONFIRM_LABELS = {
    "publish": gettext_lazy("Yes, publish this project"),
    "retire": gettext_lazy("Yes, retire this project"),
}
DONE = {
    "publish": gettext_lazy("The project is published."),
    "retire": gettext_lazy("The project is retired."),
}


def _project(code: str) -> SpecialAbilityProject:
    project = selectors.managed_projects().filter(code=code).first()
    if project is None:
        raise Http404(_("No special ability assessment project has the code %(code)s.") % {"code": code[:32]})
    return project


def manage_list(request: HttpRequest) -> HttpResponse:
    """Every project, drafts included, filterable by status and searchable by code or name."""
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:60]
    page = Paginator(selectors.managed_projects(status, query), PAGE_SIZE).get_page(page_number(request.GET))
    context = {"page": page, "status": status, "query": query, "statuses": ProjectStatus.choices}
    return render(request, "catalog/manage_projects.html", context)


def manage_new(request: HttpRequest) -> HttpResponse:
    """Record a new project as a draft."""
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.record_project(
                code=form.cleaned_data["code"], details=form.details(), actor=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The project was recorded as a draft."))
            return redirect("catalog:manage_project", code=project.code)
    return render(request, "catalog/project_form.html", {"form": form, "title": _("Record a project")})


def manage_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One project: its specification, record status, history and the actions its status allows."""
    project = _project(code)
    context = {
        "project": project,
        "history": history(services.OBJECT_TYPE, project.code)[:50],
        "retire_form": RetireForm(),
        "record_form": RecordStatusForm(
            initial={"status": project.record_status, "reference": project.record_reference, "on": project.record_date}
        ),
    }
    return render(request, "catalog/manage_project.html", context)


def manage_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a draft (the service refuses anything else)."""
    project = _project(code)
    form = ProjectForm(request.POST or None, initial=initial_from(project), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_draft(project=project, details=form.details(), actor=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("catalog:manage_project", code=project.code)
    title = _("Edit the draft %(code)s") % {"code": project.code}
    return render(request, "catalog/project_form.html", {"form": form, "title": title, "project": project})


@require_POST
def manage_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Publish or retire: first the confirmation page, then the service."""
    if action not in CONSEQUENCES:
        raise Http404(_("Unknown action."))
    project = _project(code)
    form = RetireForm(request.POST) if action == "retire" else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Give the reason in your own words; only staff see it."))
        return redirect("catalog:manage_project", code=code)
    reason = form.cleaned_data["reason"] if form is not None else ""
    if request.POST.get("confirmed") != "yes":
        context = {
            "project": project,
            "action": action,
            "reason": reason,
            "consequence": CONSEQUENCES[action],
            "confirm_label": CONFIRM_LABELS[action],
        }
        return render(request, "catalog/project_confirm.html", context)
    try:
        if action == "publish":
            services.publish_project(project=project, actor=request.user)
        else:
            services.retire_project(project=project, reason=reason, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("catalog:manage_project", code=code)


@require_POST
def manage_record_status(request: HttpRequest, code: str) -> HttpResponse:
    """Set the national record status with its reference and date."""
    project = _project(code)
    form = RecordStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the record status, reference and date."))
        return redirect("catalog:manage_project", code=code)
    try:
        services.set_record_status(
            project=project,
            status=form.cleaned_data["status"],
            reference=form.cleaned_data["reference"],
            on=form.cleaned_data["on"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The record status was saved."))
    return redirect("catalog:manage_project", code=code)
