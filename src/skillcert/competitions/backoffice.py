"""Back-office competition pages: hosts register and upload, the centre approves (thin: services decide).

Every lookup goes through ``Competition.objects.restrict`` / ``ResultImport.objects.restrict``
(via the selectors): a host sees only its own competitions, the centre every one; pages that act
ask for ``change``. A guessed id of another host answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.competitions import selectors, services
from skillcert.competitions.choices import IssuingPath
from skillcert.competitions.forms import (
    LEVEL_OR_NONE,
    AwardRuleForm,
    HostForm,
    LinkAccountForm,
    ReasonForm,
    RegisterForm,
    ResultsApprovalForm,
    UploadForm,
)
from skillcert.competitions.models import Competition, ResultImport
from skillcert.competitions.views import path_context
from skillcert.core.errors import DomainError
from skillcert.core.querysets import CHANGE, VIEW


def _competition_or_404(request: HttpRequest, public_id: str, action: str = VIEW) -> Competition:
    competition = selectors.get_for_user(request.user, public_id, action)
    if competition is None:
        raise Http404(_("No competition with this id is open to your account."))
    return competition


def _import_or_404(request: HttpRequest, public_id: str, action: str = VIEW) -> ResultImport:
    result_import = selectors.import_for_user(request.user, public_id, action)
    if result_import is None:
        raise Http404(_("No results file with this id is open to your account."))
    return result_import


def manage_list(request: HttpRequest) -> HttpResponse:
    """A host's own competitions; for the centre every competition, those waiting first."""
    context = {
        "competitions": selectors.competitions_for(request.user)[:300],
        "waiting": selectors.awaiting_centre() if request.user.has_perm("core.approve_competitions") else [],
        "host": selectors.host_of(request.user),
    }
    return render(request, "competitions/manage_list.html", context)


def register(request: HttpRequest) -> HttpResponse:
    """A host registers a competition."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.register_competition(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Competition registered. Check it, then apply to the centre for approval."))
            return redirect("competitions:manage_detail", public_id=competition.public_id)
    return render(request, "competitions/register.html", {"form": form, "host": selectors.host_of(request.user)})


def manage_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A competition: events, stages, rules, issuing path, approval, results files."""
    competition = _competition_or_404(request, public_id)
    stages = [(s.public_id, s.name) for s in competition.stages.all()]
    context = {
        "competition": competition,
        "events": competition.events.select_related("project"),
        "stages": competition.stages.all(),
        "award_rules": competition.award_rules.all(),
        "imports": competition.imports.select_related("stage"),
        "is_host": selectors.host_of(request.user) == competition.host,
        "is_centre": request.user.has_perm("core.approve_competitions"),
        "upload_form": UploadForm(stages=stages),
        "reason_form": ReasonForm(),
        "rule_form": AwardRuleForm(),
        **path_context(competition),
    }
    return render(request, "competitions/manage_detail.html", context)


def _act(request: HttpRequest, action: Any, success: str, **kwargs: Any) -> None:
    try:
        action(actor=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)


@require_POST
def apply(request: HttpRequest, public_id: str) -> HttpResponse:
    competition = _competition_or_404(request, public_id, CHANGE)
    _act(request, services.apply_competition, _("Applied to the centre for approval."), competition=competition)
    return redirect("competitions:manage_detail", public_id=public_id)


@require_POST
def decide(request: HttpRequest, public_id: str) -> HttpResponse:
    """The centre approves or rejects the competition."""
    competition = _competition_or_404(request, public_id, CHANGE)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if request.POST.get("decision") == "reject":
        _act(request, services.reject_competition, _("Competition rejected."), competition=competition, reason=reason)
    else:
        _act(request, services.approve_competition, _("Competition approved."), competition=competition, reason=reason)
    return redirect("competitions:manage_detail", public_id=public_id)


@require_POST
def upload(request: HttpRequest, public_id: str) -> HttpResponse:
    """The host uploads the final results; the preview shows on the file's page."""
    from skillcert.assessments.services import refuse_oversize

    competition = _competition_or_404(request, public_id, CHANGE)
    stages = {s.public_id: s for s in competition.stages.all()}
    form = UploadForm(request.POST, request.FILES, stages=[(k, s.name) for k, s in stages.items()])
    if not form.is_valid():
        messages.error(request, _("Choose the stage and a results file."))
        return redirect("competitions:manage_detail", public_id=public_id)
    uploaded = form.cleaned_data["file"]
    try:
        refuse_oversize(uploaded.size)
        result_import = services.upload_results(
            competition=competition,
            stage=stages[form.cleaned_data["stage"]],
            actor=request.user,
            filename=uploaded.name,
            data=uploaded.read(),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("competitions:manage_detail", public_id=public_id)
    return redirect("competitions:import_detail", public_id=result_import.public_id)


def import_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A results file: its preview (before submission) or its finalists (after)."""
    result_import = _import_or_404(request, public_id)
    competition = result_import.competition
    winners = list(result_import.winners.select_related("event", "certificate"))
    is_centre = request.user.has_perm("core.approve_competitions")
    context = {
        "result_import": result_import,
        "competition": competition,
        "winners": winners,
        "is_host": selectors.host_of(request.user) == competition.host,
        "is_centre": is_centre,
        "approval_form": ResultsApprovalForm(winners=winners) if is_centre else None,
        "host_issues": competition.issuing_path == IssuingPath.HOST_INSTITUTION,
        "level_choices": LEVEL_OR_NONE,
    }
    return render(request, "competitions/import_detail.html", context)


@require_POST
def submit(request: HttpRequest, public_id: str) -> HttpResponse:
    result_import = _import_or_404(request, public_id, CHANGE)
    _act(request, services.submit_results, _("Results submitted to the centre."), result_import=result_import)
    return redirect("competitions:import_detail", public_id=public_id)


@require_POST
def approve_results(request: HttpRequest, public_id: str) -> HttpResponse:
    """The centre approves the results; where the centre issues, the certificates are issued at once."""
    result_import = _import_or_404(request, public_id, CHANGE)
    form = ResultsApprovalForm(request.POST, winners=list(result_import.winners.all()))
    if not form.is_valid():
        messages.error(request, _("Choose a valid level for each changed row."))
        return redirect("competitions:import_detail", public_id=public_id)
    try:
        services.approve_results(result_import=result_import, actor=request.user, levels=form.levels())
        if result_import.competition.issuing_path != IssuingPath.HOST_INSTITUTION:
            issued = services.issue_competition_certificates(result_import=result_import, actor=request.user)
            messages.success(request, _("Results approved; %(n)s certificates issued.") % {"n": len(issued)})
        else:
            messages.success(request, _("Results approved; the host institution may now issue the certificates."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("competitions:import_detail", public_id=public_id)


@require_POST
def issue(request: HttpRequest, public_id: str) -> HttpResponse:
    """Issue the certificates of approved results (the host for case 2 with a recorded host, else the centre)."""
    result_import = _import_or_404(request, public_id, CHANGE)
    try:
        issued = services.issue_competition_certificates(result_import=result_import, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(n)s certificates issued.") % {"n": len(issued)})
    return redirect("competitions:import_detail", public_id=public_id)


def template(request: HttpRequest) -> HttpResponse:
    """The final results template (xlsx)."""
    from skillcert.competitions.results import results_template

    response = HttpResponse(
        results_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E7%AB%9E%E8%B5%9B%E7%BB%93%E6%9E%9C.xlsx"
    return response


@require_POST
def award_rule(request: HttpRequest, public_id: str) -> HttpResponse:
    """Change one award-to-level rule before approval (the host or the centre)."""
    competition = _competition_or_404(request, public_id, CHANGE)
    form = AwardRuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the event kind, the ranks and the level."))
    else:
        _act(request, services.set_award_rule, _("Award rule saved."), competition=competition, **form.cleaned_data)
    return redirect("competitions:manage_detail", public_id=public_id)


def hosts(request: HttpRequest) -> HttpResponse:
    """The centre records competition hosts and links their accounts."""
    from django.contrib.auth import get_user_model

    from skillcert.competitions.models import HostOrganisation

    all_hosts = HostOrganisation.objects.select_related("institution").prefetch_related("accounts__user")
    host_form = HostForm(request.POST if request.POST.get("form") == "host" else None)
    choices = [(h.public_id, h.name) for h in all_hosts]
    link_form = LinkAccountForm(request.POST if request.POST.get("form") == "link" else None, hosts=choices)
    if request.method == "POST" and host_form.is_valid():
        _act(request, services.register_host, _("Host recorded."), **host_form.cleaned_data)
        return redirect("competitions:hosts")
    if request.method == "POST" and link_form.is_valid():
        user = get_user_model().objects.filter(username=link_form.cleaned_data["username"]).first()
        if user is None or not user.groups.filter(name="competition_host").exists():
            messages.error(request, _("No account of the competition-host role has this user name."))
        else:
            host = all_hosts.get(public_id=link_form.cleaned_data["host"])
            _act(request, services.link_host_account, _("Account linked."), user=user, host=host)
        return redirect("competitions:hosts")
    context = {"hosts": all_hosts, "host_form": host_form, "link_form": link_form}
    return render(request, "competitions/hosts.html", context)
