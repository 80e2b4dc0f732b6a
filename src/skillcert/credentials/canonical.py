"""RDF Dataset Canonicalization (RDFC-1.0, the algorithm pyld calls URDNA2015) in strict mode.

pyld silently drops JSON properties whose names no context defines, and triples
whose IRIs are relative. Signed data that the signature does not cover must not
pass unnoticed, so canonicalisation here is strict, like the "safe mode" of other
implementations: the document is processed once with a sentinel ``@vocab`` put
in front of its contexts and a sentinel base IRI. For a well-formed document the
sentinels are never used and the output is exactly its canonical N-Quads; an
undefined term or a relative IRI shows up as a sentinel IRI and is refused.

Canonicalisation of hostile input can cost exponential time (a clique of blank
nodes), so a verifier may hand it elsewhere: inside :func:`delegated`, documents
that use the shipped contexts go to the given function (the verification app's
bounded worker process) instead of being processed here. Signing never delegates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pyld import jsonld

from skillcert.credentials.loader import DEFAULT_LOADER, LocalLoader, UnknownDocument

UNDEFINED_VOCAB = "urn:skillcert:undefined-term:"
RELATIVE_BASE = "https://relative-iri.invalid/"
_SENTINEL_RE = re.compile(r"<(?:urn:skillcert:undefined-term:|https://relative-iri\.invalid/)([^>]*)>")


class CanonicalisationError(Exception):
    """The document cannot be canonicalised safely; ``code`` says why, ``detail`` names the culprit."""

    def __init__(self, code: str, detail: str, message: str | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.message = message  # a reason already worded for people, when the raiser has one


Canonicaliser = Callable[[dict[str, Any]], str]
_DELEGATE: ContextVar[Canonicaliser | None] = ContextVar("skillcert_canonicaliser", default=None)


@contextmanager
def delegated(canonicalise: Canonicaliser) -> Iterator[None]:
    """Within this block, :func:`canonical_nquads` with the default loader calls ``canonicalise`` instead.

    ``canonicalise`` takes the document and returns its canonical N-Quads or raises
    :class:`CanonicalisationError`, like :func:`canonical_nquads` itself.
    """
    token = _DELEGATE.set(canonicalise)
    try:
        yield
    finally:
        _DELEGATE.reset(token)


def context_urls(document: dict[str, Any]) -> list[str]:
    """The context URLs a document names at its top level (inline context objects are skipped)."""
    context = document.get("@context")
    entries = context if isinstance(context, list) else [context]
    return [entry for entry in entries if isinstance(entry, str)]


def _unknown_document(error: BaseException | None) -> UnknownDocument | None:
    """Find the loader's refusal inside pyld's chain of wrapped errors."""
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, UnknownDocument):
            return error
        details = getattr(error, "details", None)
        nested = details.get("cause") if isinstance(details, dict) else None
        error = nested if isinstance(nested, BaseException) else (error.__cause__ or error.__context__)
        seen += 1
    return None


def canonical_nquads(document: dict[str, Any], loader: LocalLoader = DEFAULT_LOADER) -> str:
    """Return the canonical N-Quads of ``document``, refusing unknown contexts and undefined terms.

    Raises:
        CanonicalisationError: with code ``unknown_context``, ``undefined_term``,
            ``no_context`` or ``invalid_jsonld`` (and ``too_complex`` from a delegate).
    """
    delegate = _DELEGATE.get()
    if delegate is not None and loader is DEFAULT_LOADER:
        return delegate(document)
    return _canonical_nquads_here(document, loader)


def _canonical_nquads_here(document: dict[str, Any], loader: LocalLoader) -> str:
    """Canonicalise in this process (what :func:`canonical_nquads` does when nothing is delegated)."""
    if "@context" not in document:
        raise CanonicalisationError("no_context", "@context")
    for url in context_urls(document):
        if not loader.knows(url):
            raise CanonicalisationError("unknown_context", url)
    context = document["@context"]
    guarded = dict(document)
    guarded["@context"] = [{"@vocab": UNDEFINED_VOCAB}, *(context if isinstance(context, list) else [context])]
    options: dict[str, Any] = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
        "contextResolver": loader.context_resolver(),
        "base": RELATIVE_BASE,
    }
    try:
        nquads = jsonld.normalize(guarded, options)
    except jsonld.JsonLdError as exc:
        refused = _unknown_document(exc)
        if refused is not None:
            raise CanonicalisationError("unknown_context", refused.url) from exc
        raise CanonicalisationError("invalid_jsonld", str(getattr(exc, "type", "")) or str(exc)) from exc
    undefined = sorted(set(_SENTINEL_RE.findall(nquads)))
    if undefined:
        raise CanonicalisationError("undefined_term", ", ".join(undefined))
    return str(nquads)
