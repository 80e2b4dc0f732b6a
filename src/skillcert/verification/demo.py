"""Demo data: one holder's verification code, printed once so an employer can try ``/verify/code/``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DEMO_DAYS = 180


def build(write: Callable[[str], Any]) -> None:
    """Create a verification code for the first valid demo certificate that has a signed credential."""
    from skillcert.certificates.models import Certificate
    from skillcert.core.ids import grouped
    from skillcert.credentials.models import IssuedCredential
    from skillcert.verification import services
    from skillcert.verification.models import VerificationCode

    if VerificationCode.objects.exists():
        write("demo verification code already present (codes are shown only when created)")
        return
    signed = IssuedCredential.objects.values("subject_id")
    certificate = Certificate.objects.filter(status="valid", public_id__in=signed).order_by("number").first()
    if certificate is None:
        write("no signed certificate: no demo verification code")
        return
    _code, plain = services.create_verification_code(
        certificate=certificate, holder=certificate.holder, days=DEMO_DAYS, actor=None
    )
    write(f"verification code {grouped(plain)} for certificate {certificate.number} (enter it at /verify/code/)")
