"""Public verify page, the employer's verification-code page, and the holder's bundle and codes."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from skillcert.core.errors import DomainError
from skillcert.core.ids import grouped
from skillcert.core.ratelimit import RateLimited, check_rate
from skillcert.verification import cache, selectors, services
from skillcert.verification.forms import CodeForm, CreateCodeForm, IdCheckForm, VerifyForm
from skillcert.verification.models import VerificationCode
from skillcert.verification.report import Report
from skillcert.verification.sources import LiveSource, build_bundle
from skillcert.verification.verdict import REVOKED, verdict_context
from skillcert.verification.verifier import MAX_INPUT_BYTES, too_large_report, verify

VERIFY_RATE = "30/m"
FORM_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries, the CSRF token, an empty text field


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _rate_limited(request: HttpRequest, template: str, context: dict[str, Any], exc: RateLimited) -> HttpResponse:
    context["error"] = exc.message
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
def verify_page(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential or bundle; see each check (checked against this registry, fresh)."""
    template = "verification/verify.html"
    context: dict[str, Any] = {"form": VerifyForm(), "limit_kib": MAX_INPUT_BYTES // 1024}
    if request.method != "POST":
        return render(request, template, context)
    try:
        check_rate(request, "verify", VERIFY_RATE)
    except RateLimited as exc:
        return _rate_limited(request, template, context, exc)
    if _content_length(request) > MAX_INPUT_BYTES + FORM_OVERHEAD_BYTES:  # refused before the body is parsed
        context.update(verdict_context(too_large_report("live")))
        return render(request, template, context, status=413)
    try:
        data, files = request.POST, request.FILES
    except RequestDataTooBig:
        context.update(verdict_context(too_large_report("live")))
        return render(request, template, context, status=413)
    form = VerifyForm(data, files)
    context["form"] = form
    if form.is_valid():
        context.update(pasted_verdict(verify(form.raw, LiveSource())))
    return render(request, template, context)


def pasted_verdict(report: Report) -> dict[str, Any]:
    """The verdict of a pasted credential; a revoked one gains its date from this registry's record.

    Only after its signature held (a revoked verdict is never given to altered content), so the
    number it names is the one the issuer signed.
    """
    context = verdict_context(report)
    number = report.facts.get("number")
    if context["verdict"].kind == REVOKED and number:
        from skillcert.certificates.models import Certificate

        certificate = Certificate.objects.filter(number=number, status=REVOKED).first()
        if certificate is not None:
            context["verdict"] = verdict_context(report, certificate)["verdict"]
    return context


@never_cache
def code_page(request: HttpRequest) -> HttpResponse:
    """An employer enters a holder's code and sees the report and the certificate's public facts.

    With the code shown, the employer may also ask whether an ID number is the holder's (the
    "核对证件号码" step): a yes or no, at most three times per code, rate-limited per client.
    """
    template = "verification/code.html"
    context: dict[str, Any] = {"form": CodeForm()}
    if request.method != "POST":
        return render(request, template, context)
    id_step = request.POST.get("step") == "id_check"
    form = CodeForm(request.POST)
    context["form"] = form
    try:
        check_rate(request, "verification-code")
        if id_step:
            check_rate(request, "verification-id-check")
    except RateLimited as exc:
        return _rate_limited(request, template, context, exc)
    if not form.is_valid():
        return render(request, template, context)
    code = selectors.active_code(form.cleaned_data["code"])
    if code is None:
        context["error"] = _(
            "No valid verification code matches what you entered. Check it with the holder: "
            "codes can be mistyped, expire or be withdrawn."
        )
        return render(request, template, context)
    remaining = services.MAX_ID_CHECKS - code.id_checks
    if id_step:
        remaining = _answer_id_check(request, code, context, remaining)
    else:
        services.record_use(code=code, actor=request.user)
    context.update(
        code=code,
        certificate=code.certificate,
        **verdict_context(cache.live_report(code.certificate.public_id), code.certificate),
        id_form=IdCheckForm(initial={"code": form.cleaned_data["code"]}),
        id_checks_left=remaining,
        id_checks_max=services.MAX_ID_CHECKS,
    )
    return render(request, template, context)


def _answer_id_check(request: HttpRequest, code: VerificationCode, context: dict[str, Any], remaining: int) -> int:
    """Put the yes/no answer (or the refusal) into ``context``; return the checks left on the code."""
    id_form = IdCheckForm(request.POST)
    if not id_form.is_valid():
        context["id_error"] = _("Enter the ID number shown on the holder's ID document.")
        return remaining
    try:
        answer = services.check_id_number(code=code, id_number=id_form.cleaned_data["id_number"], actor=request.user)
    except DomainError as exc:
        context["id_error"] = exc.message
        return 0 if exc.code == "id_checks_used_up" else remaining
    context["id_match"] = answer.matches
    return answer.remaining


def _holder(token: str) -> Any:
    from skillcert.certificates.holderlink import read_token
    from skillcert.people.models import Holder

    public_id = read_token(token)
    holder = Holder.objects.filter(public_id=public_id).first() if public_id else None
    if holder is None:
        raise Http404(_("This holder link has expired. Query your certificate again to get a new one."))
    return holder


def _own_certificate(holder: Any, public_id: str) -> Any:
    from skillcert.certificates.selectors import certificates_of_holder

    certificate = certificates_of_holder(holder.pk).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404(_("This certificate is not among yours."))
    return certificate


@never_cache
def holder_bundle(request: HttpRequest, token: str, public_id: str) -> HttpResponse:
    """The holder's offline bundle: credential, DID document, status lists, checkpoint and proofs."""
    certificate = _own_certificate(_holder(token), public_id)
    credential = selectors.stored_credential(certificate.public_id)
    if credential is None:
        raise Http404(_("This certificate has no signed credential (imported record)."))
    body = json.dumps(build_bundle(credential), ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.bundle.json"'
    return response


@never_cache
@require_POST
def holder_create_code(request: HttpRequest, token: str, public_id: str) -> HttpResponse:
    """Create a verification code for one of the holder's certificates; the code is shown once."""
    holder = _holder(token)
    certificate = _own_certificate(holder, public_id)
    form = CreateCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the number of days the code stays valid (7 to 180)."))
        return redirect("certificates:holder", token=token)
    try:
        code, plain = services.create_verification_code(
            certificate=certificate, holder=holder, days=form.cleaned_data["days"], actor=request.user
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("certificates:holder", token=token)
    context = {"code": code, "plain": grouped(plain), "certificate": certificate, "token": token}
    return render(request, "verification/code_created.html", context)


@never_cache
@require_POST
def holder_revoke_code(request: HttpRequest, token: str, code_id: str) -> HttpResponse:
    """Withdraw one of the holder's codes at once."""
    holder = _holder(token)
    code = VerificationCode.objects.filter(public_id=code_id, holder=holder).first()
    if code is None:
        raise Http404(_("This verification code is not among yours."))
    try:
        services.revoke_verification_code(code=code, holder=holder, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The verification code ending in %(hint)s was revoked.") % {"hint": code.hint})
    return redirect("certificates:holder", token=token)
