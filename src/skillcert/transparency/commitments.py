"""Salted commitments: a leaf binds the facts the public sees without showing them or letting anyone guess them.

A certificate's public facts (holder name, level, issuer, occupation, status …)
must never be in the log, and a bare hash of them would not keep them out: anyone
could hash a guessed name with the few possible levels and issuers and compare.
So a leaf carries only ``facts_sha256``, and the registry keeps the private half
of the commitment (:class:`~skillcert.transparency.models.LeafCommitment`): a
fresh 256-bit salt per leaf and one digest per fact::

    fact digest   = SHA-256(JCS({"fact": <name>, "salt": <salt hex>, "value": <value>}))
    facts_sha256  = SHA-256(JCS({"facts": {<name>: <fact digest hex>, …}, "v": 1}))

Without the salt a published ``facts_sha256`` tests nothing. With the private
half, ``skillcert log audit --database`` first proves that the stored fact
digests are the ones the leaf committed to, then recomputes each fact digest from
the registry's current row and names every fact that no longer matches, without
ever printing a value. A holder given one salt and the fact digests could prove a
single fact to a third party while revealing no other.

JCS is RFC 8785 (JSON Canonicalization Scheme), :func:`skillcert.core.jcs.jcs`
(re-exported here): keys sorted by their UTF-16 code units, strings escaped as
ECMAScript's ``JSON.stringify`` escapes them, no whitespace, UTF-8. Floats are
refused: no fact is a float.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from skillcert.core.jcs import MAX_SAFE_INTEGER, jcs

__all__ = ["COMMITMENT_VERSION", "Commitment", "commit", "fact_digest", "facts_digest", "jcs", "new_salt"]

COMMITMENT_VERSION = 1
SALT_BYTES = 32

FactValue = str | int | None


def new_salt() -> str:
    """32 random bytes, hex: the secret half of one leaf's commitment."""
    return secrets.token_hex(SALT_BYTES)


def fact_digest(salt: str, name: str, value: FactValue) -> str:
    return hashlib.sha256(_fact_bytes(salt, name, value)).hexdigest()


def _fact_bytes(salt: str, name: str, value: FactValue) -> bytes:
    """``jcs({"fact": name, "salt": salt, "value": value})``, written directly for the values facts have.

    Issuing commits to 17 facts per certificate, so this runs 17 times per row of a results file. The keys
    are already in JCS order; a string is escaped by ``json.dumps(ensure_ascii=False)`` exactly as JCS
    escapes it (see :mod:`skillcert.core.jcs`) unless it holds a lone surrogate, which fails to encode and
    takes the general path, as does anything but a string, a safe integer or ``None``. A property test
    holds this to ``jcs`` of the same object.
    """
    kind = type(value)
    if (
        type(name) is str
        and type(salt) is str
        and (
            kind is str or value is None or (kind is int and -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER)  # type: ignore[operator]
        )
    ):
        text = f'{{"fact":{_string(name)},"salt":{_string(salt)},"value":{_scalar(value)}}}'
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 decides
            pass
    return jcs({"fact": name, "salt": salt, "value": value})


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: FactValue) -> str:
    return "null" if value is None else _string(value) if type(value) is str else str(value)


def facts_digest(fact_digests: Mapping[str, str]) -> str:
    """The public ``facts_sha256`` of a set of fact digests."""
    return hashlib.sha256(jcs({"facts": dict(fact_digests), "v": COMMITMENT_VERSION})).hexdigest()


@dataclass(frozen=True)
class Commitment:
    """The private half of a leaf's ``facts_sha256``: the salt and each fact's digest (no fact values)."""

    salt: str
    fact_digests: Mapping[str, str]

    @property
    def digest(self) -> str:
        return facts_digest(self.fact_digests)

    def differing(self, facts: Mapping[str, FactValue], names: Iterable[str] | None = None) -> list[str]:
        """The names (of ``names``, default all committed) whose current value is not the committed one."""
        wanted = list(self.fact_digests) if names is None else list(names)
        return [
            name
            for name in wanted
            if name not in facts or self.fact_digests.get(name) != fact_digest(self.salt, name, facts[name])
        ]


def commit(facts: Mapping[str, FactValue]) -> Commitment:
    """A fresh commitment to ``facts`` (name → value); its ``digest`` goes into the leaf's payload."""
    salt = new_salt()
    return Commitment(salt, {name: fact_digest(salt, name, value) for name, value in facts.items()})
