"""Public ids and address keys: the documented length and alphabet, every character equally likely."""

from __future__ import annotations

from collections import Counter

import pytest

from skillcert.core.ids import ADDRESS_KEY_LENGTH, ALPHABET, PUBLIC_ID_LENGTH, new_address_key, new_public_id


@pytest.mark.parametrize("length", [1, 7, 8, 12, PUBLIC_ID_LENGTH, ADDRESS_KEY_LENGTH])
def test_an_id_has_its_length_and_only_unambiguous_characters(length):
    ids = [new_public_id(length) for _ in range(200)]
    assert {len(i) for i in ids} == {length}
    assert set("".join(ids)) <= set(ALPHABET) and not set("ilou") & set("".join(ids))


def test_every_character_of_the_alphabet_turns_up_about_equally_at_every_position():
    """32 letters, 20 positions, 6,400 ids: each letter expected 200 times per position; a letter the
    encoding never produced, or produced twice as often, would be far outside 120–290 (≈ 5.7 σ)."""
    ids = [new_public_id() for _ in range(6400)]
    for position in range(PUBLIC_ID_LENGTH):
        counts = Counter(i[position] for i in ids)
        assert set(counts) == set(ALPHABET)
        assert min(counts.values()) >= 120 and max(counts.values()) <= 290


def test_address_keys_are_160_bits_and_never_repeat():
    keys = {new_address_key() for _ in range(5000)}
    assert len(keys) == 5000 and {len(k) for k in keys} == {ADDRESS_KEY_LENGTH}
