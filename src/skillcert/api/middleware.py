"""Keeps the one API error shape for errors raised outside the API's own handlers (e.g. 405)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _message(status: int) -> tuple[str, str]:
    messages = {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("not_authenticated", _("Please sign in or present an API token.")),
        403: ("permission_denied", _("Your account may not do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request is too large.")),
        429: ("rate_limited", _("Too many requests. Please wait a moment and try again.")),
    }
    return messages.get(status, ("error", _("The request failed.")))


class ApiErrorShapeMiddleware:
    """Rewrites non-JSON error responses under ``/api/`` into ``{"code", "message", "fields"}``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = _message(response.status_code)
            shaped = JsonResponse(
                {"code": code, "message": message, "fields": {}},
                status=response.status_code,
                json_dumps_params={"ensure_ascii": False},
            )
            for header in ("Allow", "Retry-After", "X-Request-ID"):
                if header in response:
                    shaped[header] = response[header]
            return shaped
        return response
