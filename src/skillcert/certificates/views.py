"""Public certificate queries (no login) and the holder page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from skillcert.certificates import holderlink, querylimits, selectors
from skillcert.certificates.forms import CertificateQueryForm
from skillcert.certificates.models import Certificate
from skillcert.core.ratelimit import RateLimited, check_rate

QUERY_KINDS = {
    "skill": (selectors.SKILL_QUERY_TYPES, "certificates/query.html"),
    "special": (selectors.SPECIAL_QUERY_TYPES, "certificates/special_query.html"),
}


def run_query(form: CertificateQueryForm, types: tuple[str, ...]) -> list[Certificate]:
    """Answer a validated query form with the two-factor selectors."""
    data = form.cleaned_data
    if data["mode"] == "number":
        return selectors.query_by_number_and_name(
            certificate_number=data["certificate_number"], name=data["name"], types=types
        )
    return selectors.query_by_name_and_id(
        name=data["name"], id_number=data["id_number"], certificate_number=data["certificate_number"], types=types
    )


def opens_holder_page(form: CertificateQueryForm) -> bool:
    """Only 姓名 + full 证件号码 opens the holder's own page (PDF, bundle, codes).

    The certificate number and name are printed on every copy an employer receives, so
    that pair only ever gets the public, masked answer and the verify page.
    """
    return form.cleaned_data["mode"] == "id"


def _query(request: HttpRequest, kind: str) -> HttpResponse:
    types, template = QUERY_KINDS[kind]
    context: dict[str, object] = {"form": CertificateQueryForm(), "searched": False}
    if request.method == "POST":
        form = CertificateQueryForm(request.POST)
        context["form"] = form
        try:
            check_rate(request, "certificate-query")
        except RateLimited as exc:
            context["error"] = exc.message
            response = render(request, template, context, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        if form.is_valid():
            _answer(request, form, types, context)
    if querylimits.check_required(request):
        context["check"] = querylimits.new_check(request)
        context["check_minutes"] = querylimits.window_minutes()
    return render(request, template, context)


def _answer(
    request: HttpRequest, form: CertificateQueryForm, types: tuple[str, ...], context: dict[str, object]
) -> None:
    """Run a valid query into ``context``, unless this client owes a check and did not pass one.

    The check is asked only after repeated failed queries (:mod:`skillcert.certificates.querylimits`);
    a query refused for it runs nothing and counts nothing.
    """
    if querylimits.check_required(request) and not querylimits.check_passed(request, form.cleaned_data["altcha"]):
        context["error"] = _(
            "Please complete the check below first: it was not finished, had expired or was already used. "
            "Wait until it says it is done, then query again."
        )
        return
    results = run_query(form, types)
    querylimits.record_outcome(request, found=bool(results))
    context.update(searched=True, results=results, mode=form.cleaned_data["mode"])
    if results and opens_holder_page(form):
        context["holder_token"] = holderlink.make_token(results[0].holder.public_id)


@never_cache
def query(request: HttpRequest) -> HttpResponse:
    """职业技能等级证书查询 (also finds 职业资格证书 recorded here)."""
    return _query(request, "skill")


@never_cache
def special_query(request: HttpRequest) -> HttpResponse:
    """专项职业能力证书查询."""
    return _query(request, "special")


def _holder_from_token(token: str) -> Any:
    from skillcert.people.models import Holder

    public_id = holderlink.read_token(token)
    holder = Holder.objects.filter(public_id=public_id).first() if public_id else None
    if holder is None:
        raise Http404(_("This holder link has expired. Query your certificate again to get a new one."))
    return holder


@never_cache
def holder_pdf(request: HttpRequest, token: str, public_id: str) -> HttpResponse:
    """The holder's own certificate as a PDF (revoked or suspended ones carry the stamp)."""
    from skillcert.certificates.printing import certificate_pdf

    holder = _holder_from_token(token)
    certificate = selectors.certificates_of_holder(holder.pk).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404(_("This certificate is not among yours."))
    return pdf_response(certificate_pdf(certificate), certificate.number)


def pdf_response(data: bytes, number: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{number}.pdf"'
    return response


@never_cache
def holder_page(request: HttpRequest, token: str) -> HttpResponse:
    """A holder's own certificates, reached from a successful two-factor query."""
    holder = _holder_from_token(token)
    certificates = selectors.certificates_of_holder(holder.pk)
    return render(request, "certificates/holder.html", {"holder": holder, "certificates": certificates, "token": token})
