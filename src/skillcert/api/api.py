"""The ``/api/v1/`` NinjaAPI: JSON without ASCII escapes, one error shape, routers of the apps."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from skillcert.catalog.api import router as catalog_router
from skillcert.core.errors import DomainError
from skillcert.core.params import StrictQueryParser


class UnicodeJSONRenderer(JSONRenderer):
    """Renders Chinese as Chinese, not ``\\uXXXX`` escapes."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)


api = NinjaAPI(
    title="skillcert API",
    version="1",
    description=(
        "技能人才评价证书管理与查验平台 API. Errors always have the shape "
        '{"code", "message", "fields"}; send Accept-Language: en for English messages.'
    ),
    renderer=UnicodeJSONRenderer(),
    parser=StrictQueryParser(),  # a repeated query parameter is refused (400), never "the last one wins"
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request: HttpRequest, status: int, code: str, message: str, fields: Any = None) -> HttpResponse:
    """Return the one error shape."""
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = exc.as_dict()
    response = error_response(request, exc.status_code, body["code"], body["message"], body["fields"])
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)  # type: ignore[attr-defined]
    return response


def validation_message(error: dict[str, Any]) -> str:
    """Translate one pydantic error into the request's language (pydantic speaks English only)."""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": _("This field is required."),
        "string_too_short": _("Must be at least %(n)s characters long.") % {"n": ctx.get("min_length")},
        "string_too_long": _("Must be at most %(n)s characters long.") % {"n": ctx.get("max_length")},
        "int_parsing": _("Must be a whole number."),
        "int_type": _("Must be a whole number."),
        "bool_parsing": _("Must be true or false."),
        "greater_than_equal": _("Must be at least %(n)s.") % {"n": ctx.get("ge")},
        "less_than_equal": _("Must be at most %(n)s.") % {"n": ctx.get("le")},
        "json_invalid": _("The request body is not valid JSON."),
    }
    return str(messages.get(kind, _("Not a valid value.")))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("query", "body", "path", "params")]
        fields.setdefault(".".join(location) or "request", []).append(validation_message(error))
    return error_response(request, 422, "invalid_input", _("Some parameters are not valid."), fields)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or _("Not found."))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "not_authenticated", _("Please sign in or present an API token."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


api.add_router("/catalog", catalog_router)
api.add_router("/institutions", "skillcert.institutions.api.router")
api.add_router("/log", "skillcert.transparency.api.router")
api.add_router("/certificates", "skillcert.certificates.api.router")
api.add_router("/claims", "skillcert.supervision.api.router")
api.add_router("/stats", "skillcert.stats.api.router")
api.add_router("/competitions", "skillcert.competitions.api.router")
api.add_router("/verify", "skillcert.verification.api.router")
