"""RFC 9162 Merkle tree hashing, inclusion and consistency proofs. Pure functions, no Django.

Hashes (RFC 9162 §2.1.1, same as RFC 6962 §2.1):

- leaf ``SHA-256(0x00 ‖ data)``; interior node ``SHA-256(0x01 ‖ left ‖ right)``;
- the Merkle Tree Hash of n > 1 leaves splits at k, the largest power of two
  smaller than n; the hash of the empty tree is ``SHA-256("")``.

Proofs are generated from a :data:`HashSource`: a function returning the hash of
the *perfect* subtree ``(level, index)``, which covers leaves
``[index·2^level, (index+1)·2^level)`` (level 0 = the leaf hashes). Every range
the RFC algorithms ask for decomposes into O(log n) such subtrees, so a store
that keeps the hash of each completed perfect subtree answers a root, an
inclusion proof or a consistency proof with O(log n) reads at any tree size.
:func:`nodes_needed` lists those reads up front so a database can fetch them in
one query.

Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 and never raises: bad
input (wrong sizes, short hashes, a proof for another tree size) is ``False``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeId = tuple[int, int]  # (level, index) of a perfect subtree
HashSource = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof was asked for sizes or an index that the tree cannot have."""


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 ‖ data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 ‖ left ‖ right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _is_perfect(start: int, end: int) -> bool:
    size = end - start
    return size & (size - 1) == 0 and start % size == 0


def subtree_hash(source: HashSource, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range the RFC recursion produces (``start`` aligned to the split)."""
    size = end - start
    if size <= 0:
        raise ProofError("an empty range has no subtree hash")
    if _is_perfect(start, end):
        level = size.bit_length() - 1
        return source(level, start >> level)
    k = split_point(size)
    return node_hash(subtree_hash(source, start, start + k), subtree_hash(source, start + k, end))


def root(source: HashSource, size: int) -> bytes:
    """The Merkle Tree Hash of the first ``size`` leaves (``EMPTY_ROOT`` for 0)."""
    if size < 0:
        raise ProofError("a tree size is never negative")
    return EMPTY_ROOT if size == 0 else subtree_hash(source, 0, size)


def _path(source: HashSource, m: int, start: int, end: int) -> list[bytes]:
    """PATH(m, D[start:end]) of RFC 9162 §2.1.3.1, leaf ``m`` counted from ``start``."""
    n = end - start
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return [*_path(source, m, start, start + k), subtree_hash(source, start + k, end)]
    return [*_path(source, m - k, start + k, end), subtree_hash(source, start, start + k)]


def inclusion_proof(source: HashSource, index: int, size: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves.

    Raises:
        ProofError: ``index`` is not a leaf of that tree.
    """
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    return _path(source, index, 0, size)


def _subproof(source: HashSource, m: int, start: int, end: int, complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1."""
    n = end - start
    if m == n:
        return [] if complete else [subtree_hash(source, start, end)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(source, m, start, start + k, complete), subtree_hash(source, start + k, end)]
    return [*_subproof(source, m - k, start + k, end, False), subtree_hash(source, start, start + k)]


def consistency_proof(source: HashSource, first: int, second: int) -> list[bytes]:
    """The proof that the tree of ``first`` leaves is a prefix of the tree of ``second`` leaves.

    Empty when ``first`` is 0 or equals ``second`` (nothing to prove).

    Raises:
        ProofError: ``first`` is negative or larger than ``second``.
    """
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from {first} to {second} leaves")
    if first in (0, second):
        return []
    return _subproof(source, first, 0, second, True)


def nodes_needed(generate: Callable[[HashSource], object]) -> set[NodeId]:
    """The perfect subtrees ``generate`` reads, found by running it over placeholder hashes.

    Which subtrees a root or proof needs depends only on the sizes and indexes,
    never on hash values, so a dry run names them all.
    """
    seen: set[NodeId] = set()

    def record(level: int, index: int) -> bytes:
        seen.add((level, index))
        return bytes(HASH_SIZE)

    generate(record)
    return seen


# ---------------------------------------------------------------------------
# Verification (never raises)
# ---------------------------------------------------------------------------
def _valid_hashes(hashes: Iterable[bytes]) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def _shift_until_odd(fn: int, sn: int) -> tuple[int, int]:
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or ``None`` when it cannot be a proof."""
    if not 0 <= index < size or not _valid_hashes([leaf, *proof]):
        return None
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            fn, sn = _shift_until_odd(fn, sn)
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return result if sn == 0 else None


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """True when ``proof`` shows the leaf hash ``leaf`` at ``index`` in the tree of ``size`` with ``expected_root``."""
    computed = root_from_inclusion_proof(leaf, index, size, proof)
    return computed is not None and computed == expected_root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    """True when ``proof`` shows the tree (first, first_root) is a prefix of (second, second_root)."""
    if not 0 <= first <= second or not _valid_hashes(proof):
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof or not _valid_hashes([first_root, second_root]):
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first_result = second_result = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first_result = node_hash(node, first_result)
            second_result = node_hash(node, second_result)
            fn, sn = _shift_until_odd(fn, sn)
        else:
            second_result = node_hash(second_result, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first_result == first_root and second_result == second_root


# ---------------------------------------------------------------------------
# Building trees
# ---------------------------------------------------------------------------
class CompactRange:
    """The perfect subtrees covering leaves ``[0, size)``: enough to append and to compute the root.

    Holds at most one hash per level (O(log n) memory), so an auditor can stream
    a million leaves and compare the root at every checkpoint size.
    """

    def __init__(self, size: int = 0, peaks: Sequence[bytes] = ()) -> None:
        levels = [bit for bit in reversed(range(size.bit_length())) if size >> bit & 1]
        try:
            self._peaks: list[tuple[int, bytes]] = list(zip(levels, peaks, strict=True))
        except ValueError:
            raise ProofError(f"a tree of {size} leaves has {len(levels)} peaks, not {len(peaks)}") from None
        self.size = size

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf hash; return the perfect subtrees it completed as ``(level, index, hash)`` (level ≥ 1)."""
        completed: list[tuple[int, int, bytes]] = []
        level, current = 0, leaf
        while self._peaks and self._peaks[-1][0] == level:
            _level, left = self._peaks.pop()
            level, current = level + 1, node_hash(left, current)
            completed.append((level, self.size >> level, current))  # the subtree ending at the new leaf
        self._peaks.append((level, current))
        self.size += 1
        return completed

    def root(self) -> bytes:
        """The Merkle Tree Hash of the leaves so far."""
        if not self._peaks:
            return EMPTY_ROOT
        result = self._peaks[-1][1]
        for _level, peak in reversed(self._peaks[:-1]):
            result = node_hash(peak, result)
        return result


def peak_ids(size: int) -> list[NodeId]:
    """The perfect subtrees ``(level, index)`` a :class:`CompactRange` of ``size`` leaves holds, left to right."""
    ids, start = [], 0
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            ids.append((level, start >> level))
            start += 1 << level
    return ids


class MemoryTree:
    """Every perfect subtree of a list of leaf hashes, in memory (tests, small audits)."""

    def __init__(self, leaves: Sequence[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [list(leaves)]
        level = 0
        while len(self.levels[level]) > 1:
            below = self.levels[level]
            self.levels.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
            level += 1

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def node(self, level: int, index: int) -> bytes:
        """The :data:`HashSource` of this tree."""
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        return root(self.node, self.size if size is None else size)
