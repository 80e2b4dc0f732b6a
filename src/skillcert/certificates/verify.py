"""The public verify page a certificate's QR code leads to.

It shows the registry's record (status, with date and reason) and the report of
the one verifier (``skillcert.verification``) on the certificate's signed
credential, checked against this registry's live data: signature, issuer key,
status lists, log inclusion and dates, each on its own.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from skillcert.certificates import selectors


@never_cache
def verify_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """What a worker or employer sees after scanning the QR code on a certificate."""
    from skillcert.verification.selectors import live_report

    certificate = selectors.get_by_public_id(public_id)
    if certificate is None:
        raise Http404(
            _(
                "No certificate has this verification address. The paper may be forged: "
                "query by name and ID number, or file a complaint."
            )
        )
    context = {"certificate": certificate, "report": live_report(public_id)}
    return render(request, "certificates/verify.html", context)
