"""RFC 9162 hashing and proofs against the RFC 6962 test vectors, plus properties over random trees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.transparency import merkle

VECTORS = json.loads((Path(__file__).parent / "vectors" / "rfc6962-merkle.json").read_text())
LEAVES = [merkle.leaf_hash(bytes.fromhex(data)) for data in VECTORS["leaves"]]
ROOTS = [bytes.fromhex(root) for root in VECTORS["roots"]]
TREE = merkle.MemoryTree(LEAVES)
SOME_HASH = bytes.fromhex(VECTORS["some_hash"])
EMPTY = bytes.fromhex(VECTORS["empty_tree_root"])


def hexes(values):
    return [value.hex() for value in values]


def test_empty_tree_hash_is_sha256_of_nothing():
    assert merkle.EMPTY_ROOT == EMPTY
    assert merkle.root(TREE.node, 0) == EMPTY


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_of_the_published_vectors(size):
    assert TREE.root(size) == ROOTS[size - 1]


@pytest.mark.parametrize("case", VECTORS["inclusion"], ids=lambda c: f"leaf{c['leaf']}-of-{c['size']}")
def test_inclusion_proofs_of_the_published_vectors(case):
    index, size = case["leaf"] - 1, case["size"]
    proof = merkle.inclusion_proof(TREE.node, index, size)
    assert hexes(proof) == case["proof"]
    assert merkle.verify_inclusion(LEAVES[index], index, size, proof, ROOTS[size - 1])


@pytest.mark.parametrize("case", VECTORS["consistency"], ids=lambda c: f"{c['first']}-to-{c['second']}")
def test_consistency_proofs_of_the_published_vectors(case):
    first, second = case["first"], case["second"]
    proof = merkle.consistency_proof(TREE.node, first, second)
    assert hexes(proof) == case["proof"]
    assert merkle.verify_consistency(first, second, ROOTS[first - 1], ROOTS[second - 1], proof)


def inclusion_probes(index, size, proof, root, leaf):
    """Altered inputs that must all fail (the kinds of corruption the reference test suites use)."""
    probes = [
        (index - 1, size, root, leaf, proof),
        (index + 1, size, root, leaf, proof),
        (index ^ 2, size, root, leaf, proof),
        (index, size * 2, root, leaf, proof),
        (index, size // 2, root, leaf, proof),
        (index, size, root, b"WrongLeaf", proof),
        (index, size, EMPTY, leaf, proof),
        (index, size, SOME_HASH, leaf, proof),
        (index, size, root, leaf, [*proof, b""]),
        (index, size, root, leaf, [*proof, root]),
        (index, size, root, leaf, [b"", *proof]),
        (index, size, root, leaf, [root, *proof]),
    ]
    for position in range(len(proof)):
        flipped = list(proof)
        flipped[position] = bytes([proof[position][0] ^ 8]) + proof[position][1:]
        probes.append((index, size, root, leaf, flipped))
    if proof:
        probes.append((index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root, leaf, [proof[0], SOME_HASH, *proof[1:]]))
    return probes


@pytest.mark.parametrize("case", VECTORS["inclusion"], ids=lambda c: f"leaf{c['leaf']}-of-{c['size']}")
def test_altered_inclusion_proofs_fail(case):
    index, size = case["leaf"] - 1, case["size"]
    proof = [bytes.fromhex(h) for h in case["proof"]]
    for probe_index, probe_size, root, leaf, probe_proof in inclusion_probes(
        index, size, proof, ROOTS[size - 1], LEAVES[index]
    ):
        assert not merkle.verify_inclusion(leaf, probe_index, probe_size, probe_proof, root), (probe_index, probe_size)


@pytest.mark.parametrize(
    "case", [c for c in VECTORS["consistency"] if c["proof"]], ids=lambda c: f"{c['first']}-{c['second']}"
)
def test_altered_consistency_proofs_fail(case):
    first, second = case["first"], case["second"]
    proof = [bytes.fromhex(h) for h in case["proof"]]
    root1, root2 = ROOTS[first - 1], ROOTS[second - 1]
    probes = [
        (first - 1, second, root1, root2, proof),
        (first + 1, second, root1, root2, proof),
        (first ^ 2, second, root1, root2, proof),
        (first, second * 2, root1, root2, proof),
        (first, second // 2, root1, root2, proof),
        (first, second, b"WrongRoot", root2, proof),
        (first, second, root1, b"WrongRoot", proof),
        (first, second, root2, root1, proof),
        (first, second, root1, root2, []),
        (first, second, root1, root2, [*proof, b""]),
        (first, second, root1, root2, [*proof, root1]),
        (first, second, root1, root2, [*proof, root2]),
        (first, second, root1, root2, [b"", *proof]),
        (first, second, root1, root2, [root1, *proof]),
        (first, second, root1, root2, [root2, *proof]),
        (first, second, root1, root2, [proof[0], *proof]),
        (first, second, root1, root2, proof[:-1]),
    ]
    for position in range(len(proof)):
        flipped = list(proof)
        flipped[position] = bytes([proof[position][0] ^ 16]) + proof[position][1:]
        probes.append((first, second, root1, root2, flipped))
    for size1, size2, r1, r2, altered in probes:
        assert not merkle.verify_consistency(size1, size2, r1, r2, altered), (size1, size2)


@pytest.mark.parametrize(
    ("first", "second", "root1", "root2", "proof", "valid"),
    [
        (0, 0, b"a" * 32, b"b" * 32, [], False),
        (1, 1, b"a" * 32, b"b" * 32, [], False),
        (0, 0, b"a" * 32, b"a" * 32, [], True),
        (0, 1, b"a" * 32, b"b" * 32, [], True),
        (1, 1, b"b" * 32, b"b" * 32, [], True),
        (1, 0, b"a" * 32, b"b" * 32, [], False),
        (2, 1, b"a" * 32, b"b" * 32, [], False),
        (1, 2, b"a" * 32, b"b" * 32, [], False),
        (0, 0, EMPTY, EMPTY, [EMPTY], False),
        (0, 1, EMPTY, EMPTY, [EMPTY], False),
        (1, 1, EMPTY, EMPTY, [EMPTY], False),
    ],
)
def test_consistency_edge_cases(first, second, root1, root2, proof, valid):
    assert merkle.verify_consistency(first, second, root1, root2, proof) is valid


@pytest.mark.parametrize(("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1)])
def test_inclusion_with_impossible_sizes_or_hashes_fails(index, size):
    assert not merkle.verify_inclusion(SOME_HASH, index, size, [], b"")
    assert not merkle.verify_inclusion(b"", index, size, [], EMPTY)
    assert not merkle.verify_inclusion(SOME_HASH, index, size, [], EMPTY)


def test_single_leaf_tree_root_is_the_leaf_hash():
    leaf = merkle.leaf_hash(b"data")
    assert merkle.verify_inclusion(leaf, 0, 1, [], leaf)
    assert not merkle.verify_inclusion(b"", 0, 1, [], leaf)


def test_generating_proofs_for_impossible_sizes_is_refused():
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(TREE.node, 8, 8)
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(TREE.node, 5, 4)
    assert merkle.consistency_proof(TREE.node, 0, 8) == []


@pytest.mark.parametrize(
    ("index", "size", "nodes"),
    [
        (0, 7, {(0, 1), (1, 1), (0, 6), (1, 2)}),  # b h j i: the RFC 6962 example tree of 7 leaves
        (6, 7, {(1, 2), (2, 0)}),
        (81, 95, {(0, 80), (1, 41), (2, 21), (0, 94), (1, 46), (2, 22), (4, 4), (6, 0)}),
    ],
)
def test_proofs_read_only_the_stored_subtrees_they_need(index, size, nodes):
    assert merkle.nodes_needed(lambda source: merkle.inclusion_proof(source, index, size)) == nodes


def test_a_root_needs_one_read_per_set_bit_of_the_size():
    for size in (1, 7, 1_000_000, 2**40 - 1):
        assert merkle.nodes_needed(lambda source, n=size: merkle.root(source, n)) == set(merkle.peak_ids(size))


leaves_strategy = st.lists(st.binary(max_size=12), min_size=1, max_size=70)


@settings(max_examples=60, deadline=None)
@given(leaves_strategy, st.data())
def test_every_inclusion_proof_verifies_and_any_flipped_byte_fails(data_items, data):
    tree = merkle.MemoryTree([merkle.leaf_hash(item) for item in data_items])
    size = data.draw(st.integers(1, tree.size))
    index = data.draw(st.integers(0, size - 1))
    root, leaf = tree.root(size), tree.node(0, index)
    proof = merkle.inclusion_proof(tree.node, index, size)
    assert merkle.verify_inclusion(leaf, index, size, proof, root)
    if proof:
        position = data.draw(st.integers(0, len(proof) - 1))
        byte = data.draw(st.integers(0, 31))
        altered = list(proof)
        altered[position] = (
            altered[position][:byte] + bytes([altered[position][byte] ^ 1]) + altered[position][byte + 1 :]
        )
        assert not merkle.verify_inclusion(leaf, index, size, altered, root)
    flipped_leaf = bytes([leaf[0] ^ 0x80]) + leaf[1:]
    assert not merkle.verify_inclusion(flipped_leaf, index, size, proof, root)


@settings(max_examples=60, deadline=None)
@given(leaves_strategy, st.data())
def test_every_consistency_proof_verifies_and_any_flipped_byte_fails(data_items, data):
    tree = merkle.MemoryTree([merkle.leaf_hash(item) for item in data_items])
    second = data.draw(st.integers(1, tree.size))
    first = data.draw(st.integers(1, second))
    proof = merkle.consistency_proof(tree.node, first, second)
    root1, root2 = tree.root(first), tree.root(second)
    assert merkle.verify_consistency(first, second, root1, root2, proof)
    if proof:
        position = data.draw(st.integers(0, len(proof) - 1))
        byte = data.draw(st.integers(0, 31))
        altered = list(proof)
        altered[position] = (
            altered[position][:byte] + bytes([altered[position][byte] ^ 1]) + altered[position][byte + 1 :]
        )
        assert not merkle.verify_consistency(first, second, root1, root2, altered)
        assert not merkle.verify_consistency(first, second, bytes([root1[0] ^ 1]) + root1[1:], root2, proof)


@settings(max_examples=40, deadline=None)
@given(leaves_strategy)
def test_compact_range_matches_the_full_tree_and_emits_every_perfect_subtree(data_items):
    hashes = [merkle.leaf_hash(item) for item in data_items]
    tree, compact, emitted = merkle.MemoryTree(hashes), merkle.CompactRange(), {}
    for count, leaf in enumerate(hashes, 1):
        for level, index, value in compact.append(leaf):
            emitted[(level, index)] = value
        assert compact.root() == tree.root(count)
    expected = {(level, i): h for level, row in enumerate(tree.levels) if level for i, h in enumerate(row)}
    assert emitted == expected
    restarted = merkle.CompactRange(len(hashes), [tree.node(*node) for node in merkle.peak_ids(len(hashes))])
    assert restarted.root() == tree.root()
