"""The public verify page a certificate's QR code leads to: ``/certificates/verify/<address key>/``.

It shows one verdict first (``verification.verdict``), what the paper must show, and the report of
the one verifier (``skillcert.verification``) on the certificate's signed
credential, checked against this registry's live data: signature, issuer key,
status lists, log inclusion and dates, each on its own.

The address key (160 random bits) is on the paper and with the holder, nowhere public;
any other address — old ones by public id included — gets the same 404 notice, with no
data and no redirect (``credentials.views.address_changed``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from skillcert.certificates.models import Certificate
from skillcert.credentials.views import address_changed
from skillcert.verification.cache import live_report
from skillcert.verification.verdict import verdict_context


@never_cache
def certificate_page(request: HttpRequest, address_key: str) -> HttpResponse:
    """What a worker or employer sees after scanning the QR code on a certificate."""
    certificate = _certificate_at(address_key)
    if certificate is None:
        return address_changed(request)
    context = {"certificate": certificate, **verdict_context(live_report(certificate.public_id), certificate)}
    return render(request, "verification/certificate.html", context)


def _certificate_at(address_key: str) -> Certificate | None:
    """The certificate behind the QR code, with only what this page shows joined (holder, project).

    The page is the registry's busiest; the general selector joins five tables and orders the
    result, which costs more to compile than the page costs to render. A replacement's number
    (``superseded_by``) is read only on the rare page that shows it.
    """
    try:
        return Certificate.objects.select_related("holder", "project").get(address_key=address_key)
    except Certificate.DoesNotExist:
        return None
