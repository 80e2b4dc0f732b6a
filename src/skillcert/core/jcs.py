"""RFC 8785 (JSON Canonicalization Scheme): the one byte form of a JSON value that every digest is taken over.

Every SHA-256 the registry publishes over JSON — a credential's ``credential_sha256``,
the log's facts commitments, the leaf data of format 2 — is of these bytes, so an
auditor with any JCS implementation (Python's ``rfc8785``, npm's ``canonicalize`` …)
recomputes it without our code: keys sorted
by their UTF-16 code units, strings escaped as ECMAScript's ``JSON.stringify``
escapes them, no whitespace, UTF-8.

Written by the ``rfc8785`` package. Floats are refused: nothing the registry
digests holds one, and a float's canonical form is where implementations disagree
most. In ``core`` because the credentials app (which imports nothing but core)
serves credentials as exactly these bytes.

Speed: auditing a million certificates canonicalises a million credentials. For the
values the registry writes — keys below U+D800, integers within ±(2^53 − 1), no
floats, no lone surrogates — JCS is byte for byte what the C-accelerated
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` writes:
code-point and UTF-16 order agree for such keys, and both escape ``"``, ``\\`` and
the control characters alike (``\\b \\f \\n \\r \\t``, otherwise ``\\u00xx``).
Anything else goes through ``rfc8785``; a property test holds the two to the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785


def jcs(value: Any) -> bytes:
    """The RFC 8785 canonical form of ``value``; floats are refused.

    Raises:
        TypeError: a float, or a value JSON does not have.
        ValueError: an integer outside ±(2^53 − 1) or a string that is not valid Unicode.
    """
    if _plain(value):
        try:
            return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 says why below
            pass
    try:
        return rfc8785.dumps(value)
    except rfc8785.IntegerDomainError as exc:
        raise ValueError(str(exc)) from exc
    except rfc8785.CanonicalizationError as exc:
        raise TypeError(str(exc)) from exc


def jcs_sha256(value: Any) -> str:
    """Lower-case hex SHA-256 of :func:`jcs` (same exceptions)."""
    return hashlib.sha256(jcs(value)).hexdigest()


MAX_SAFE_INTEGER = 2**53 - 1
FIRST_SURROGATE = "\ud800"


def _plain(value: Any) -> bool:
    """Whether ``json.dumps`` writes ``value``'s JCS bytes (see the module); floats anywhere are refused.

    One pass over the value without recursion (credentials are walked a million times in an audit).

    Raises:
        TypeError: ``value`` holds a float.
    """
    plain = True
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict:
            stack.extend(item.values())
            plain = plain and all(type(key) is str and max(key, default="") < FIRST_SURROGATE for key in item)
        elif kind is list:
            stack.extend(item)
        elif kind is int:
            plain = plain and -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER
        elif isinstance(item, float):
            raise TypeError("float values are not canonicalised")
        else:  # tuples, subclasses, anything else: rfc8785 decides; floats inside are still refused
            _refuse_nested_floats(item)
            plain = False
    return plain


def _refuse_nested_floats(value: Any) -> None:
    if isinstance(value, list | tuple):
        for item in value:
            _plain(item)
    elif isinstance(value, dict):
        _plain(list(value.values()))
