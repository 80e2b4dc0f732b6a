"""The pre-check: one cheap walk over the parsed JSON that refuses shapes no credential has, before any JSON-LD work.

RDF canonicalisation can take exponential time on a small document: a clique of
eight blank nodes that all name each other (6 KB) keeps a processor busy for
minutes. Before anything is canonicalised, the verifier measures the input and
refuses what lies far outside what this registry issues. The figures below were
measured on a credential and a bundle of this registry (``test_budget.py`` keeps the
headroom); each limit leaves several times that room for other issuers' credentials.

============================  ==========  ======  =====
measure                       credential  bundle  limit
============================  ==========  ======  =====
nesting depth                 9           10      32
longest array                 5           5       256
JSON values in all            130         210     10,000
objects without an IRI id     8           15      64
blank node labels (``_:``)    0           0       16
============================  ==========  ======  =====

Depth, array length and values are measured over the whole input (a bundle with its
DID document, status lists and log proofs); blank nodes and labels over each JSON-LD
document that would be canonicalised (the credential, each status list). Passing the
pre-check does not make a document cheap: the bounded worker (:mod:`.bounded`) still
limits the time and memory canonicalisation may take.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from skillcert.verification import messages
from skillcert.verification.report import Check, unknown


@dataclass(frozen=True)
class Limits:
    """The largest shape the verifier processes (figures in the module docstring)."""

    depth: int = 32
    array: int = 256
    values: int = 10_000
    blank_nodes: int = 64
    blank_labels: int = 16


LIMITS = Limits()

WHAT: dict[str, Promise] = {
    "depth": _("nesting depth"),
    "array": _("array length"),
    "values": _("number of values"),
    "blank_nodes": _("objects without an id (blank nodes)"),
    "blank_labels": _("blank node labels (_:)"),
}


@dataclass(frozen=True)
class Shape:
    """What one walk measured (stopped early once the values are over the limit)."""

    depth: int = 0
    values: int = 0
    longest_array: int = 0
    blank_nodes: int = 0
    blank_labels: int = 0


def _is_blank(node: dict[str, Any]) -> bool:
    """An object that is a blank node in RDF: no ``id``/``@id`` IRI, or a ``_:`` label (counted conservatively)."""
    identifier = node.get("id", node.get("@id"))
    return not isinstance(identifier, str) or identifier.startswith("_:")


def measure(document: Any, stop_after: int | None = None) -> Shape:
    """Walk ``document`` without recursion; stop once more than ``stop_after`` values were seen."""
    depth = values = longest = blank = labels = 0
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack and (stop_after is None or values <= stop_after):
        node, level = stack.pop()
        values += 1
        depth = max(depth, level)
        if isinstance(node, dict):
            blank += _is_blank(node)
            stack.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            longest = max(longest, len(node))
            stack.extend((child, level + 1) for child in node)
        elif isinstance(node, str) and node.startswith("_:"):
            labels += 1
    return Shape(depth, values, longest, blank, labels)


def excess(document: Any, *, graph: bool, limits: Limits | None = None) -> tuple[str, int, int] | None:
    """``(measure, count, limit)`` of the first limit ``document`` is over, or None.

    ``graph``: also count blank nodes and labels (for a document that would be canonicalised).
    """
    limits = limits or LIMITS
    shape = measure(document, stop_after=limits.values)
    found = [("depth", shape.depth, limits.depth), ("array", shape.longest_array, limits.array)]
    found.append(("values", shape.values, limits.values))
    if graph:
        found += [
            ("blank_nodes", shape.blank_nodes, limits.blank_nodes),
            ("blank_labels", shape.blank_labels, limits.blank_labels),
        ]
    return next(((name, count, limit) for name, count, limit in found if count > limit), None)


def too_complex(name: str, over: tuple[str, int, int]) -> Check:
    """The ``name`` check as unknown: the document was not processed because it is over a limit."""
    what, count, limit = over
    shown = f"{limit}+" if what == "values" else str(count)  # the walk stops counting values at the limit
    return unknown(name, "too_complex", messages.TOO_COMPLEX, what=WHAT[what], count=shown, limit=limit)


def precheck(document: Any, credential: Any) -> Check | None:
    """The pre-check of one input (a credential, or a bundle and its credential); None when within every limit."""
    limits = LIMITS
    over = excess(document, graph=document is credential, limits=limits)
    if over is None and document is not credential:
        over = excess(credential, graph=True, limits=limits)
    return too_complex("well_formed", over) if over is not None else None


def status_list_precheck(status_list: Any) -> Check | None:
    """The pre-check of a status list credential from somewhere other than this registry's database."""
    over = excess(status_list, graph=True)
    return too_complex("status", over) if over is not None else None
