"""Transparency log at 1,000,000 leaves: appends, proofs and checkpoints beside a bare Ed25519 sign/verify.

The log is filled with bulk inserts of leaves and of the subtree hashes a
compact range emits (what ``append_events`` would store), then every figure is
measured on that full log. Each is printed with its cost in bare Ed25519
operations measured in the same run: proofs should cost a handful of
signatures, not thousands, however large the log grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from figures import Figure, per_second

LEAVES = 1_000_000
INSERT_BATCH = 50_000
SINGLE_APPENDS = 300
BULK_APPEND = 10_000
PROOFS = 300
CHECKPOINTS = 20
BARE = 5000


def _leaf_rows(count: int) -> Iterator[tuple[list[object], list[tuple[int, int, bytes]]]]:
    """Yield (leaf row, completed subtrees) for ``count`` certificate.issued events, in order."""
    from skillcert.transparency import merkle
    from skillcert.transparency.events import LEAF_VERSION, LogEvent, certificate_subject, encode_leaf, leaf_document

    appended_at = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    tree = merkle.CompactRange()
    for index in range(count):
        payload = {"credential_sha256": hashlib.sha256(index.to_bytes(8, "big")).hexdigest()}
        event = LogEvent("certificate.issued", "certificate", certificate_subject(f"bench{index:012d}"), payload)
        digest = merkle.leaf_hash(encode_leaf(leaf_document(index=index, event=event, appended_at=appended_at)))
        row = [index, event.kind, event.subject_type, event.subject_id, payload, digest.hex(), appended_at]
        row.append(LEAF_VERSION)
        yield row, tree.append(digest)


def fill(count: int) -> float:
    """Bulk-insert ``count`` leaves and their subtree hashes; return the seconds it took."""
    from django.db import connection, transaction

    from skillcert.transparency.models import LogHead, LogLeaf, LogNode

    start = time.perf_counter()
    names = ("index", "kind", "subject_type", "subject_id", "payload", "leaf_hash", "appended_at", "version")
    leaf_sql = _insert_sql(LogLeaf._meta.db_table, [LogLeaf._meta.get_field(name).column for name in names])
    node_sql = _insert_sql(LogNode._meta.db_table, ["level", "index", "hash"])
    payload_field, time_field = LogLeaf._meta.get_field("payload"), LogLeaf._meta.get_field("appended_at")
    leaves: list[list[object]] = []
    nodes: list[tuple[int, int, str]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        appended_at = None
        for row, completed in _leaf_rows(count):
            appended_at = appended_at or time_field.get_db_prep_save(row[6], connection)  # the same for every row
            leaves.append([*row[:4], payload_field.get_db_prep_save(row[4], connection), row[5], appended_at, row[7]])
            nodes.extend((level, index, value.hex()) for level, index, value in completed)
            if len(leaves) >= INSERT_BATCH:
                cursor.executemany(leaf_sql, leaves)
                cursor.executemany(node_sql, nodes)
                leaves, nodes = [], []
        cursor.executemany(leaf_sql, leaves)
        cursor.executemany(node_sql, nodes)
        LogHead.objects.update_or_create(pk=1, defaults={"size": count})
    return time.perf_counter() - start


def _insert_sql(table: str, columns: list[str]) -> str:
    from django.db import connection

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  (own names)


def _issued(count: int, prefix: str) -> list[object]:
    from skillcert.transparency.events import LogEvent, certificate_subject

    payload = {"credential_sha256": "ab" * 32, "facts_sha256": "cd" * 32}
    return [
        LogEvent("certificate.issued", "certificate", certificate_subject(f"{prefix}{i:08d}"), payload)
        for i in range(count)
    ]


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[Figure]:
    from skillcert.transparency import merkle, services, storage

    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key()
    message = b"checkpoint\n1000000\n" + bytes(44)
    signature = private_key.sign(message)
    bare_sign = per_second(lambda: private_key.sign(message), BARE)
    bare_verify = per_second(lambda: public_key.verify(signature, message), BARE)

    fill_seconds = fill(LEAVES)
    single = iter(_issued(SINGLE_APPENDS, "single"))
    appends = per_second(lambda: services.append_events(events=[next(single)]), SINGLE_APPENDS)
    bulk = BULK_APPEND / _seconds(lambda: services.append_events(events=_issued(BULK_APPEND, "bulk")))
    size = services.current_size()

    rng = random.Random(2026)
    indexes = [rng.randrange(size) for _ in range(PROOFS)]
    firsts = [rng.randrange(1, size) for _ in range(PROOFS)]
    leaf_hashes = storage.fetch_hashes([(0, i) for i in indexes])
    root = storage.tree_root(size)
    inclusion = {i: storage.inclusion_proof(i, size) for i in indexes}
    consistency = {f: (storage.tree_root(f), storage.consistency_proof(f, size)) for f in firsts}
    pick = iter(indexes * 4)
    make_inclusion = per_second(lambda: storage.inclusion_proof(next(pick), size), PROOFS)
    pick_first = iter(firsts * 4)
    make_consistency = per_second(lambda: storage.consistency_proof(next(pick_first), size), PROOFS)
    pick = iter(indexes * 40)
    check_inclusion = per_second(
        lambda: _verify_inclusion(merkle, leaf_hashes, inclusion, next(pick), size, root), PROOFS * 10
    )
    pick_first = iter(firsts * 40)
    check_consistency = per_second(
        lambda: _verify_consistency(merkle, consistency, next(pick_first), size, root), PROOFS * 10
    )
    checkpoint = CHECKPOINTS / sum(_checkpoint_seconds(services, n) for n in range(CHECKPOINTS))

    def vs_sign(rate: float) -> str:
        return f"{bare_sign / rate:.1f}x a bare sign"

    def vs_verify(rate: float) -> str:
        return f"{bare_verify / rate:.1f}x a bare verify"

    return [
        Figure("bare Ed25519 sign (log bench)", bare_sign, "sig/s"),
        Figure("bare Ed25519 verify (log bench)", bare_verify, "sig/s"),
        Figure(f"log fill: {LEAVES:,} leaves + subtree hashes (bulk insert)", fill_seconds, "s"),
        Figure(f"append_event at 1M, own transaction ({vs_sign(appends)})", appends, "events/s"),
        Figure(f"append_events batch of 10k at 1M ({vs_sign(bulk)})", bulk, "events/s"),
        Figure(f"inclusion proof generated at 1M ({vs_sign(make_inclusion)})", make_inclusion, "proofs/s"),
        Figure(f"inclusion proof verified at 1M ({vs_verify(check_inclusion)})", check_inclusion, "proofs/s"),
        Figure(f"consistency proof generated at 1M ({vs_sign(make_consistency)})", make_consistency, "proofs/s"),
        Figure(f"consistency proof verified at 1M ({vs_verify(check_consistency)})", check_consistency, "proofs/s"),
        Figure(f"checkpoint root + sign + store at 1M ({vs_sign(checkpoint)})", checkpoint, "ckpt/s"),
    ]


def _checkpoint_seconds(services: Any, round_number: int) -> float:
    """Grow the log by one entry (not timed), then time signing and storing its checkpoint."""
    services.append_events(events=_issued(1, f"ckpt{round_number}x"))
    return _seconds(services.publish_checkpoint)


def _verify_inclusion(merkle: Any, leaf_hashes: Any, proofs: Any, index: int, size: int, root: bytes) -> None:
    if not merkle.verify_inclusion(leaf_hashes[(0, index)], index, size, proofs[index], root):
        raise AssertionError(f"inclusion proof {index}/{size} does not verify")


def _verify_consistency(merkle: Any, proofs: Any, first: int, size: int, root: bytes) -> None:
    first_root, proof = proofs[first]
    if not merkle.verify_consistency(first, size, first_root, root, proof):
        raise AssertionError(f"consistency proof {first}/{size} does not verify")
