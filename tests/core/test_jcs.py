"""``core.jcs`` writes exactly what the ``rfc8785`` package writes, whichever path it takes, and refuses the same."""

from __future__ import annotations

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.core.jcs import jcs

SAFE = 2**53 - 1
# Every character class that matters: ASCII, control characters, CJK, the U+E000–U+FFFF block whose
# UTF-16 order differs from code-point order against supplementary characters, and those (emoji).
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from("\x00\x1f\x7f\u2028\u2029\ufeff张三ｚ€\ue000\U0001f600\U00010000"),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-SAFE - 5, SAFE + 5), TEXT)
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5), max_leaves=30
)


def reference(value):
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, rfc8785.IntegerDomainError):
        return None


@settings(max_examples=400, deadline=None)
@given(value=JSON)
def test_the_fast_path_and_rfc8785_give_the_same_bytes(value):
    expected = reference(value)
    if expected is None:
        with pytest.raises((TypeError, ValueError)):
            jcs(value)
    else:
        assert jcs(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        {"ｚ": 1, "\U0001f600": 2, "a": 3},  # UTF-16 order: the emoji (D83D) before ｚ (FF5A)
        {"line": "a\tb\x01\x1f\x7f\u2028", "quote": 'say "hi" \\ now'},
        {"n": [SAFE, -SAFE, 0, True, False, None]},
        {"张三": {"€": ["\U00010000"]}},
    ],
)
def test_known_traps(value):
    assert jcs(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("value", [{"x": 1.5}, [1, [2.0]], {"x": (1, 0.5)}, {"lone": "\ud800"}, {"big": SAFE + 1}])
def test_what_has_no_canonical_form_is_refused(value):
    with pytest.raises((TypeError, ValueError)):
        jcs(value)
