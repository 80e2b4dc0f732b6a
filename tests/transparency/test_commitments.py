"""Salted fact commitments and their RFC 8785 (JCS) canonical JSON."""

from __future__ import annotations

import hashlib

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.transparency.commitments import commit, fact_digest, facts_digest, jcs
from tests.core.test_jcs import TEXT as JCS_TEXT


def test_jcs_sorts_keys_by_utf16_code_units_as_rfc_8785_shows():
    # RFC 8785 §3.2.3: the emoji (a surrogate pair, 0xD83D…) sorts before U+FB33, unlike code-point order.
    data = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "\u00f6": 7}
    assert jcs(data) == '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\U0001f600":5,"\ufb33":3}'.encode()


def test_jcs_escapes_strings_like_json_stringify_and_adds_no_whitespace():
    assert jcs({"b": [True, None, -12], "a": 'x"\\\n\x01/张㛃𠮷'}) == (
        '{"a":"x\\"\\\\\\n\\u0001/张㛃𠮷","b":[true,null,-12]}'.encode()
    )


@pytest.mark.parametrize("value", [1.5, {1: "x"}, 2**53, b"bytes"])
def test_jcs_refuses_what_it_cannot_write_exactly(value):
    with pytest.raises((TypeError, ValueError)):
        jcs(value)


def test_a_commitment_hides_the_facts_and_names_what_changed():
    facts = {"holder_name": "张三", "level": 4, "issuer_name": "四川省焊接技能评价中心"}
    first, second = commit(facts), commit(facts)
    assert first.salt != second.salt and first.digest != second.digest  # nothing to compare across entries
    assert first.digest == facts_digest(first.fact_digests)
    assert first.fact_digests["holder_name"] == fact_digest(first.salt, "holder_name", "张三")
    assert hashlib.sha256("张三".encode()).hexdigest() not in (first.digest, *first.fact_digests.values())
    assert first.differing(facts) == []
    assert first.differing({**facts, "holder_name": "李四", "level": 1}) == ["holder_name", "level"]
    assert first.differing({"level": 4}, ["level", "issuer_name"]) == ["issuer_name"]


# Facts as issuing writes them and as a hostile or odd value might look: every character class JCS treats apart
# (the JCS tests' strings), and a lone surrogate, which JCS refuses.
FACT_TEXT = st.one_of(JCS_TEXT, JCS_TEXT.map(lambda text: text + "\ud800"))
FACT_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-(2**53) - 3, 2**53 + 3), FACT_TEXT)


@settings(max_examples=500, deadline=None)
@given(salt=FACT_TEXT, name=FACT_TEXT, value=FACT_VALUES)
def test_a_fact_digest_is_the_sha256_of_the_rfc8785_bytes_whatever_the_value(salt, name, value):
    """The digest is written without the general canonicaliser; it must still be JCS byte for byte (or refuse)."""
    try:
        expected = hashlib.sha256(rfc8785.dumps({"fact": name, "salt": salt, "value": value})).hexdigest()
    except (rfc8785.CanonicalizationError, rfc8785.IntegerDomainError):
        with pytest.raises((TypeError, ValueError)):
            fact_digest(salt, name, value)
        return
    assert fact_digest(salt, name, value) == expected
