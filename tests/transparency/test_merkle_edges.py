"""Edges of the Merkle tree code: refusals with their messages, both sides of each size boundary, inputs of the
wrong kind that must read as ``False`` (never an exception), and trees built or restarted at every small size.
"""

from __future__ import annotations

import pytest

from skillcert.transparency import merkle

LEAVES = [merkle.leaf_hash(bytes([n])) for n in range(40)]
TREE = merkle.MemoryTree(LEAVES)


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH straight from the RFC's recursive definition (slow, for comparison only)."""
    if not leaves:
        return merkle.EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return merkle.node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def refusal(call, *args) -> str:
    with pytest.raises(merkle.ProofError) as refused:
        call(*args)
    return str(refused.value)


class TestRefusals:
    def test_a_negative_tree_size_has_no_root(self):
        assert refusal(merkle.root, TREE.node, -1) == "a tree size is never negative"

    @pytest.mark.parametrize(("start", "end"), [(0, 0), (3, 3), (5, 4)])
    def test_an_empty_or_reversed_range_has_no_subtree_hash(self, start, end):
        assert refusal(merkle.subtree_hash, TREE.node, start, end) == "an empty range has no subtree hash"

    @pytest.mark.parametrize(("index", "size"), [(-1, 8), (8, 8), (9, 8), (0, 0)])
    def test_an_inclusion_proof_for_a_leaf_outside_the_tree_is_refused(self, index, size):
        assert (
            refusal(merkle.inclusion_proof, TREE.node, index, size) == f"leaf {index} is not in a tree of {size} leaves"
        )

    @pytest.mark.parametrize(("first", "second"), [(-1, 8), (9, 8), (1, 0)])
    def test_a_consistency_proof_backwards_or_from_a_negative_size_is_refused(self, first, second):
        message = refusal(merkle.consistency_proof, TREE.node, first, second)
        assert message == f"no consistency proof from {first} to {second} leaves"

    @pytest.mark.parametrize(("size", "peaks"), [(0, 1), (1, 0), (5, 1), (5, 3), (7, 2)])
    def test_a_compact_range_needs_one_peak_per_set_bit_of_its_size(self, size, peaks):
        message = refusal(merkle.CompactRange, size, LEAVES[:peaks])
        assert message == f"a tree of {size} leaves has {size.bit_count()} peaks, not {peaks}"


class TestSizes:
    @pytest.mark.parametrize("size", range(0, 41))
    def test_every_root_matches_the_rfc_definition(self, size):
        expected = reference_root(LEAVES[:size])
        assert merkle.root(TREE.node, size) == expected
        assert TREE.root(size) == expected

    def test_a_tree_without_leaves_has_the_empty_root(self):
        assert merkle.MemoryTree().size == 0
        assert merkle.MemoryTree().root() == merkle.EMPTY_ROOT
        assert merkle.CompactRange().root() == merkle.EMPTY_ROOT

    def test_the_whole_tree_is_the_default_size(self):
        assert TREE.size == 40 and TREE.root() == reference_root(LEAVES)

    @pytest.mark.parametrize(("n", "k"), [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1025, 1024)])
    def test_the_split_is_the_largest_power_of_two_below_the_size(self, n, k):
        assert merkle.split_point(n) == k

    def test_a_range_that_is_not_aligned_is_still_hashed_as_the_rfc_says(self):
        assert merkle.subtree_hash(TREE.node, 1, 3) == merkle.node_hash(LEAVES[1], LEAVES[2])
        assert merkle.subtree_hash(TREE.node, 2, 4) == TREE.node(1, 1)

    @pytest.mark.parametrize("size", [1, 2, 5, 8, 40])
    def test_a_consistency_proof_to_the_same_size_or_from_nothing_is_empty(self, size):
        assert merkle.consistency_proof(TREE.node, size, size) == []
        assert merkle.consistency_proof(TREE.node, 0, size) == []
        assert merkle.verify_consistency(size, size, TREE.root(size), TREE.root(size), [])

    @pytest.mark.parametrize("second", range(1, 41))
    def test_every_proof_from_one_leaf_and_to_each_size_verifies(self, second):
        for first in {1, second // 2 or 1, second - 1 or 1}:
            proof = merkle.consistency_proof(TREE.node, first, second)
            assert merkle.verify_consistency(first, second, TREE.root(first), TREE.root(second), proof)
        for index in {0, second // 2, second - 1}:
            proof = merkle.inclusion_proof(TREE.node, index, second)
            assert merkle.verify_inclusion(LEAVES[index], index, second, proof, TREE.root(second))

    def test_the_first_and_last_leaves_are_in_the_tree(self):
        for index in (0, 39):
            proof = merkle.inclusion_proof(TREE.node, index, 40)
            assert merkle.root_from_inclusion_proof(LEAVES[index], index, 40, proof) == TREE.root()


class TestWrongKinds:
    def test_hashes_that_are_not_32_bytes_are_never_a_proof(self):
        proof = merkle.inclusion_proof(TREE.node, 3, 8)
        as_text = [value.hex()[:32] for value in proof]  # 32 characters, not bytes
        assert not merkle.verify_inclusion(LEAVES[3], 3, 8, as_text, TREE.root(8))
        assert not merkle.verify_inclusion(LEAVES[3].hex()[:32], 3, 8, proof, TREE.root(8))
        assert not merkle.verify_inclusion(LEAVES[3], 3, 8, [*proof[:-1], proof[-1] + b"x"], TREE.root(8))
        assert merkle.root_from_inclusion_proof(LEAVES[3], 3, 8, [*proof[:-1], proof[-1][:-1]]) is None

    def test_consistency_with_roots_or_hashes_of_the_wrong_kind_is_false(self):
        proof = merkle.consistency_proof(TREE.node, 3, 8)
        root3, root8 = TREE.root(3), TREE.root(8)
        assert merkle.verify_consistency(3, 8, root3, root8, proof)
        assert not merkle.verify_consistency(3, 8, root3.hex()[:32], root8, proof)
        assert not merkle.verify_consistency(3, 8, root3, root8.hex()[:32], proof)
        assert not merkle.verify_consistency(3, 8, root3, root8, [value.hex()[:32] for value in proof])
        assert not merkle.verify_consistency(3, 8, root3, root8, [])
        assert not merkle.verify_consistency(4, 8, TREE.root(4), root8, [])

    def test_an_inclusion_proof_does_not_prove_another_root(self):
        proof = merkle.inclusion_proof(TREE.node, 5, 8)
        assert not merkle.verify_inclusion(LEAVES[5], 5, 8, proof, TREE.root(7))
        assert not merkle.verify_inclusion(LEAVES[5], 5, 8, proof, None)  # type: ignore[arg-type]


class TestCompactRange:
    @pytest.mark.parametrize("size", range(0, 41))
    def test_a_range_restarted_from_its_peaks_goes_on_like_the_original(self, size):
        peaks = [TREE.node(*node) for node in merkle.peak_ids(size)]
        restarted = merkle.CompactRange(size, peaks)
        assert restarted.size == size and restarted.root() == TREE.root(size)
        for count in range(size, min(size + 9, 40)):
            completed = restarted.append(LEAVES[count])
            assert restarted.size == count + 1 and restarted.root() == TREE.root(count + 1)
            assert completed == [
                (level, ((count + 1) >> level) - 1, TREE.node(level, ((count + 1) >> level) - 1))
                for level in range(1, (count + 1).bit_length())
                if (count + 1) % (1 << level) == 0
            ]

    def test_a_memory_tree_keeps_each_level_up_to_its_largest_perfect_subtree(self):
        assert [len(row) for row in TREE.levels] == [40, 20, 10, 5, 2, 1]
        assert [len(row) for row in merkle.MemoryTree(LEAVES[:1]).levels] == [1]
        assert merkle.MemoryTree().levels == [[]]
        assert TREE.node(5, 0) == TREE.root(32)

    def test_peaks_are_listed_left_to_right(self):
        assert merkle.peak_ids(0) == []
        assert merkle.peak_ids(1) == [(0, 0)]
        assert merkle.peak_ids(13) == [(3, 0), (2, 2), (0, 12)]
        assert merkle.peak_ids(40) == [(5, 0), (3, 4)]

    def test_nodes_needed_are_the_reads_of_a_proof(self):
        assert merkle.nodes_needed(lambda source: merkle.root(source, 13)) == {(3, 0), (2, 2), (0, 12)}
        assert merkle.nodes_needed(lambda source: merkle.consistency_proof(source, 3, 8)) == {
            (0, 2),
            (0, 3),
            (1, 0),
            (2, 1),
        }
