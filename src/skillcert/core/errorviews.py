"""Error pages: JSON in the API error shape under ``/api/``, friendly pages elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "fields": {}}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a badly written or repeated parameter says which and why; anything else gets a plain sentence."""
    from skillcert.core.params import BadParameter

    if isinstance(exception, BadParameter):
        code, message = exception.code, str(exception.message)
    else:
        code, message = "bad_request", _("The request could not be understood.")
    if _api(request):
        return _json(400, code, message)
    return render(request, "core/error.html", {"title": _("Bad request"), "message": message}, status=400)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: say what was not found, in the request's language."""
    detail = str(exception.args[0]) if exception.args and isinstance(exception.args[0], str) else ""
    message = detail or _("The page you asked for does not exist.")
    if _api(request):
        return _json(404, "not_found", message)
    return render(request, "core/error.html", {"title": _("Not found"), "message": message}, status=404)


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403."""
    message = _("Your account may not do this.")
    if _api(request):
        return _json(403, "permission_denied", message)
    return render(request, "core/error.html", {"title": _("Not allowed"), "message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: apologise and show the request id for support; never leak details."""
    message = _("Something went wrong on our side. Please try again; if it keeps happening, quote the request id.")
    if _api(request):
        return _json(500, "server_error", message)
    return render(request, "core/error.html", {"title": _("Server error"), "message": message}, status=500)
