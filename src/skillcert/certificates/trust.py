"""Hand-off from certificates to the trust layer (SPEC §3): credential, status lists, transparency log.

The log leaves carry hashes and public ids only: the credential's SHA-256 (of its
JSON with sorted keys, as stored) and the certificate number's SHA-256, so an
auditor can check the registry against the log without seeing personal data.

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
    _append_issued(certificates, stored)


def number_sha256(number: str) -> str:
    return hashlib.sha256(number.encode("utf-8")).hexdigest()


def _append_issued(certificates: Sequence[Any], stored: Sequence[Any]) -> None:
    """One public log leaf per certificate: the credential's and the number's hashes, no personal data."""
    from skillcert.transparency.events import LogEvent
    from skillcert.transparency.services import append_events

    events = []
    for certificate, credential in zip(certificates, stored, strict=True):
        payload = {
            "credential_sha256": credential.sha256,
            "certificate_number_sha256": number_sha256(certificate.number),
        }
        if certificate.institution_id is not None:
            payload["issuer_id"] = certificate.institution.public_id
        events.append(LogEvent("certificate.issued", "certificate", certificate.public_id, payload))
    append_events(events=events)


LOG_KIND_OF_STATUS = {
    CertificateStatus.REVOKED: "certificate.revoked",
    CertificateStatus.SUSPENDED: "certificate.suspended",
    CertificateStatus.VALID: "certificate.reinstated",
}


def check_issued_leaf(leaf: Any) -> str | None:
    """Audit: the leaf must match the certificate and credential stored now (an edited row diverges)."""
    from skillcert.certificates.models import Certificate
    from skillcert.credentials.models import IssuedCredential

    subject_id = leaf.fields.get("subject_id", "")
    payload = leaf.fields.get("payload", {})
    certificate = Certificate.objects.filter(public_id=subject_id).first()
    credential = IssuedCredential.objects.filter(subject_id=subject_id).first()
    if certificate is None or credential is None:
        return f"certificate {subject_id} or its credential is missing from the registry"
    if payload.get("certificate_number_sha256") != number_sha256(certificate.number):
        return f"certificate {subject_id}: its number was changed after it was logged"
    body = json.dumps(credential.document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if payload.get("credential_sha256") != hashlib.sha256(body).hexdigest():
        return f"certificate {subject_id}: its stored credential differs from the one logged"
    return None


def after_status_change(certificate: Any, previous_status: str) -> None:
    """Publish the new status in both status lists, in the caller's transaction."""
    from skillcert.credentials.services import set_status
    from skillcert.transparency.services import append_event

    append_event(
        kind=LOG_KIND_OF_STATUS[certificate.status],
        subject_type="certificate",
        subject_id=certificate.public_id,
        payload={"status": certificate.status, "certificate_number_sha256": number_sha256(certificate.number)},
    )
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
