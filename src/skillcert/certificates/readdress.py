"""Move credentials issued before addresses existed to their certificate's address key (``skillcert readdress``).

Those credentials' ``id`` ends in the certificate's public id, which the public log lists:
anyone could fetch them all. Each certificate already has an address key (migration
``certificates.0004``); this re-signs its credential with the ``id`` at that key, keeps
the old document (marked superseded, never deleted: it was signed and may be held by
someone), and appends one ``credential.replaced`` entry naming the certificate by the
digest of its key and recording the new credential's JCS digest — with a fresh
commitment to the facts, so ``skillcert log audit --database`` keeps comparing every
certificate with its latest entry. The log itself is never rewritten.

Idempotent: a certificate whose current credential already lives at its address key is
counted and left alone. Works in chunks, each in its own transaction, so a run over a
large registry can be interrupted and started again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from skillcert.certificates.models import Certificate

READDRESS_CHUNK = 200
REASON = "readdress: the credential moves to the certificate's address key"


@dataclass
class ReaddressCounts:
    """What a run found: certificates examined, re-signed, already at their address, without a credential."""

    examined: int = 0
    readdressed: int = 0
    already: int = 0
    without_credential: int = 0

    def line(self) -> str:
        return (
            f"{self.examined} certificates examined: {self.readdressed} re-signed at their address, "
            f"{self.already} already there, {self.without_credential} without a credential"
        )


def readdress_certificates(
    *, chunk_size: int = READDRESS_CHUNK, progress: Callable[[ReaddressCounts], None] | None = None
) -> ReaddressCounts:
    """Re-sign every credential whose ``id`` is not at its certificate's address key, ``chunk_size`` at a time."""
    counts = ReaddressCounts()
    after = 0
    while True:
        ids = list(Certificate.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return counts
        _readdress_chunk(ids, counts)
        after = ids[-1]
        if progress is not None:
            progress(counts)


@transaction.atomic
def _readdress_chunk(ids: Sequence[int], counts: ReaddressCounts) -> None:
    """One transaction: the chunk's certificates are locked so no status change slips between signing and logging."""
    from skillcert.credentials.selectors import current_credentials

    certificates = list(
        Certificate.objects.select_for_update(of=("self",))
        .select_related("project", "institution")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    current = current_credentials([c.public_id for c in certificates])
    todo = []
    for certificate in certificates:
        credential = current.get(certificate.public_id)
        if credential is None:
            counts.without_credential += 1
        elif credential.address == certificate.address_key:
            counts.already += 1
        else:
            todo.append(certificate)
    counts.examined += len(certificates)
    if todo:
        _resign(todo)
        counts.readdressed += len(todo)


def _resign(certificates: Sequence[Any]) -> None:
    """New credential at the address key, the old one superseded, one ``credential.replaced`` entry each."""
    from skillcert.certificates.trust import REPLACED_KIND, facts_for, log_subject, public_facts
    from skillcert.credentials.selectors import require_active_signing_key, status_entries_for_many
    from skillcert.credentials.services import NewCredential, issue_credential, replace_credential
    from skillcert.transparency.commitments import commit
    from skillcert.transparency.events import LogEvent
    from skillcert.transparency.services import append_events

    key = require_active_signing_key()
    entries = status_entries_for_many([c.public_id for c in certificates])
    events = []
    for certificate in certificates:
        document = issue_credential(facts_for(certificate, entries[certificate.public_id]), key=key)
        new = NewCredential(certificate.public_id, certificate.address_key, document, key.key_id)
        stored = replace_credential(new=new, reason=REASON, actor=None)  # maintenance: the system
        commitment = commit(public_facts(certificate))
        payload = {"credential_sha256": stored.sha256, "facts_sha256": commitment.digest}
        events.append(LogEvent(REPLACED_KIND, "certificate", log_subject(certificate), payload, commitment))
    append_events(events=events)
