"""Every state change of the credentials app: keys, status-list entries and bits, issuing a credential.

Each service runs in one transaction (joining the caller's when there is one:
status bits change in the same transaction as the certificate's status) and
writes the change log. Nothing here is ever deleted: keys are retired, status
indexes are never reused.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor
from skillcert.core.changelog import record_change
from skillcert.core.errors import InvalidInput, NotFound
from skillcert.credentials import keystore, parallel, selectors
from skillcert.credentials.canonical import agrees_with_full_path
from skillcert.credentials.choices import StatusPurpose
from skillcert.credentials.compose import CertificateFacts, compose_certificate_credential
from skillcert.credentials.did import verification_method_id
from skillcert.credentials.models import (
    MIN_STATUS_LIST_SIZE,
    IssuedCredential,
    SigningKey,
    StatusAllocation,
    StatusList,
)
from skillcert.credentials.signing import sign_credential, verify_proof
from skillcert.credentials.statuslist import empty_bitstring, get_bit, set_bit

KEY_OBJECT = "credentials.signingkey"
LIST_OBJECT = "credentials.statuslist"
CREDENTIAL_OBJECT = "credentials.issuedcredential"
# A list takes new entries until half full: random indexes stay cheap to find and the herd stays large.
FILL_LIMIT_DIVISOR = 2
# Up to this many entries at once, candidate indexes are probed; above it, the list's used indexes are read once.
PROBE_LIMIT = 256


class CredentialSigningError(RuntimeError):
    """A credential failed its own verification right after signing; the issuing transaction must stop."""


class CanonicalisationMismatch(CredentialSigningError):
    """The fast canonicalisation path and the full pyld path disagreed on a credential being issued."""


# Issuing re-checks the first credential of each batch and about one in GUARD_SAMPLE after it with the full
# canonicalisation path (about 10 ms each): about 7 % of a large batch's signing time, and any drift is caught.
GUARD_SAMPLE = 500


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------
def _create_key(*, valid_from: datetime, note: str, actor: Actor) -> SigningKey:
    private_key = Ed25519PrivateKey.generate()
    key_id = f"key-{valid_from:%Y%m%d}-{secrets.token_hex(4)}"
    keystore.write_private_key(f"{key_id}.pem", private_key)
    key = SigningKey.objects.create(
        key_id=key_id,
        public_key_multibase=keystore.public_multibase(private_key),
        private_key_file=f"{key_id}.pem",
        valid_from=valid_from,
        note=note[:200],
    )
    record_change(
        action="credentials.signing_key.create",
        object_type=KEY_OBJECT,
        object_id=key_id,
        after={
            "key_id": key_id,
            "public_key_multibase": key.public_key_multibase,
            "valid_from": valid_from.isoformat(),
        },
        reason=note,
        actor=actor,
    )
    return key


def ensure_signing_key(*, actor: Actor = None) -> SigningKey:
    """Return the active signing key, creating the first one when the issuer has none (idempotent)."""
    with transaction.atomic():
        key = selectors.active_signing_key()
        if key is not None:
            return key
        list(SigningKey.objects.select_for_update().all())  # serialise two first starts
        return selectors.active_signing_key() or _create_key(
            valid_from=timezone.now().replace(microsecond=0), note="first key", actor=actor
        )


def rotate_signing_key(*, note: str = "", actor: Actor = None) -> SigningKey:
    """Retire the active key and start a new one; the old key stays published with its validity window.

    The private key file is written before the transaction commits; if the
    transaction fails, the file is left unused (never a key without its file).
    """
    with transaction.atomic():
        now = timezone.now().replace(microsecond=0)  # windows are published to the second
        for old in SigningKey.objects.select_for_update().filter(retired_at__isnull=True):
            old.retired_at = now
            old.save(update_fields=["retired_at", "updated_at"])
            record_change(
                action="credentials.signing_key.retire",
                object_type=KEY_OBJECT,
                object_id=old.key_id,
                before={"retired_at": None},
                after={"retired_at": now.isoformat()},
                reason=note,
                actor=actor,
            )
        retired = [old.key_id for old in SigningKey.objects.filter(retired_at=now)]
        new = _create_key(valid_from=now, note=note or "rotation", actor=actor)
        _log_rotation(new, retired)
        return new


def _log_rotation(new: SigningKey, retired: list[str]) -> None:
    """Key rotations are public events: anyone can see when the issuer's keys changed."""
    from skillcert.transparency.services import append_event

    payload = {"public_key_multibase": new.public_key_multibase}
    if retired:
        payload["previous_key_id"] = retired[0]
    append_event(kind="key.rotated", subject_type="signing_key", subject_id=new.key_id, payload=payload)


# ---------------------------------------------------------------------------
# Status lists
# ---------------------------------------------------------------------------
def _open_list(purpose: str, actor: Actor) -> StatusList:
    """The newest list of ``purpose`` with room, locked for this transaction; a new one when all are full."""
    for candidate in StatusList.objects.select_for_update().filter(purpose=purpose).order_by("-created_at", "-id")[:1]:
        if candidate.allocated < candidate.size // FILL_LIMIT_DIVISOR:
            return candidate
    size = MIN_STATUS_LIST_SIZE
    status_list = StatusList.objects.create(
        purpose=purpose, size=size, bits=bytes(empty_bitstring(size)), changed_at=timezone.now()
    )
    record_change(
        action="credentials.status_list.create",
        object_type=LIST_OBJECT,
        object_id=status_list.list_id,
        after={"purpose": purpose, "size": size},
        actor=actor,
    )
    return status_list


def _free_indexes(status_list: StatusList, count: int) -> list[int]:
    """``count`` random unused indexes of a locked list (the list is at most half full)."""
    taken = StatusAllocation.objects.filter(status_list=status_list)
    used: set[int] = set(taken.values_list("index", flat=True)) if count > PROBE_LIMIT else set()
    chosen: list[int] = []
    while len(chosen) < count:
        candidates = {secrets.randbelow(status_list.size) for _ in range(2 * (count - len(chosen)) + 4)}
        candidates -= used | set(chosen)
        if count <= PROBE_LIMIT:
            candidates -= set(taken.filter(index__in=candidates).values_list("index", flat=True))
        chosen += sorted(candidates, key=lambda _i: secrets.randbits(32))[: count - len(chosen)]
    return chosen


def _allocate(purpose: str, subject_ids: Sequence[str], actor: Actor) -> list[tuple[str, tuple[str, str, int]]]:
    """Give each subject an entry in a list of ``purpose``, filling lists up to their limit.

    Returns ``(subject_id, (purpose, list_url, index))`` for each new entry, so a batch need not read them back.
    """
    remaining = list(subject_ids)
    allocated: list[tuple[str, tuple[str, str, int]]] = []
    while remaining:
        status_list = _open_list(purpose, actor)
        room = status_list.size // FILL_LIMIT_DIVISOR - status_list.allocated
        chunk, remaining = remaining[:room], remaining[room:]
        indexes = _free_indexes(status_list, len(chunk))
        StatusAllocation.objects.bulk_create(
            StatusAllocation(status_list=status_list, index=index, subject_id=subject, purpose=purpose)
            for subject, index in zip(chunk, indexes, strict=True)
        )
        status_list.allocated += len(chunk)
        status_list.save(update_fields=["allocated", "updated_at"])
        url = selectors.status_list_url(purpose, status_list.list_id)
        allocated += [(subject, (purpose, url, index)) for subject, index in zip(chunk, indexes, strict=True)]
    return allocated


def allocate_status_entries_bulk(
    *, subject_ids: Sequence[str], actor: Actor = None
) -> dict[str, list[tuple[str, str, int]]]:
    """Allocate a random revocation and suspension index to each certificate (idempotent per certificate).

    Returns ``{subject_id: [(purpose, list_url, index), …]}`` ordered by purpose.
    """
    subject_ids = list(dict.fromkeys(subject_ids))
    if any(not isinstance(s, str) or not s or len(s) > 64 for s in subject_ids):
        raise InvalidInput(_("A certificate id for a status entry must be 1–64 characters."))
    with transaction.atomic():
        had = set(StatusAllocation.objects.filter(subject_id__in=subject_ids).values_list("subject_id", flat=True))
        entries = selectors.status_entries_for_many(sorted(had)) if had else {}
        for subject in subject_ids:
            entries.setdefault(subject, [])
        for purpose in StatusPurpose.values:
            have = {subject for subject in had if any(entry[0] == purpose for entry in entries[subject])}
            for subject, entry in _allocate(purpose, [s for s in subject_ids if s not in have], actor):
                entries[subject].append(entry)
    return {subject: sorted(entries[subject]) for subject in subject_ids}


def allocate_status_entries(*, subject_id: str, actor: Actor = None) -> list[tuple[str, str, int]]:
    """Allocate (or return the already allocated) revocation and suspension entries of one certificate."""
    return allocate_status_entries_bulk(subject_ids=[subject_id], actor=actor)[subject_id]


def set_status(*, subject_id: str, purpose: str, value: bool, reason: str = "", actor: Actor = None) -> bool:
    """Set or clear a certificate's bit in its ``purpose`` list, in the caller's transaction.

    Returns True when the bit changed. Raises ``InvalidInput`` for an unknown
    purpose and ``NotFound`` when the certificate has no entry for it.
    """
    if purpose not in StatusPurpose.values:
        raise InvalidInput(_("Unknown status purpose %(purpose)s.") % {"purpose": str(purpose)[:40]})
    with transaction.atomic():
        allocation = StatusAllocation.objects.filter(subject_id=subject_id, purpose=purpose).first()
        if allocation is None:
            raise NotFound(
                _("This certificate has no %(purpose)s status entry.") % {"purpose": StatusPurpose(purpose).label}
            )
        status_list = StatusList.objects.select_for_update().get(pk=allocation.status_list_id)
        bits = bytearray(status_list.bits)
        before = get_bit(bits, allocation.index)
        if before == bool(value):
            return False
        set_bit(bits, allocation.index, bool(value))
        status_list.bits = bytes(bits)
        status_list.version += 1
        status_list.changed_at = timezone.now()
        status_list.save(update_fields=["bits", "version", "changed_at", "updated_at"])
        record_change(
            action=f"credentials.status_list.set_{purpose}" if value else f"credentials.status_list.clear_{purpose}",
            object_type=LIST_OBJECT,
            object_id=status_list.list_id,
            before={"subject": subject_id, "index": allocation.index, "value": before},
            after={
                "subject": subject_id,
                "index": allocation.index,
                "value": bool(value),
                "version": status_list.version,
            },
            reason=reason,
            actor=actor,
        )
        return True


# ---------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------
def issue_credential(facts: CertificateFacts, *, key: SigningKey | None = None) -> dict[str, Any]:
    """Compose → sign with the active key → verify the JSON as it will be stored; return the signed credential.

    A batch of one, so it is always re-checked against the full canonicalisation path.

    Raises:
        CredentialSigningError: the fresh credential does not verify, or the fast canonicalisation path
            disagreed with the full one (the caller's transaction must stop).
    """
    return issue_credentials([facts], key=key)[0]


def issue_credentials(facts_list: Sequence[CertificateFacts], *, key: SigningKey | None = None) -> list[dict[str, Any]]:
    """:func:`issue_credential` for a whole batch, in order; one failure stops it all (the caller rolls back)."""
    return [signed.document for signed in sign_batch(facts_list, key=key)]


@dataclass(frozen=True)
class SignedCredential:
    """A credential signed and verified as stored, with its ``credential_sha256`` (computed beside the signing)."""

    document: dict[str, Any]
    sha256: str


def sign_batch(facts_list: Sequence[CertificateFacts], *, key: SigningKey | None = None) -> list[SignedCredential]:
    """Sign, verify and digest a batch of credentials, in order; one failure stops it all.

    Signing takes the fast canonicalisation path (``fastcanon``). As a guard against
    any divergence from the full pyld path, the first credential of every batch and a
    random one in :data:`GUARD_SAMPLE` after it are canonicalised again with the full
    path, and a difference raises :class:`CanonicalisationMismatch`. A big batch is
    signed on every core (:mod:`skillcert.credentials.parallel`); every credential of a
    batch carries the same ``created`` time, so the answer is the same either way.
    """
    key = key or selectors.require_active_signing_key()
    resolve_key = _own_key_resolver(key)
    created = timezone.now()

    def sign_slice(start: int, stop: int) -> list[tuple[str, str]]:
        return [_signed_and_checked(facts_list[i], i, key, resolve_key, created) for i in range(start, stop)]

    processes = parallel.processes_for(len(facts_list))
    if processes > 1:
        texts = parallel.map_slices(sign_slice, len(facts_list), processes)
    else:
        texts = sign_slice(0, len(facts_list))
    return [SignedCredential(json.loads(text), sha256) for text, sha256 in texts]


def _signed_and_checked(
    facts: CertificateFacts, index: int, key: SigningKey, resolve_key: Callable[[str], str | None], created: datetime
) -> tuple[str, str]:
    """One credential signed, verified as the JSON text that will be stored (and sampled for the guard), digested."""
    signed = sign_credential(compose_certificate_credential(facts), key=key, created=created)
    text = json.dumps(signed, ensure_ascii=False)
    stored = json.loads(text)
    check = verify_proof(stored, resolve_key=resolve_key)
    if not check.ok:
        raise CredentialSigningError(f"credential {index + 1} of the batch failed verification: {check.code}")
    if index == 0 or secrets.randbelow(GUARD_SAMPLE) == 0:
        _cross_check(stored, index)
    return text, selectors.credential_sha256(stored)


def _own_key_resolver(key: SigningKey) -> Callable[[str], str | None]:
    """The signing key's public key, looked up once per batch the way the verifier looks up the issuer's keys."""
    method = verification_method_id(key.key_id)
    public = selectors.resolve_own_key(method)
    return lambda candidate: public if candidate == method else None


def _cross_check(signed: dict[str, Any], index: int) -> None:
    """Canonicalise what was signed (document and proof configuration) with the full path too; any difference raises.

    The message names the credential by its place in the batch: its id is its public address, kept out of logs.
    """
    unsecured = {name: value for name, value in signed.items() if name != "proof"}
    config = {name: value for name, value in signed["proof"].items() if name != "proofValue"}
    for part, document in (
        ("document", unsecured),
        ("proof configuration", {**config, "@context": signed["@context"]}),
    ):
        if not agrees_with_full_path(document):
            position = f"credential {index + 1} of the batch"
            raise CanonicalisationMismatch(
                f"{position}: the fast canonicalisation of its {part} differs from the full path"
            )


@dataclass(frozen=True)
class NewCredential:
    """A signed credential to store for a certificate (public id) at its address key."""

    subject_id: str
    address: str
    document: dict[str, Any]
    key_id: str
    sha256: str = ""
    """Its ``credential_sha256`` when :func:`sign_batch` already computed it; computed here otherwise."""


def _row(new: NewCredential) -> IssuedCredential:
    if not new.address or new.document.get("id") != selectors.credential_url(new.address):
        raise InvalidInput(_("A credential is stored only at the address its id names."))
    return IssuedCredential(
        subject_id=new.subject_id,
        address=new.address,
        document=new.document,
        sha256=new.sha256 or selectors.credential_sha256(new.document),
        key_id=new.key_id,
    )


def store_credentials(*, credentials: Sequence[NewCredential]) -> list[IssuedCredential]:
    """Store freshly issued credentials, each with its digest (of the JCS bytes served at its address).

    Part of the issuing transaction, whose change-log entry records the certificates; the
    credentials' digests go to the public log with them.
    """
    rows = [_row(new) for new in credentials]
    return IssuedCredential.objects.bulk_create(rows, batch_size=500)


def replace_credential(*, new: NewCredential, reason: str, actor: Actor = None) -> IssuedCredential:
    """Store a re-signed credential for a certificate and mark its current one superseded (never deleted).

    Marking ``superseded_at`` is the only change an issued credential ever sees; both rows stay on
    record with their digests. Joins the caller's transaction; writes the change log (digests and
    the certificate's public id only: the address is a secret, the document holds personal data).
    """
    row = _row(new)
    with transaction.atomic():
        now = timezone.now()
        old = IssuedCredential.objects.select_for_update().filter(subject_id=new.subject_id, superseded_at__isnull=True)
        before = list(old.values_list("sha256", flat=True))
        old.update(superseded_at=now, updated_at=now)
        row.save()
        record_change(
            action="credentials.credential.replace",
            object_type=CREDENTIAL_OBJECT,
            object_id=new.subject_id,
            before={"sha256": before[0] if before else None},
            after={"sha256": row.sha256, "key_id": row.key_id},
            reason=reason,
            actor=actor,
        )
    return row


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "credentials.signing_key.create": gettext_lazy("Signing key created"),
        "credentials.signing_key.retire": gettext_lazy("Signing key retired"),
        "credentials.status_list.create": gettext_lazy("Status list created"),
        "credentials.status_list.set_revocation": gettext_lazy("Status list: revocation marked"),
        "credentials.status_list.clear_revocation": gettext_lazy("Status list: revocation cleared"),
        "credentials.status_list.set_suspension": gettext_lazy("Status list: suspension marked"),
        "credentials.status_list.clear_suspension": gettext_lazy("Status list: suspension cleared"),
        "credentials.credential.replace": gettext_lazy("Digital credential replaced"),
    }
)
