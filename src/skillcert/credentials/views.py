"""Public documents a verifier fetches: the issuer's DID document, the signed status lists, and a credential
at its unguessable address."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skillcert.core.ratelimit import RateLimited, check_rate
from skillcert.credentials import selectors

CREDENTIAL_MEDIA_TYPE = "application/vc+ld+json; charset=utf-8"
DOWNLOAD_RATE_SCOPE = "credential-download"  # at the certificate query's rate (SKILLCERT_QUERY_RATE_LIMIT)
CACHE_CONTROL = f"max-age={selectors.STATUS_LIST_CACHE_SECONDS}, public"


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


def address_changed(request: HttpRequest) -> HttpResponse:
    """The one answer for an address that opens nothing, old public-id addresses included: 404, no data.

    The same page whatever was asked, so it tells nobody whether a certificate exists; it
    explains that addresses changed and how to check a certificate now. No redirect: an old
    address is listed in the public log, and following it anywhere useful would reopen the hole.
    """
    return render(request, "credentials/address_changed.html", status=404)


@require_safe
def issued_credential(request: HttpRequest, address: str) -> HttpResponse:
    """A certificate's signed credential at its ``id``, ``/credentials/<address key>``: for holders and QR bearers.

    Served as its JCS bytes (RFC 8785), so ``sha256sum`` of the download is the ``credential_sha256``
    its log entry records. Rate-limited per client like the certificate query, unknown addresses
    included (guessing costs as much as fetching); never cached by shared caches (it names the holder).
    """
    try:
        check_rate(request, DOWNLOAD_RATE_SCOPE)
    except RateLimited as exc:
        refused = JsonResponse(
            {"code": exc.code, "message": str(exc.message), "fields": {}},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
        refused["Retry-After"] = str(exc.retry_after)
        return refused
    stored = selectors.credential_at(address)
    if stored is None:
        return address_changed(request)
    response = HttpResponse(selectors.credential_bytes(stored.document), content_type=CREDENTIAL_MEDIA_TYPE)
    response["Content-Disposition"] = f'inline; filename="credential-{address[:8]}.json"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Access-Control-Allow-Origin"] = "*"  # the holder may hand it to a verifier running in a browser
    return response
