"""Hand-off from certificates to the trust layer (SPEC §3): credential, status lists, transparency log.

Called inside the issuing or status-changing transaction, so a certificate never
exists without its signed credential and status entries, and a revocation is
visible in the status list in the same request. Each step is wired here, in one
place, following the signing pipeline of STYLE §8: compose → sign → verify at
once → store (``credentials.services.issue_credential`` refuses a credential that
does not verify, which rolls the whole issue back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus


def credential_url(public_id: str) -> str:
    """The credential's id: where anyone can fetch it (and where the QR code on the paper leads)."""
    return f"{settings.PUBLIC_URL}/credentials/{public_id}"


def facts_for(certificate: Any, status_entries: Sequence[tuple[str, str, int]]) -> Any:
    """The certificate's facts for its credential; the ID number only as a salted hash."""
    from skillcert.credentials.compose import CertificateFacts
    from skillcert.people.protection import decrypt, new_identity_salt, salted_identity_hash

    salt = new_identity_salt()
    issued_on = certificate.issued_on
    return CertificateFacts(
        credential_id=credential_url(certificate.public_id),
        certificate_type=certificate.certificate_type,
        certificate_number=certificate.number,
        holder_name=certificate.holder_name,
        holder_romanised_name=certificate.holder_romanised_name,
        id_number_hash=salted_identity_hash(decrypt(certificate.holder.id_number_encrypted), salt),
        id_salt=salt,
        occupation_code=certificate.occupation_code,
        occupation_name=certificate.occupation_name,
        job_type=certificate.job_type,
        level=certificate.level,
        project_code=certificate.project.code if certificate.project_id else "",
        project_name=certificate.project.name if certificate.project_id else "",
        issuer_name=certificate.issuer_name,
        issuer_on_behalf=certificate.issuer_on_behalf,
        issued_on=issued_on,
        valid_from=timezone.make_aware(dt.datetime.combine(issued_on, dt.time(0, 0))),
        status_entries=tuple(status_entries),
    )


def after_issue(certificates: Sequence[Any]) -> None:
    """Give each new certificate its status-list entries and its signed, verified, stored credential."""
    from skillcert.credentials.models import IssuedCredential
    from skillcert.credentials.selectors import active_signing_key
    from skillcert.credentials.services import allocate_status_entries_bulk, issue_credential

    if not certificates:
        return
    key = active_signing_key()
    entries = allocate_status_entries_bulk(subject_ids=[c.public_id for c in certificates])
    stored = []
    for certificate in certificates:
        document = issue_credential(facts_for(certificate, entries[certificate.public_id]), key=key)
        body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        stored.append(
            IssuedCredential(
                subject_id=certificate.public_id,
                document=document,
                sha256=hashlib.sha256(body).hexdigest(),
                key_id=key.key_id if key else "",
            )
        )
    IssuedCredential.objects.bulk_create(stored, batch_size=500)


def after_status_change(certificate: Any, previous_status: str) -> None:
    """Publish the new status in both status lists, in the caller's transaction."""
    from skillcert.credentials.services import set_status

    reason = certificate.status_reason
    set_status(
        subject_id=certificate.public_id,
        purpose="revocation",
        value=certificate.status == CertificateStatus.REVOKED,
        reason=reason,
    )
    set_status(
        subject_id=certificate.public_id,
        purpose="suspension",
        value=certificate.status == CertificateStatus.SUSPENDED,
        reason=reason,
    )
