"""Reading the tree from the database: roots and proofs with one query, whatever the size.

:func:`merkle.nodes_needed` names the perfect subtrees a computation reads;
:func:`fetch_hashes` loads them in a single query (leaf hashes from ``LogLeaf``,
level ≥ 1 from ``LogNode``); the computation then runs over that dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection
from django.utils.translation import gettext_lazy as _

from skillcert.core.errors import DomainError
from skillcert.transparency import merkle
from skillcert.transparency.models import LogLeaf, LogNode

T = TypeVar("T")
NODES_PER_QUERY = 200  # a proof needs at most ~2 per level; audits ask for more and are split (SQLite caps OR depth)


class LogStorageError(DomainError):
    """A stored subtree the log needs is missing: the database was tampered with or damaged (HTTP 503)."""

    status_code = 503
    code = "log_unavailable"


def fetch_hashes(ids: Iterable[merkle.NodeId]) -> dict[merkle.NodeId, bytes]:
    """The stored hashes of the given perfect subtrees (missing ones are left out)."""
    ids = list(ids)
    leaves = [index for level, index in ids if level == 0]
    inner = [(level, index) for level, index in ids if level > 0]
    found: dict[merkle.NodeId, bytes] = {}
    if leaves:
        for index, value in LogLeaf.objects.filter(index__in=leaves).values_list("index", "leaf_hash"):
            found[(0, index)] = bytes.fromhex(value)
    for start in range(0, len(inner), NODES_PER_QUERY):
        for level, index, value in _select_nodes(inner[start : start + NODES_PER_QUERY]):
            found[(level, index)] = bytes.fromhex(value)
    return found


def _select_nodes(ids: list[merkle.NodeId]) -> list[tuple[int, int, str]]:
    """One indexed look-up per node in a single statement.

    Plain SQL because building the same filter through the ORM (one ``Q`` per
    node, OR-ed) costs ~25 times more than running it, and proofs are hot.
    """
    table, quote = LogNode._meta.db_table, connection.ops.quote_name
    condition = " OR ".join([f"({quote('level')} = %s AND {quote('index')} = %s)"] * len(ids))
    sql = f"SELECT {quote('level')}, {quote('index')}, {quote('hash')} FROM {table} WHERE {condition}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for node in ids for value in node])
        return [(int(level), int(index), str(value)) for level, index, value in cursor.fetchall()]


def computed(generate: Callable[[merkle.HashSource], T]) -> T:
    """Run a root or proof computation over the stored tree.

    Raises:
        LogStorageError: a subtree it needs is not stored.
    """
    needed = merkle.nodes_needed(generate)
    hashes = fetch_hashes(needed)
    missing = needed - hashes.keys()
    if missing:
        raise LogStorageError(
            _("The log's stored tree is incomplete (%(count)s subtrees missing); the operators have to restore it.")
            % {"count": len(missing)}
        )
    return generate(lambda level, index: hashes[(level, index)])


def tree_root(size: int) -> bytes:
    return computed(lambda source: merkle.root(source, size))


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return computed(lambda source: merkle.inclusion_proof(source, index, size))


def consistency_proof(first: int, second: int) -> list[bytes]:
    return computed(lambda source: merkle.consistency_proof(source, first, second))


def compact_range(size: int) -> merkle.CompactRange:
    """The peaks of the stored tree of ``size`` leaves, ready to append to."""
    ids = merkle.peak_ids(size)
    hashes = fetch_hashes(ids)
    if len(hashes) != len(ids):
        raise LogStorageError(_("The log's stored tree is incomplete; the operators have to restore it."))
    return merkle.CompactRange(size, [hashes[node] for node in ids])
