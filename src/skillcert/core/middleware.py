"""Request plumbing: request ids, language choice, session lifetimes, the second factor and the permission map."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from skillcert.core.context import new_request_id, request_id_var
from skillcert.core.permissions import ApiToken, LoggedIn, Public, Requires, StaffAdmin, rule_for
from skillcert.core.signin import needs_second_factor, session_expired

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
API_PREFIX = "/api/"


class RequestIdMiddleware:
    """Gives every request an id (the caller's ``X-Request-ID`` when well-formed) and echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class LanguageMiddleware:
    """Chinese first: pages are zh-Hans unless the visitor chose English.

    The choice comes from ``?lang=`` or the language cookie set by the switcher.
    The API also honours ``Accept-Language`` so that clients get English errors
    when they ask for them; pages ignore it on purpose (a browser set to English
    still gets the Chinese site until the visitor switches).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie, Accept-Language")
        translation.deactivate()
        return response

    def choose(self, request: HttpRequest) -> str:
        for candidate in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
            normalised = self.normalise(candidate)
            if normalised:
                return normalised
        if request.path.startswith(API_PREFIX):
            return self.normalise(translation.get_language_from_request(request)) or settings.LANGUAGE_CODE
        return settings.LANGUAGE_CODE

    def normalise(self, code: str | None) -> str | None:
        if not code:
            return None
        code = code.lower().replace("_", "-")
        if code in self.supported:
            return code
        if code.startswith("zh"):
            return "zh-hans"
        if code.startswith("en"):
            return "en"
        return None


class PermissionMapMiddleware:
    """Enforces :data:`skillcert.core.permissions.URL_PERMISSIONS` before any view runs.

    Unmapped URLs are refused (deny by default). Anonymous users are sent to the
    login page (pages) or get a 401 in the API error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        rule = rule_for(match.view_name) if match else None
        if rule is None:
            return self.refuse(request, 403, "permission_denied", _("This address is not open to you."))
        if isinstance(rule, (Public, StaffAdmin, ApiToken)):
            return None
        user = request.user
        if not user.is_authenticated:
            if request.path.startswith(API_PREFIX):
                return self.refuse(request, 401, "not_authenticated", _("Please sign in or present an API token."))
            return redirect_to_login(request.get_full_path())
        if isinstance(rule, LoggedIn):
            return None
        if isinstance(rule, Requires) and user.has_perm(rule.permission):
            return None
        return self.refuse(request, 403, "permission_denied", _("Your account may not do this."))

    @staticmethod
    def refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {"code": code, "message": message, "fields": {}},
                status=status,
                json_dumps_params={"ensure_ascii": False},
            )
        from django.shortcuts import render

        return render(request, "core/refused.html", {"message": message}, status=status)


class SessionTimeoutMiddleware:
    """Signs out a web session idle for too long or older than the maximum (see :mod:`skillcert.core.signin`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_expired(request):
            logout(request)
            if request.path.startswith(API_PREFIX):
                return PermissionMapMiddleware.refuse(
                    request, 401, "session_expired", _("Your session has ended. Please sign in again.")
                )
            messages.info(request, _("Your session has ended after a period without activity. Please sign in again."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


TWO_FACTOR_VIEWS = {"core:two_factor", "core:two_factor_setup", "core:logout", "set_language"}


class StaffTwoFactorMiddleware:
    """Until a centre staff member's web session has passed a TOTP code, only the code pages are open to it.

    Public pages stay public; every page that needs an account sends them to
    enter a code (or to enrol their authenticator first); the API answers 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in TWO_FACTOR_VIEWS or isinstance(rule_for(name), (Public, ApiToken)):
            return None
        if not needs_second_factor(request):
            return None
        if request.path.startswith(API_PREFIX):
            return PermissionMapMiddleware.refuse(
                request, 401, "second_factor_required", _("Enter the code from your authenticator app first.")
            )
        target = reverse("core:two_factor") + "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)


JSON_NUL = b"\\u0000"


class RefuseNulMiddleware:
    """Refuse a NUL character in a query parameter or a JSON body before any view sees it.

    No real input contains one and PostgreSQL cannot store one in a text column.
    Django's forms refuse them, but pages that read ``request.GET`` themselves and
    django-ninja's schemas do not, so ``?q=%00`` would otherwise end as a 500 on
    PostgreSQL. Pages answer 400 with a message; the API answers 422 in its error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = sorted(
            {key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)}
        )
        if not fields and not _json_body_has_nul(request):
            return self.get_response(request)
        message = _("The request contains a NUL character, which no field accepts.")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "invalid_input", "message": message, "fields": {name: [message] for name in fields}},
                status=422,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "core/error.html", {"title": _("Invalid request"), "message": message}, status=400)


def _json_body_has_nul(request: HttpRequest) -> bool:
    if request.content_type != "application/json":
        return False  # uploads may hold NUL bytes legitimately; forms refuse them in text fields
    try:
        body = request.body
    except RequestDataTooBig:
        return False  # the view answers 413 itself
    return b"\x00" in body or JSON_NUL in body.lower()
