"""Hand-off from certificates to the trust layer: credential, status lists, transparency log.

A certificate is addressed by its unguessable ``address_key``: its credential's ``id``
is ``<PUBLIC_URL>/credentials/<address key>`` and its QR page
``/certificates/verify/<address key>/``; nothing public lists that key. The log
names the certificate by ``certificate_subject(address key)``, a digest only the
holder and the paper's bearer can compute (entries of format 1, from before, name
it by its public id, which opens nothing any more).

The log leaves carry hashes and public ids only: the credential's SHA-256 (of its
JCS bytes, as served) and ``facts_sha256``, a salted commitment
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
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone

from skillcert.certificates.choices import CertificateStatus
from skillcert.core.actors import Actor


def credential_url(address_key: str) -> str:
    """The credential's id: the one address it is served at, known to the holder and the paper's bearer."""
    from skillcert.credentials.selectors import credential_url as url_of

    return url_of(address_key)


def log_subject(certificate: Any) -> str:
    """How log entries from now on (format 2) name the certificate: a digest of its address key, never its id."""
    from skillcert.transparency.events import certificate_subject

    return str(certificate_subject(certificate.address_key))


def facts_for(certificate: Any, status_entries: Sequence[tuple[str, str, int]]) -> Any:
    """The certificate's facts for its credential: nothing derived from the holder's ID number."""
    from skillcert.credentials.compose import CertificateFacts

    issued_on = certificate.issued_on
    return CertificateFacts(
        credential_id=credential_url(certificate.address_key),
        certificate_type=certificate.certificate_type,
        certificate_number=certificate.number,
        holder_name=certificate.holder_name,
        holder_romanised_name=certificate.holder_romanised_name,
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
        standard_kind=certificate.standard_kind,
        standard_code=certificate.standard_code,
    )


def after_issue(certificates: Sequence[Any], actor: Actor) -> None:
    """Give each new certificate its status-list entries and its signed, verified, stored credential."""
    from skillcert.credentials.selectors import active_signing_key
    from skillcert.credentials.services import (
        NewCredential,
        allocate_status_entries_bulk,
        sign_batch,
        store_credentials,
    )

    if not certificates:
        return
    key = active_signing_key()
    entries = allocate_status_entries_bulk(subject_ids=[c.public_id for c in certificates], actor=actor)
    # One batch: the signing key is resolved once and a sample is re-checked against the full canonicalisation.
    signed = sign_batch([facts_for(c, entries[c.public_id]) for c in certificates], key=key)
    new = [
        NewCredential(
            subject_id=certificate.public_id,
            address=certificate.address_key,
            document=credential.document,
            key_id=key.key_id if key else "",
            sha256=credential.sha256,
        )
        for certificate, credential in zip(certificates, signed, strict=True)
    ]
    _append_issued(certificates, store_credentials(credentials=new))


STATUS_FACTS = ("status", "status_changed_at", "status_reason", "status_reason_category")
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
    "status_reason": "status reason (staff)",
    "status_reason_category": "public status reason",
}
"""Every fact a leaf commits to, with the name the audit prints (never the value)."""

ADDED_FACTS = frozenset({"status_reason_category"})
"""Facts that leaves committed before they existed lack: the audit compares those only where committed."""


def public_facts(certificate: Any) -> dict[str, str | int | None]:
    """What the public query and verify pages show of a certificate, and the staff's reason behind its status.

    The ID number (shown only masked) is not here. The staff's own reason is committed although
    pages show only its category: the commitment is salted, so the log reveals neither.
    """
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
        "status_reason": certificate.status_reason,  # committed (salted, so nothing leaks), never shown
        "status_reason_category": certificate.status_reason_category,
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
        events.append(LogEvent("certificate.issued", "certificate", log_subject(certificate), payload, commitment))
    append_events(events=events)


LOG_KIND_OF_STATUS = {
    CertificateStatus.REVOKED: "certificate.revoked",
    CertificateStatus.SUSPENDED: "certificate.suspended",
    CertificateStatus.VALID: "certificate.reinstated",
}


STATUS_KINDS = frozenset(LOG_KIND_OF_STATUS.values())
REPLACED_KIND = "credential.replaced"
CREDENTIAL_KINDS = frozenset({"certificate.issued", REPLACED_KIND})
"""Entries that record a credential's digest: its issue, and its re-signing at a new address (``readdress``)."""
AUDIT_CHUNK = 1000


def check_credential_leaf(leaf: Any) -> str | None:
    """Audit, per entry recording a credential: it is on record unaltered, for a certificate of this registry.

    A format 1 entry names the certificate by its public id and records the digest of its first
    credential (sorted-key JSON); a format 2 entry names it by the digest of its address key and
    records the JCS digest of the credential stored at that address.
    """
    logged = str(leaf.payload.get("credential_sha256", ""))
    if leaf.fields.get("v") == 1:
        return _check_first_credential(leaf.subject_id, logged)
    return _check_addressed_credential(leaf.subject_id, logged)


def _check_first_credential(public_id: str, logged: str) -> str | None:
    from skillcert.certificates.models import Certificate
    from skillcert.credentials.models import IssuedCredential
    from skillcert.transparency.events import credential_digest

    certificate = Certificate.objects.filter(public_id=public_id).first()
    credential = IssuedCredential.objects.filter(subject_id=public_id).order_by("pk").first()
    if certificate is None or credential is None:
        return f"certificate {public_id} or its credential is missing from the registry"
    if logged != credential_digest(credential.document, 1):
        return f"certificate {public_id}: its stored credential differs from the one logged"
    return None


def _check_addressed_credential(subject: str, logged: str) -> str | None:
    from skillcert.certificates.models import Certificate
    from skillcert.credentials.models import IssuedCredential
    from skillcert.transparency.events import certificate_subject, credential_digest

    rows = IssuedCredential.objects.filter(sha256=logged).exclude(address="")
    credential = next((row for row in rows if certificate_subject(row.address) == subject), None)
    if credential is None:
        return "the credential it records is missing from the registry"
    if credential_digest(credential.document) != logged:
        return f"certificate {credential.subject_id}: its stored credential differs from the one logged"
    if not Certificate.objects.filter(public_id=credential.subject_id, address_key=credential.address).exists():
        return f"certificate {credential.subject_id} is missing from the registry or has another address"
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
    """One query for the entries under either name of every certificate in the chunk, one for their credentials."""
    from skillcert.credentials.selectors import current_credentials

    if not chunk:
        return
    names = {c.public_id: (c.public_id, log_subject(c)) for c in chunk}
    logged = committed_leaves(subject_type="certificate", subject_ids=[n for pair in names.values() for n in pair])
    credentials = current_credentials(list(names))
    for certificate in chunk:
        leaves = sorted(
            (leaf for name in names[certificate.public_id] for leaf in logged.get(name, [])), key=lambda x: x.index
        )
        problems = certificate_problems(certificate, leaves, credentials.get(certificate.public_id))
        yield f"certificate {certificate.number} ({certificate.public_id}): {'; '.join(problems)}" if problems else None


def certificate_problems(certificate: Any, leaves: Sequence[Any], credential: Any = None) -> list[str]:
    """What differs between the certificate (and its current ``credential``) and the entries about it."""
    issued = [leaf for leaf in leaves if leaf.kind == "certificate.issued"]
    if not issued:
        return ["the log has no issuance entry for it"]
    problems = _credential_problems(leaves, credential)
    # Status entries and a re-signing (readdress) commit to every fact as it was then.
    changes = [leaf for leaf in leaves if leaf.kind in STATUS_KINDS or leaf.kind == REPLACED_KIND]
    facts = public_facts(certificate)
    # Before a status change the issuance entry committed to the status at issue: only the rest must still match.
    static = [name for name in FACT_LABELS if name not in STATUS_FACTS] if changes else None
    problems.extend(_differences(issued[0], facts, static))
    if changes:  # the latest status entry commits to every fact, the status included
        problems.extend(_differences(changes[-1], facts, None))
    return problems


def _credential_problems(leaves: Sequence[Any], credential: Any) -> list[str]:
    """The credential served now must be the one the latest entry recording a credential recorded."""
    from skillcert.transparency.events import credential_digest

    recorded = [leaf for leaf in leaves if leaf.kind in CREDENTIAL_KINDS]
    if not recorded:
        return []
    latest = recorded[-1]
    if credential is None:
        return [f"the credential log entry {latest.index} recorded is missing"]
    try:
        digest = credential_digest(credential.document, latest.leaf_format)
    except (TypeError, ValueError):
        digest = ""
    if digest != latest.payload.get("credential_sha256"):
        return [f"its current credential is not the one log entry {latest.index} recorded"]
    return []


def _differences(leaf: Any, facts: dict[str, str | int | None], names: list[str] | None) -> list[str]:
    untrusted = leaf.commitment_problem()
    if untrusted:
        return [untrusted]
    committed = leaf.commitment.fact_digests
    # A leaf from before a fact was added does not cover it; every other fact it must cover.
    wanted = [
        name for name in (FACT_LABELS if names is None else names) if name in committed or name not in ADDED_FACTS
    ]
    differing = leaf.commitment.differing(facts, wanted)
    if not differing:
        return []
    labels = ", ".join(FACT_LABELS.get(name, name) for name in differing)
    return [f"{labels} {'differs' if len(differing) == 1 else 'differ'} from what log entry {leaf.index} committed to"]


def after_status_change(certificate: Any, previous_status: str, actor: Actor) -> None:
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
                log_subject(certificate),
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
        actor=actor,
    )
    set_status(
        subject_id=certificate.public_id,
        purpose="suspension",
        value=certificate.status == CertificateStatus.SUSPENDED,
        reason=reason,
        actor=actor,
    )
