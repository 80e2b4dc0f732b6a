"""Back-office certificate pages: an institution's own certificates (the centre sees all), status changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.certificates import services
from skillcert.certificates.choices import CertificateStatus, StatusReason
from skillcert.certificates.models import Certificate
from skillcert.core.changelog import history
from skillcert.core.errors import DomainError
from skillcert.core.params import page_number
from skillcert.core.querysets import CHANGE, VIEW

ACTIONS = {
    "suspend": gettext_lazy("Certificate suspended."),
    "reinstate": gettext_lazy("Certificate reinstated."),
    "revoke": gettext_lazy("Certificate revoked."),
}


# Irreversible (or public at once) actions, each with its consequence spelled out on a confirmation page.
CONSEQUENCES = {
    "suspend": gettext_lazy(
        "Suspending takes effect at once: the query result, the verification page and the signed status list "
        "show this certificate as suspended until it is reinstated, and the change enters the public "
        "transparency log."
    ),
    "revoke": gettext_lazy(
        "Revoking is permanent and cannot be undone: the certificate stops being valid everywhere (query, "
        "verification page, PDF, signed status list) and the revocation enters the public transparency log."
    ),
    "reissue": gettext_lazy(
        "Reissuing issues a new certificate with a new number and permanently revokes this one; its query "
        "result will point to the new certificate. This cannot be undone."
    ),
}
CONFIRM_LABELS = {
    "suspend": gettext_lazy("Yes, suspend this certificate"),
    "revoke": gettext_lazy("Yes, revoke this certificate"),
    "reissue": gettext_lazy("Yes, reissue and revoke this certificate"),
}


class ReasonForm(forms.Form):
    """A status change: the public category (to suspend or revoke) and the staff's own reason."""

    action = forms.ChoiceField(choices=[(a, a) for a in (*ACTIONS, "reissue")])
    # A text field with a select: the service checks the value and refuses a wrong one in its own words.
    category = forms.CharField(
        label=gettext_lazy("Reason shown to the public"),
        max_length=32,
        widget=forms.Select(choices=[("", gettext_lazy("— choose to suspend or revoke —")), *StatusReason.choices]),
        required=False,
        help_text=gettext_lazy("Query results, the verification page, the PDF and the API show only this category."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (staff only)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What happened, in your own words: kept in the back office and the change log."),
    )


def _certificates(user: Any, action: str = VIEW) -> QuerySet[Certificate]:
    """The certificates this account answers for (``Certificate.objects.restrict``), newest first."""
    return (
        Certificate.objects.restrict(user, action)
        .select_related("institution", "project", "holder")
        .order_by("-issued_on", "number")
    )


def manage_list(request: HttpRequest) -> HttpResponse:
    """Search the certificates this account is responsible for, by number, name or status."""
    queryset = _certificates(request.user)
    query = request.GET.get("q", "").strip()[:40]
    status = request.GET.get("status", "")
    if query:
        queryset = queryset.filter(Q(number__icontains=query) | Q(holder_name=query) | Q(batch_id=query))
    if status in CertificateStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(page_number(request.GET))
    context = {"page": page, "query": query, "status": status, "statuses": CertificateStatus.choices}
    return render(request, "certificates/manage_list.html", context)


def _certificate_or_404(request: HttpRequest, public_id: str, action: str = VIEW) -> Certificate:
    certificate = _certificates(request.user, action).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404(_("No certificate with this id is visible to your account."))
    return certificate


def manage_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One certificate with its history and the status actions allowed now."""
    certificate = _certificate_or_404(request, public_id)
    context = {
        "certificate": certificate,
        "history": history(services.OBJECT_TYPE, certificate.public_id)[:50],
        "form": ReasonForm(),
    }
    return render(request, "certificates/manage_detail.html", context)


def manage_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    """Print one certificate (the issuing institution, the HR bureau or the centre)."""
    from skillcert.certificates.printing import certificate_pdf
    from skillcert.certificates.views import pdf_response

    certificate = _certificate_or_404(request, public_id)
    return pdf_response(certificate_pdf(certificate), certificate.number)


def _confirm(request: HttpRequest, certificate: Certificate, form: ReasonForm) -> HttpResponse:
    """The second step of an irreversible action: what will happen, and one button to go ahead (no JS needed)."""
    action = form.cleaned_data["action"]
    category = form.cleaned_data["category"]
    context = {
        "certificate": certificate,
        "action": action,
        "category": category,
        "category_label": dict(StatusReason.choices).get(category, ""),
        "reason": form.cleaned_data["reason"],
        "consequence": CONSEQUENCES[action],
        "confirm_label": CONFIRM_LABELS[action],
    }
    return render(request, "certificates/manage_confirm.html", context)


@require_POST
def manage_action(request: HttpRequest, public_id: str) -> HttpResponse:
    """Suspend or revoke (with a public category), reinstate or reissue, each with the staff's reason."""
    certificate = _certificate_or_404(request, public_id, CHANGE)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason in your own words; only staff see it."))
        return redirect("certificates:manage_detail", public_id=public_id)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    category = form.cleaned_data["category"]
    if action in CONSEQUENCES and request.POST.get("confirmed") != "yes":
        return _confirm(request, certificate, form)
    try:
        if action == "reissue":
            new = services.reissue_certificate(certificate=certificate, reason=reason, actor=request.user)
            messages.success(
                request, _("Reissued as %(number)s; the old certificate is revoked.") % {"number": new.number}
            )
            return redirect("certificates:manage_detail", public_id=new.public_id)
        if action == "reinstate":
            services.reinstate_certificate(certificate=certificate, reason=reason, actor=request.user)
        else:
            service = services.suspend_certificate if action == "suspend" else services.revoke_certificate
            service(certificate=certificate, category=category, reason=reason, actor=request.user)
        messages.success(request, str(ACTIONS[action]))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("certificates:manage_detail", public_id=public_id)
