"""Reads of the log for the API, the page, other apps and the auditor.

Sizes and indexes from outside are checked here and refused with a precise
message (``InvalidInput`` 422 for impossible values, ``NotFound`` 404 for
entries or sizes the log does not have yet): never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from skillcert.core.errors import InvalidInput, NotFound
from skillcert.transparency import keys, services, storage
from skillcert.transparency.commitments import Commitment
from skillcert.transparency.events import LogEvent, encode_leaf, leaf_document
from skillcert.transparency.models import Checkpoint, LeafCommitment, LogLeaf

MAX_ENTRIES = 1000
MAX_CHECKPOINTS = 1000


@dataclass(frozen=True)
class InclusionProof:
    index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    proof: list[bytes]


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: bytes
    second_root: bytes
    proof: list[bytes]


def current_size() -> int:
    """How many entries the log holds (committed)."""
    return services.current_size()


def latest_checkpoint() -> Checkpoint:
    """The newest signed checkpoint, as stored: a read never signs a grown tree (the worker does, each minute).

    Only an installation that never signed one gets its first checkpoint here (once: the empty
    or initial tree), so that the API and the page always have a checkpoint to show.
    """
    latest = services.latest_checkpoint()
    return latest if latest is not None else services.publish_checkpoint()


def checkpoints(*, after: int = -1, limit: int = MAX_CHECKPOINTS) -> list[Checkpoint]:
    """Stored checkpoints of this log with a tree size above ``after``, smallest first (at most ``limit``)."""
    limit = max(1, min(limit, MAX_CHECKPOINTS))
    rows = Checkpoint.objects.filter(origin=keys.origin(), tree_size__gt=after).order_by("tree_size", "published_at")
    return list(rows[:limit])


def leaf_data(leaf: LogLeaf) -> bytes:
    """The exact bytes whose hash is the leaf hash, in the leaf's own format (format 1 rows stay format 1)."""
    event = LogEvent(leaf.kind, leaf.subject_type, leaf.subject_id, leaf.payload)
    document = leaf_document(index=leaf.index, event=event, appended_at=leaf.appended_at, version=leaf.leaf_format)
    return encode_leaf(document)


def _check_size_known(size: int, label: str) -> None:
    if size < 0:
        raise InvalidInput(_("A tree size is never negative."), fields={label: [_("Must be at least 0.")]})
    log_size = current_size()
    if size > log_size:
        raise NotFound(
            _("The log has only %(size)s entries, fewer than %(asked)s.") % {"size": log_size, "asked": size},
            fields={label: [_("The log is not that large yet.")]},
        )


def entries(*, start: int, end: int) -> list[LogLeaf]:
    """Entries ``[start, end)``, at most :data:`MAX_ENTRIES` and never past the end of the log."""
    if start < 0 or end <= start:
        raise InvalidInput(
            _("Ask for entries with 0 ≤ start < end."), fields={"end": [_("Must be greater than start.")]}
        )
    size = current_size()
    if start >= size:
        raise NotFound(
            _("The log has only %(size)s entries; entry %(start)s does not exist yet.") % {"size": size, "start": start}
        )
    end = min(end, size, start + MAX_ENTRIES)
    return list(LogLeaf.objects.filter(index__gte=start, index__lt=end).order_by("index"))


def inclusion_proof(*, index: int, tree_size: int) -> InclusionProof:
    """The proof that entry ``index`` is in the tree of ``tree_size`` entries."""
    _check_size_known(tree_size, "tree_size")
    if not 0 <= index < tree_size:
        raise InvalidInput(
            _("Entry %(index)s is not in a tree of %(size)s entries.") % {"index": index, "size": tree_size},
            fields={"index": [_("Must be at least 0 and smaller than tree_size.")]},
        )
    leaf = LogLeaf.objects.only("leaf_hash").get(index=index)
    return InclusionProof(
        index=index,
        tree_size=tree_size,
        leaf_hash=bytes.fromhex(leaf.leaf_hash),
        root_hash=storage.tree_root(tree_size),
        proof=storage.inclusion_proof(index, tree_size),
    )


def consistency_proof(*, first: int, second: int) -> ConsistencyProof:
    """The proof that the tree of ``first`` entries is a prefix of the tree of ``second`` entries."""
    _check_size_known(second, "second")
    if not 0 <= first <= second:
        raise InvalidInput(
            _("A consistency proof goes from a smaller tree to a larger one (0 ≤ first ≤ second)."),
            fields={"first": [_("Must be at least 0 and at most second.")]},
        )
    return ConsistencyProof(
        first=first,
        second=second,
        first_root=storage.tree_root(first),
        second_root=storage.tree_root(second),
        proof=storage.consistency_proof(first, second),
    )


def leaves_about(*, subject_type: str, subject_ids: list[str]) -> QuerySet[LogLeaf]:
    """Every entry naming any of ``subject_ids``, oldest first.

    A certificate has two names in the log: its public id in format 1 entries and the digest of
    its address key (``events.certificate_subject``) in format 2 entries; pass both to get all.
    """
    return LogLeaf.objects.filter(subject_type=subject_type, subject_id__in=subject_ids).order_by("index")


@dataclass(frozen=True)
class CommittedLeaf:
    """A subject's entry with the private half of its ``facts_sha256`` (``None`` when none is stored)."""

    index: int
    kind: str
    payload: dict[str, str]
    commitment: Commitment | None
    leaf_format: int = 1

    def commitment_problem(self) -> str | None:
        """Why the stored commitment cannot be trusted for this entry (``None`` when it matches the leaf)."""
        if "facts_sha256" not in self.payload:
            return f"log entry {self.index} does not commit to the facts"
        if self.commitment is None:
            return f"the commitment behind log entry {self.index} is missing"
        if self.commitment.digest != self.payload["facts_sha256"]:
            return f"the commitment behind log entry {self.index} was altered"
        return None


def committed_leaves(*, subject_type: str, subject_ids: list[str]) -> dict[str, list[CommittedLeaf]]:
    """Every entry about each of the subjects, oldest first, with its commitment (two queries)."""
    rows = list(
        LogLeaf.objects.filter(subject_type=subject_type, subject_id__in=subject_ids)
        .order_by("index")
        .values_list("index", "subject_id", "kind", "payload", "version")
    )
    stored = {
        row.leaf_index: Commitment(row.salt, row.fact_digests if isinstance(row.fact_digests, dict) else {})
        for row in LeafCommitment.objects.filter(leaf_index__in=[row[0] for row in rows])
    }
    found: dict[str, list[CommittedLeaf]] = {}
    for index, subject_id, kind, payload, version in rows:
        payload = payload if isinstance(payload, dict) else {}
        entry = CommittedLeaf(index, kind, payload, stored.get(index), version or 1)
        found.setdefault(subject_id, []).append(entry)
    return found
