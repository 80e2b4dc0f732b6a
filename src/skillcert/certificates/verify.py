"""The public verify page a certificate's QR code leads to.

It answers from the registry (status, with date and reason) and from the
certificate's signed credential: the signature is checked with the issuer's
published key and the status with the signed status lists, each check reported
on its own, as SPEC §3.5 asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from skillcert.certificates import selectors


@dataclass(frozen=True)
class Check:
    """One line of the verification report."""

    name: str
    ok: bool | None  # None: could not be checked
    detail: str


def _published_list(entry: dict) -> dict | None:
    """The signed list credential an entry points at, as this registry publishes it (None if unknown)."""
    from skillcert.credentials.selectors import get_status_list, status_list_credential

    purpose, _slash, list_id = (
        str(entry.get("statusListCredential", "")).rstrip("/").rpartition("/status/")[2].partition("/")
    )
    status_list = get_status_list(purpose, list_id) if purpose and list_id else None
    return status_list_credential(status_list) if status_list is not None else None


def credential_checks(public_id: str) -> list[Check]:
    """Signature and status checks of the stored credential, each reported on its own."""
    from skillcert.credentials.models import IssuedCredential
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.signing import verify_proof
    from skillcert.credentials.statuslist import check_status

    stored = IssuedCredential.objects.filter(subject_id=public_id).first()
    if stored is None:
        return [Check(_("Signed credential"), None, _("This certificate has no signed credential (imported record)."))]
    proof = verify_proof(stored.document, resolve_key=resolve_own_key)
    checks = [Check(_("Signature"), proof.ok, proof.message)]
    for entry in stored.document.get("credentialStatus", []):
        status = check_status(entry, _published_list(entry), resolve_key=resolve_own_key)
        label = _("Revocation list") if entry.get("statusPurpose") == "revocation" else _("Suspension list")
        ok = None if status.is_set is None else not status.is_set
        checks.append(Check(label, ok, status.message))
    return checks


@never_cache
def verify_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """What a worker or employer sees after scanning the QR code on a certificate."""
    certificate = selectors.get_by_public_id(public_id)
    if certificate is None:
        raise Http404(
            _(
                "No certificate has this verification address. The paper may be forged: "
                "query by name and ID number, or file a complaint."
            )
        )
    context = {"certificate": certificate, "checks": credential_checks(public_id)}
    return render(request, "certificates/verify.html", context)
