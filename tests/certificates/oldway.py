"""A registry as it was before certificates had addresses: the faithful "before" of ``skillcert readdress``.

Before the change, issuing stored a credential whose ``id`` ended in the certificate's
public id, with no address and the digest of its sorted-key JSON, and appended format 1
leaves naming the certificate by its public id; rows from then have no ``version``.
:func:`the_old_way` puts exactly that code path back for the duration of a ``with`` block
(the certificates, their status entries and their facts commitments are made by today's
code, as they were then).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from skillcert.certificates import trust
from skillcert.transparency import events

OLD_URL = "http://127.0.0.1:8000/credentials/{}"


def old_after_issue(certificates: Sequence[Any], actor: Any = None) -> None:
    """What ``trust.after_issue`` did before addresses: public-id credential ids and format 1 leaves."""
    from skillcert.credentials.models import IssuedCredential
    from skillcert.credentials.selectors import active_signing_key
    from skillcert.credentials.services import allocate_status_entries_bulk, issue_credential
    from skillcert.transparency.commitments import commit
    from skillcert.transparency.services import append_events

    key = active_signing_key()
    assert key is not None
    entries = allocate_status_entries_bulk(subject_ids=[c.public_id for c in certificates], actor=actor)
    logged = []
    for certificate in certificates:
        facts = trust.facts_for(certificate, entries[certificate.public_id])
        facts = dataclasses.replace(facts, credential_id=OLD_URL.format(certificate.public_id))
        document = issue_credential(facts, key=key)
        stored = IssuedCredential.objects.create(
            subject_id=certificate.public_id,
            document=document,
            sha256=events.credential_digest(document, 1),
            key_id=key.key_id,
        )
        commitment = commit(trust.public_facts(certificate))
        payload = {"credential_sha256": stored.sha256, "facts_sha256": commitment.digest}
        if certificate.institution_id is not None:
            payload["issuer_id"] = certificate.institution.public_id
        logged.append(events.LogEvent("certificate.issued", "certificate", certificate.public_id, payload, commitment))
    append_events(events=logged)


@contextlib.contextmanager
def the_old_way() -> Iterator[None]:
    """Issue and change statuses as before: format 1 leaves naming public ids, credentials at public ids."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events, "LEAF_VERSION", 1)
        patch.setattr(trust, "after_issue", old_after_issue)
        patch.setattr(trust, "log_subject", lambda certificate: certificate.public_id)
        yield


def as_before_the_migration() -> None:
    """Entries written before the leaf format column existed have none (the migration adds it empty)."""
    from tests.factories import forge

    forge("UPDATE transparency_logleaf SET version = NULL WHERE version = 1")
