"""Every write to the transparency log: appending events and publishing checkpoints.

Appends join the caller's transaction: a certificate and its log entry commit
together or not at all. They are numbered one after another by locking the log
head row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serialises writers). Each append stores the leaf and the hashes of the
perfect subtrees it completes, so that later roots and proofs read O(log n) rows.

Checkpoints are signed off the read path (ADR 0004, docs/trust.md §6.1): the
worker's once-a-minute job signs when the tree grew, an appending transaction
signs after it commits when the latest checkpoint is older than
:data:`CHECKPOINT_INTERVAL`, and ``skillcert log checkpoint`` signs on demand.
A read never signs (except the very first checkpoint of an empty installation):
entries newer than the latest checkpoint are reported as pending. Publishing
locks the log head, so several workers sign at most once per interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.actions import register as register_action_labels
from skillcert.core.changelog import record_change
from skillcert.transparency import events as leaf_format
from skillcert.transparency import keys, merkle, storage
from skillcert.transparency.events import LogEvent, encode_leaf, leaf_document, validate_event
from skillcert.transparency.models import Checkpoint, LeafCommitment, LogHead, LogLeaf, LogNode
from skillcert.transparency.notes import CheckpointBody, sign_note

CHECKPOINT_INTERVAL = dt.timedelta(seconds=10)
BULK_BATCH = 2000
HEAD_ID = 1


def _locked_head() -> LogHead:
    """The head row, locked; created for the very first entry only.

    Raises:
        LogStorageError: the head is missing although entries exist (someone removed it
            around the database guard): appending would reuse indexes, so nothing is appended.
    """
    _head, created = LogHead.objects.get_or_create(pk=HEAD_ID)
    if created and LogLeaf.objects.exists():
        raise storage.LogStorageError(_("The log head is missing; run skillcert log audit."))
    return LogHead.objects.select_for_update().get(pk=HEAD_ID)


def append_event(*, kind: str, subject_type: str, subject_id: str, payload: dict[str, str]) -> LogLeaf:
    """Append one event in the caller's transaction and return its leaf.

    ``payload`` holds only hashes and public ids from the allow-list in
    :mod:`skillcert.transparency.events`, e.g. ``{"status": "revoked", "facts_sha256": "…"}``;
    certificate events also hand in the private half of ``facts_sha256`` (``append_events``
    with :class:`~skillcert.transparency.events.LogEvent` ``commitment``).

    Raises:
        InvalidInput: unknown kind, wrong subject type, a field outside the
            allow-list or anything that looks like an ID number; nothing is appended.
    """
    return append_events(events=[LogEvent(kind, subject_type, subject_id, dict(payload))])[0]


def append_events(*, events: Sequence[LogEvent]) -> list[LogLeaf]:
    """Append many events at once (a batch of issued certificates), in order, in the caller's transaction.

    Raises:
        InvalidInput: any event is refused; none is appended.
    """
    checked = [validate_event(event) for event in events]
    if not checked:
        return []
    with transaction.atomic():
        head = _locked_head()
        tree = storage.compact_range(head.size)
        now = timezone.now()
        leaves: list[LogLeaf] = []
        nodes: list[LogNode] = []
        for offset, event in enumerate(checked):
            index = head.size + offset
            document = leaf_document(index=index, event=event, appended_at=now, version=leaf_format.LEAF_VERSION)
            digest = merkle.leaf_hash(encode_leaf(document))
            leaves.append(_leaf(index, event, digest, now))
            nodes.extend(LogNode(level=lvl, index=pos, hash=value.hex()) for lvl, pos, value in tree.append(digest))
        LogLeaf.objects.bulk_create(leaves, batch_size=BULK_BATCH)
        LogNode.objects.bulk_create(nodes, batch_size=BULK_BATCH)
        LeafCommitment.objects.bulk_create(_commitments(leaves, checked), batch_size=BULK_BATCH)
        head.size = tree.size
        head.save(update_fields=["size", "updated_at"])
        transaction.on_commit(publish_checkpoint_if_due, robust=True)  # a late signature never undoes the append
    return leaves


def _leaf(index: int, event: LogEvent, digest: bytes, now: dt.datetime) -> LogLeaf:
    return LogLeaf(
        index=index,
        kind=event.kind,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        payload=dict(event.payload),
        leaf_hash=digest.hex(),
        appended_at=now,
        version=leaf_format.LEAF_VERSION,
    )


def _commitments(leaves: Sequence[LogLeaf], events: Sequence[LogEvent]) -> list[LeafCommitment]:
    return [
        LeafCommitment(leaf_index=leaf.index, salt=commitment.salt, fact_digests=dict(commitment.fact_digests))
        for leaf, commitment in zip(leaves, (event.commitment for event in events), strict=True)
        if commitment is not None
    ]


def current_size() -> int:
    head = LogHead.objects.filter(pk=HEAD_ID).only("size").first()
    return head.size if head else 0


def latest_checkpoint() -> Checkpoint | None:
    """The newest stored checkpoint of this log, or None when none was ever signed (a read: never signs)."""
    return Checkpoint.objects.filter(origin=keys.origin()).order_by("-tree_size", "-published_at").first()


def publish_checkpoint() -> Checkpoint:
    """Sign the log's current size and root and store the checkpoint (the existing one if the size is unchanged)."""
    with transaction.atomic():
        _lock_head_for_signing()
        return _publish_locked()


def publish_checkpoint_if_due(*, interval: dt.timedelta | None = None) -> Checkpoint | None:
    """Publish when the tree grew since the latest checkpoint and that one is older than ``interval``.

    ``interval`` defaults to :data:`CHECKPOINT_INTERVAL`. The decision is taken with the log head
    locked, so that several workers (or appends committing together) sign once, not once each.
    Returns the new checkpoint, or ``None`` when none was due.
    """
    interval = CHECKPOINT_INTERVAL if interval is None else interval
    with transaction.atomic():
        _lock_head_for_signing()
        latest = latest_checkpoint()
        if latest is not None and (
            latest.tree_size >= current_size() or timezone.now() - latest.published_at < interval
        ):
            return None
        return _publish_locked()


def _lock_head_for_signing() -> None:
    """Hold the log head row until the transaction ends (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE).

    The same lock appends take: a checkpoint is signed over a size no append is changing, and two
    signers queue instead of both deciding that one is due.
    """
    list(LogHead.objects.select_for_update().filter(pk=HEAD_ID).values_list("pk", flat=True))


def _publish_locked() -> Checkpoint:
    origin = keys.origin()
    size = current_size()
    existing = Checkpoint.objects.filter(origin=origin, tree_size=size).first()
    if existing is not None:
        return existing
    root = storage.tree_root(size)
    verifier = keys.verifier()
    note = sign_note(CheckpointBody(origin, size, root).text(), verifier.name, keys.private_key())
    try:
        with transaction.atomic():
            checkpoint = Checkpoint.objects.create(
                origin=origin,
                tree_size=size,
                root_hash=root.hex(),
                key_name=verifier.name,
                key_id=verifier.key_id.hex(),
                note=note,
                published_at=timezone.now(),
            )
            record_change(
                action="transparency.checkpoint.publish",
                object_type="transparency.checkpoint",
                object_id=str(size),
                after={"origin": origin, "tree_size": size, "root_hash": root.hex()},
                actor=None,  # checkpoints are the system's, whichever request or job happened to trigger one
            )
    except IntegrityError:  # another process signed the same size first: theirs is as good
        return Checkpoint.objects.get(origin=origin, tree_size=size)
    return checkpoint


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "transparency.checkpoint.publish": gettext_lazy("Checkpoint published"),
    }
)
