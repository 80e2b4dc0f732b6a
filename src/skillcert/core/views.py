"""Account pages: sign in (throttled), the second factor, sign out, password, and the workspace."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from skillcert.core import signin
from skillcert.core.roles import ROLE_LABELS
from skillcert.core.workspace import links_for


class LoginView(auth_views.LoginView):
    """Sign-in page for staff, city bureaus, institutions and inspectors; throttled per account and client."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        wait = signin.throttle_wait(request, username)
        if wait:
            form = AuthenticationForm(request, initial={"username": username[:150]})
            context = self.get_context_data(form=form, lockout=signin.lockout_message(wait))
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        signin.record_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Confirmation after a password change."""

    template_name = "core/password_change_done.html"


def workspace(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page: their roles and the work they may do."""
    roles = [ROLE_LABELS.get(g.name, g.name) for g in request.user.groups.all()]
    return render(request, "core/workspace.html", {"roles": roles, "links": links_for(request.user)})


class CodeForm(forms.Form):
    """The six digits shown by the authenticator app."""

    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("core:workspace")


def _with_next(name: str, request: HttpRequest) -> str:
    return reverse(name) + "?" + urlencode({"next": _next_url(request)})


WRONG_CODE = gettext_lazy("The code is not correct or has expired. Enter the code your app shows now.")


@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """After the password: centre staff enter the current code of their authenticator app."""
    if not signin.needs_second_factor(request):
        return HttpResponseRedirect(_next_url(request))
    if signin.confirmed_device(request.user) is None:
        return HttpResponseRedirect(_with_next("core:two_factor_setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin.verify_code(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "core/two_factor.html", {"form": form, "next": _next_url(request)})


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of centre staff: scan the QR code (or type the secret), then confirm with a code."""
    if not signin.needs_second_factor(request) or signin.confirmed_device(request.user) is not None:
        return HttpResponseRedirect(_with_next("core:two_factor", request))
    device = signin.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin.confirm_enrolment(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Authenticator set-up code")),
        "secret": signin.secret_text(device),
    }
    return render(request, "core/two_factor_setup.html", context)
