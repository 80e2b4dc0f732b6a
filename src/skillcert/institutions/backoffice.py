"""Back-office pages: centre staff record and supervise institutions; operators keep their own up to date.

Every page reads through :func:`selectors.get_for_user` (``Institution.objects.restrict``): pages
that only show ask for ``view``, pages that act ask for ``change``, so an id that is not the
user's answers 404 whatever is guessed. Changes go through the services, which check again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from skillcert.core.params import check_query, page_number
from skillcert.core.querysets import CHANGE, VIEW
from skillcert.institutions import selectors, services
from skillcert.institutions.choices import Transition, allowed_actions
from skillcert.institutions.forms import (
    ApproveForm,
    ContactsForm,
    ManageFilterForm,
    OperatorForm,
    RecordForm,
    RenewForm,
    ScopeRowForm,
    TokenForm,
    TransitionForm,
    WithdrawForm,
    add_domain_error,
    initial_from,
)
from skillcert.institutions.models import Institution, ScopeRow
from skillcert.institutions.views import query_from

PAGE_SIZE = 50


def _institution(request: HttpRequest, public_id: str, action: str = VIEW) -> Institution:
    try:
        return selectors.get_for_user(request.user, public_id, action)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _detail_url(institution: Institution) -> str:
    return reverse("institutions:manage_detail", args=[institution.public_id])


def mine(request: HttpRequest) -> HttpResponse:
    """An operator's start page: their own institution."""
    institution = selectors.institution_for_user(request.user)
    if institution is None:
        return render(
            request,
            "core/error.html",
            {
                "title": _("My institution"),
                "message": _(
                    "This account is not linked to an evaluation institution yet; ask the provincial centre to link it."
                ),
            },
            status=404,
        )
    return redirect(_detail_url(institution))


def manage_list(request: HttpRequest) -> HttpResponse:
    """Centre staff and city bureaus: every institution, applications included, with filters."""
    if not selectors.can_review(request.user):
        return mine(request) if request.user.has_perm("core.operate_institution") else _refuse(request)
    check_query(request.GET, ("level", "page"))  # plain digits, given once, or 400
    unlinked = _unlinked_bureau(request)
    if unlinked is not None:
        return unlinked
    form = ManageFilterForm(request.GET or None)
    found = Institution.objects.none()
    if not form.is_bound:
        found = Institution.objects.select_related("region").order_by("region__code", "name", "pk")
    elif form.is_valid():
        try:
            found = _manage_search(form)
        except InvalidInput as exc:
            add_domain_error(form, exc)
    found = found.restrict(request.user)  # a city bureau: its own 市(州) only
    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(found, PAGE_SIZE).get_page(page_number(request.GET))
    context = {
        "form": form,
        "page": page,
        "params": params.urlencode(),
        "can_manage": selectors.can_manage(request.user),
    }
    return render(request, "institutions/manage_list.html", context)


def _unlinked_bureau(request: HttpRequest) -> HttpResponse | None:
    """A city bureau not linked to a 市(州) reviews nothing: say why instead of showing an empty list."""
    from skillcert.core.bureaus import bureau_region, is_city_bureau, no_region_message

    if is_city_bureau(request.user) and bureau_region(request.user) is None:
        return render(request, "core/refused.html", {"message": no_region_message()}, status=403)
    return None


def _manage_search(form: ManageFilterForm) -> Any:
    query = query_from(form)
    status = query.status
    public_query = selectors.DirectoryQuery(query.q, query.region, query.occupation, query.level, "")
    found = selectors.search_directory(public_query, include_applications=True)
    return found.filter(status=status) if status else found


def _refuse(request: HttpRequest) -> HttpResponse:
    return render(request, "core/refused.html", {"message": _("Your account may not do this.")}, status=403)


def manage_new(request: HttpRequest) -> HttpResponse:
    """Centre staff enter an application for a record."""
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.apply_institution(
                details=_details(form.cleaned_data), reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect(_detail_url(institution))
    return render(request, "institutions/form.html", {"form": form, "title": _("Record an application")})


def _details(data: dict[str, Any]) -> services.RecordDetails:
    return services.RecordDetails(
        name=data["name"],
        credit_code=data["credit_code"],
        kind=data["kind"],
        region=data["region"],
        address=data["address"],
        contact_person=data["contact_person"],
        contact_phone=data["contact_phone"],
        contact_email=data.get("contact_email") or "",
        number_letter=data.get("number_letter") or "",
    )


def manage_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """Inspect one institution: record, scope (withdrawn rows too), operators, tokens and history."""
    institution = _institution(request, public_id)
    manager = selectors.can_manage(request.user)
    may_change = Institution.objects.restrict(request.user, CHANGE).filter(pk=institution.pk).exists()
    context = {
        "institution": institution,
        "rows": [(row, row.valid_on(timezone.localdate())) for row in selectors.all_scope_rows(institution)],
        "history": selectors.institution_history(institution)[:200],
        "operators": institution.operators.select_related("user"),
        "can_manage": manager,
        "can_edit_contacts": may_change,  # the centre, or the institution's own operators
        "can_see_tokens": may_change,
        "actions": [(a, Transition(a).label) for a in allowed_actions(institution.status)] if manager else [],
    }
    return render(request, "institutions/manage_detail.html", context)


TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    Transition.APPROVE: ApproveForm,
    Transition.SUSPEND: TransitionForm,
    Transition.REINSTATE: TransitionForm,
    Transition.REVOKE: TransitionForm,
    Transition.RENEW: RenewForm,
}


def transition(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    """Approve, suspend, reinstate, revoke or renew, with a reason (centre staff)."""
    institution = _institution(request, public_id, CHANGE)
    form_class = TRANSITION_FORMS.get(action)
    if form_class is None:
        raise Http404(_("There is no such action."))
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _apply(action, institution, form.cleaned_data, request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Transition(action).label})
            return redirect(_detail_url(institution))
    context = {"form": form, "title": Transition(action).label, "institution": institution}
    return render(request, "institutions/form.html", context)


def _apply(action: str, institution: Institution, data: dict[str, Any], actor: Any) -> None:
    common = {"institution": institution, "reason": data["reason"], "actor": actor}
    if action == Transition.APPROVE:
        services.approve_institution(
            record_valid_until=data.get("record_valid_until"),
            record_number=data.get("record_number") or "",
            institution_code=data.get("institution_code") or "0000",
            site_serial=data.get("site_serial") or "",
            **common,
        )
    elif action == Transition.RENEW:
        services.renew_record(record_valid_until=data.get("record_valid_until"), **common)
    else:
        simple: dict[str, Any] = {
            Transition.SUSPEND: services.suspend_institution,
            Transition.REINSTATE: services.reinstate_institution,
            Transition.REVOKE: services.revoke_institution,
        }
        simple[action](**common)


def record(request: HttpRequest, public_id: str) -> HttpResponse:
    """Correct the registered identity of a record (centre staff), with a reason."""
    institution = _institution(request, public_id, CHANGE)
    initial = initial_from(institution, ["name", "credit_code", "kind", "region", *services.CONTACT_FIELDS])
    initial["number_letter"] = institution.number_letter_override
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_record(
                institution=institution,
                details=_details(form.cleaned_data),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The record was corrected."))
            return redirect(_detail_url(institution))
    context = {"form": form, "title": _("Correct the record"), "institution": institution}
    return render(request, "institutions/form.html", context)


def contacts(request: HttpRequest, public_id: str) -> HttpResponse:
    """Address and contacts: the institution's own operators, or centre staff."""
    institution = _institution(request, public_id, CHANGE)
    form = ContactsForm(request.POST or None, initial=initial_from(institution, services.CONTACT_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contacts(institution=institution, actor=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404(str(exc.message)) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The contacts were saved."))
            return redirect(_detail_url(institution))
    context = {"form": form, "title": _("Address and contacts"), "institution": institution}
    return render(request, "institutions/form.html", context)


def scope(request: HttpRequest, public_id: str) -> HttpResponse:
    """Add a scope row, or change the one for the same occupation and job type (centre staff)."""
    institution = _institution(request, public_id, CHANGE)
    initial: dict[str, Any] = {}
    row = institution.scope_rows.filter(public_id=request.GET.get("row", ""), withdrawn_on__isnull=True).first()
    if row is not None:
        initial = initial_from(row, ["occupation_code", "job_type", "valid_from", "valid_until"])
        initial["levels"] = row.level_list
    form = ScopeRowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_scope_row(institution=institution, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The scope was saved."))
            return redirect(_detail_url(institution))
    context = {"form": form, "title": _("Scope row"), "institution": institution}
    return render(request, "institutions/form.html", context)


def withdraw(request: HttpRequest, public_id: str, row_id: str) -> HttpResponse:
    """Withdraw one scope row, with a reason (centre staff)."""
    institution = _institution(request, public_id, CHANGE)
    row = ScopeRow.objects.restrict(request.user, CHANGE).filter(institution=institution, public_id=row_id).first()
    if row is None:
        raise Http404(_("No such scope row."))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_scope_row(row=row, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The scope row was withdrawn."))
            return redirect(_detail_url(institution))
    context = {
        "form": form,
        "title": _("Withdraw %(occupation)s from the scope") % {"occupation": row.occupation_name},
        "institution": institution,
    }
    return render(request, "institutions/form.html", context)


def operators(request: HttpRequest, public_id: str) -> HttpResponse:
    """Link an operator account to the institution (centre staff)."""
    institution = _institution(request, public_id, CHANGE)
    form = OperatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        try:
            if user is None:
                raise InvalidInput(_("No active account has this name."), fields={"username": [_("Unknown account.")]})
            services.link_operator(user=user, institution=institution, actor=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The account now operates for this institution."))
            return redirect(_detail_url(institution))
    context = {"form": form, "title": _("Link an operator account"), "institution": institution}
    return render(request, "institutions/form.html", context)


def tokens(request: HttpRequest, public_id: str) -> HttpResponse:
    """List and create API tokens: the institution's own operators, or centre staff."""
    institution = _institution(request, public_id, CHANGE)  # the centre or the institution's own operators
    form = TokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.create_api_token(
                institution=institution, label=form.cleaned_data["label"], actor=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            form = TokenForm()
    context = {
        "institution": institution,
        "form": form,
        "new_token": new_token,
        "tokens": selectors.tokens_for(institution),
        "token_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "institutions/tokens.html", context)


@require_POST
def revoke_token(request: HttpRequest, public_id: str, token_id: str) -> HttpResponse:
    """Revoke one API token at once."""
    institution = _institution(request, public_id, CHANGE)
    try:
        token = selectors.token_of(institution, token_id)
        services.revoke_api_token(token=token, actor=request.user)
    except (NotFound, PermissionDenied) as exc:
        raise Http404(str(exc.message)) from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The token was revoked; systems using it are refused from now on."))
    return HttpResponseRedirect(reverse("institutions:tokens", args=[institution.public_id]))
