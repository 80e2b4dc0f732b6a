"""Public documents a verifier fetches: the issuer's DID document and the signed status lists."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skillcert.credentials import selectors

CACHE_CONTROL = f"max-age={selectors.STATUS_LIST_TTL_SECONDS}, public"


def _json_response(request: HttpRequest, body: dict[str, Any], content_type: str) -> HttpResponse:
    """A cacheable JSON response with a strong ETag over its bytes; 304 when the client has them."""
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = '"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(payload, content_type=f"{content_type}; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in browsers fetch these from other origins
    return response


@require_safe
def did_document(request: HttpRequest) -> HttpResponse:
    """``/.well-known/did.json``: the did:web document with every key the issuer ever used."""
    return _json_response(request, selectors.current_did_document(), "application/did+json")


@require_safe
def status_list(request: HttpRequest, purpose: str, list_id: str) -> HttpResponse:
    """A signed BitstringStatusListCredential (revocation or suspension)."""
    found = selectors.get_status_list(purpose, list_id)
    if found is None:
        raise Http404(_("There is no such status list."))
    return _json_response(request, selectors.status_list_credential(found), "application/vc")


@require_safe
def issued_credential(request: HttpRequest, public_id: str) -> HttpResponse:
    """A certificate's signed credential, at the URL that is its ``id`` (for holders, verifiers and the QR code)."""
    from skillcert.credentials.models import IssuedCredential

    stored = IssuedCredential.objects.filter(subject_id=public_id).first()
    if stored is None:
        raise Http404(_("No credential has this address."))
    response = _json_response(request, stored.document, "application/vc+ld+json")
    response["Content-Disposition"] = f'inline; filename="{public_id}.credential.json"'
    return response
