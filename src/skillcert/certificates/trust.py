"""Hand-off from certificates to the trust layer: credential, status lists, transparency log.

The log leaves carry hashes and public ids only: the credential's SHA-256 (of its
JSON with sorted keys, as stored) and ``facts_sha256``, a salted commitment
(``transparency.commitments``) to every fact the public query and verify pages
show — type, number, name, occupation or project, level, issuer, issue date and
the status with its date and reason — as they are after the event. The salt and
the per-fact digests stay in the registry, so nobody can test a guessed name
against the log, while ``skillcert log audit --database`` recomputes each
certificate's facts (:func:`audit_certificates`) and names any fact that was
changed outside these services.

Called inside the issuing or status-changing transaction, so a certificate never
exists without its signed credential and status entries, and a revocation is
visible in the status list in the same request. Each step is wired here, in one
place, following the signing pipeline: compose → sign → verify at
once → store (``credentials.services.issue_credential`` refuses a credential that
does not verify, which rolls the whole issue back).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
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


STATUS_FACTS = ("status", "status_changed_at", "status_reason")
FACT_LABELS = {
    "certificate_type": "certificate type",
    "number": "certificate number",
    "holder_name": "holder name",
    "holder_romanised_name": "romanised name",
    "occupation_code": "occupation code",
    "occupation_name": "occupation",
    "job_type": "job type",
    "level": "level",
    "project_code": "project code",
    "project_name": "project",
    "issuer_name": "issuer",
    "issuer_on_behalf": "issued under the seal of",
    "issued_on": "issue date",
    "status": "status",
    "status_changed_at": "status date",
    "status_reason": "status reason",
}
"""Every fact a leaf commits to, with the name the audit prints (never the value)."""


def public_facts(certificate: Any) -> dict[str, str | int | None]:
    """What the public query and verify pages show of a certificate (the ID number only masked, not here)."""
    from skillcert.transparency.events import format_time

    changed_at = certificate.status_changed_at
    return {
        "certificate_type": certificate.certificate_type,
        "number": certificate.number,
        "holder_name": certificate.holder_name,
        "holder_romanised_name": certificate.holder_romanised_name,
        "occupation_code": certificate.occupation_code,
        "occupation_name": certificate.occupation_name,
        "job_type": certificate.job_type,
        "level": certificate.level,
        "project_code": certificate.project.code if certificate.project_id else "",
        "project_name": certificate.project.name if certificate.project_id else "",
        "issuer_name": certificate.issuer_name,
        "issuer_on_behalf": certificate.issuer_on_behalf,
        "issued_on": certificate.issued_on.isoformat(),
        "status": certificate.status,
        "status_changed_at": format_time(changed_at) if changed_at else "",
        "status_reason": certificate.status_reason,
    }


def _append_issued(certificates: Sequence[Any], stored: Sequence[Any]) -> None:
    """One public log leaf per certificate: the credential's hash and a salted commitment to its facts."""
    from skillcert.transparency.commitments import commit
    from skillcert.transparency.events import LogEvent
    from skillcert.transparency.services import append_events

    events = []
    for certificate, credential in zip(certificates, stored, strict=True):
        commitment = commit(public_facts(certificate))
        payload = {"credential_sha256": credential.sha256, "facts_sha256": commitment.digest}
        if certificate.institution_id is not None:
            payload["issuer_id"] = certificate.institution.public_id
        events.append(LogEvent("certificate.issued", "certificate", certificate.public_id, payload, commitment))
    append_events(events=events)


LOG_KIND_OF_STATUS = {
    CertificateStatus.REVOKED: "certificate.revoked",
    CertificateStatus.SUSPENDED: "certificate.suspended",
    CertificateStatus.VALID: "certificate.reinstated",
}


STATUS_KINDS = frozenset(LOG_KIND_OF_STATUS.values())
AUDIT_CHUNK = 1000


def check_issued_leaf(leaf: Any) -> str | None:
    """Audit, per issuance entry: the certificate and its credential exist, and the credential is the one logged."""
    from skillcert.certificates.models import Certificate
    from skillcert.credentials.models import IssuedCredential

    subject_id = leaf.fields.get("subject_id", "")
    payload = leaf.fields.get("payload", {})
    certificate = Certificate.objects.filter(public_id=subject_id).first()
    credential = IssuedCredential.objects.filter(subject_id=subject_id).first()
    if certificate is None or credential is None:
        return f"certificate {subject_id} or its credential is missing from the registry"
    body = json.dumps(credential.document, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if payload.get("credential_sha256") != hashlib.sha256(body).hexdigest():
        return f"certificate {subject_id}: its stored credential differs from the one logged"
    return None


def audit_certificates() -> Iterator[str | None]:
    """Audit, per certificate: its facts now against its issuance entry and its latest status entry.

    Yields ``None`` for each certificate that matches and one problem per certificate
    that does not, naming the certificate (number and public id) and the facts, never a value.
    """
    from skillcert.certificates.models import Certificate
    from skillcert.transparency.selectors import committed_leaves

    chunk: list[Any] = []
    rows = Certificate.objects.select_related("project").order_by("pk").iterator(chunk_size=AUDIT_CHUNK)
    for certificate in rows:
        chunk.append(certificate)
        if len(chunk) == AUDIT_CHUNK:
            yield from _audit_chunk(chunk, committed_leaves)
            chunk = []
    yield from _audit_chunk(chunk, committed_leaves)


def _audit_chunk(chunk: Sequence[Any], committed_leaves: Any) -> Iterator[str | None]:
    if not chunk:
        return
    logged = committed_leaves(subject_type="certificate", subject_ids=[c.public_id for c in chunk])
    for certificate in chunk:
        problems = certificate_problems(certificate, logged.get(certificate.public_id, []))
        yield f"certificate {certificate.number} ({certificate.public_id}): {'; '.join(problems)}" if problems else None


def certificate_problems(certificate: Any, leaves: Sequence[Any]) -> list[str]:
    """What differs between the certificate and the entries about it (empty when nothing does)."""
    issued = [leaf for leaf in leaves if leaf.kind == "certificate.issued"]
    if not issued:
        return ["the log has no issuance entry for it"]
    changes = [leaf for leaf in leaves if leaf.kind in STATUS_KINDS]
    facts = public_facts(certificate)
    # Before a status change the issuance entry committed to the status at issue: only the rest must still match.
    static = [name for name in FACT_LABELS if name not in STATUS_FACTS] if changes else None
    problems = _differences(issued[0], facts, static)
    if changes:  # the latest status entry commits to every fact, the status included
        problems.extend(_differences(changes[-1], facts, None))
    return problems


def _differences(leaf: Any, facts: dict[str, str | int | None], names: list[str] | None) -> list[str]:
    untrusted = leaf.commitment_problem()
    if untrusted:
        return [untrusted]
    differing = leaf.commitment.differing(facts, list(FACT_LABELS) if names is None else names)
    if not differing:
        return []
    labels = ", ".join(FACT_LABELS.get(name, name) for name in differing)
    return [f"{labels} {'differs' if len(differing) == 1 else 'differ'} from what log entry {leaf.index} committed to"]


def after_status_change(certificate: Any, previous_status: str) -> None:
    """Publish the new status in both status lists, in the caller's transaction."""
    from skillcert.credentials.services import set_status
    from skillcert.transparency.commitments import commit
    from skillcert.transparency.events import LogEvent
    from skillcert.transparency.services import append_events

    commitment = commit(public_facts(certificate))
    append_events(
        events=[
            LogEvent(
                LOG_KIND_OF_STATUS[certificate.status],
                "certificate",
                certificate.public_id,
                {"status": certificate.status, "facts_sha256": commitment.digest},
                commitment,
            )
        ]
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
