"""RDF Dataset Canonicalization (RDFC-1.0, the algorithm pyld calls URDNA2015) in strict mode.

pyld silently drops JSON properties whose names no context defines, and triples
whose IRIs are relative. Signed data that the signature does not cover must not
pass unnoticed, so canonicalisation here is strict, like the "safe mode" of other
implementations: the document is processed once with a sentinel ``@vocab`` put
in front of its contexts and a sentinel base IRI. For a well-formed document the
sentinels are never used and the output is exactly its canonical N-Quads; an
undefined term or a relative IRI shows up as a sentinel IRI and is refused. What
pyld would still drop without a sentinel showing — a key or an id it cannot make
an absolute IRI of, such as one with a space — is refused too.

Documents of the shape this registry emits take a fast path (:mod:`.fastcanon`)
that processes the contexts once and gives exactly the same N-Quads; the full
path here is the reference it is checked against.

Canonicalisation of hostile input can cost exponential time (a clique of blank
nodes), so a verifier may hand it elsewhere: inside :func:`delegated`, documents
that use the shipped contexts and do not take the fast path (which is linear and
never runs RDFC-1.0's n-degree step) go to the given function (the verification
app's bounded worker process) instead of being processed here. Signing never delegates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pyld import jsonld

from skillcert.credentials.fastcanon import RELATIVE_BASE, UNDEFINED_VOCAB, fast_nquads
from skillcert.credentials.loader import DEFAULT_LOADER, LocalLoader, UnknownDocument

_SENTINEL_RE = re.compile(r"<(?:urn:skillcert:undefined-term:|https://relative-iri\.invalid/)([^>]*)>")
# pyld's own test of what it keeps in RDF (its ``_is_absolute_iri``): anything else is left out without a word.
_KEPT_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")


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

    Documents of the known shape still take the fast path in this process first.

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


def _refuse_dropped_key(expanded: Any) -> None:
    """pyld is leaving a key out (it expands to no absolute IRI, e.g. it holds a space): refuse it as undefined."""
    detail = str(expanded).removeprefix(UNDEFINED_VOCAB) if expanded else "@…"
    raise CanonicalisationError("undefined_term", detail[:200])


def _dropped_iri(expanded: Any) -> str | None:
    """The first node id or type that pyld would leave out of the RDF, or None.

    An id such as ``https://x y`` (a space after ``//``) is neither refused as relative
    nor kept: pyld drops every statement about that node, so claims under it would
    ride along unsigned. The strict path refuses it instead.
    """
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict) and "@value" not in item:
            identifier, types = item.get("@id"), item.get("@type")
            named = [identifier] if isinstance(identifier, str) else []
            for iri in named + (types if isinstance(types, list) else []):
                if isinstance(iri, str) and not _KEPT_IRI.match(iri):
                    return iri.removeprefix(UNDEFINED_VOCAB).removeprefix(RELATIVE_BASE)[:200]
            stack.extend(value for key, value in item.items() if key not in ("@id", "@type"))
    return None


def canonical_nquads(document: dict[str, Any], loader: LocalLoader = DEFAULT_LOADER) -> str:
    """Return the canonical N-Quads of ``document``, refusing unknown contexts and undefined terms.

    A document of a known shape (this registry's credentials, status lists and proof
    configurations, and anything built the same way) takes the fast path
    (:mod:`.fastcanon`), which gives exactly the full path's answer; anything else the
    full path below, or the delegate when one is set.

    Raises:
        CanonicalisationError: with code ``unknown_context``, ``undefined_term``,
            ``no_context`` or ``invalid_jsonld`` (and ``too_complex`` from a delegate).
    """
    fast = fast_nquads(document, loader)
    if fast is not None:
        return fast
    delegate = _DELEGATE.get()
    if delegate is not None and loader is DEFAULT_LOADER:
        return delegate(document)
    return full_nquads(document, loader)


def agrees_with_full_path(document: dict[str, Any], loader: LocalLoader = DEFAULT_LOADER) -> bool:
    """False when the fast path answers ``document`` differently from the full path (issuing re-checks with it).

    A document the fast path leaves alone agrees by definition; one it answers while
    the full path refuses (or fails) does not.
    """
    fast = fast_nquads(document, loader)
    if fast is None:
        return True
    try:
        return fast == full_nquads(document, loader)
    except Exception:  # the full path refused what the fast path accepted: that is a divergence too
        return False


def full_nquads(document: dict[str, Any], loader: LocalLoader = DEFAULT_LOADER) -> str:
    """Canonicalise with the complete strict pyld path in this process, never the fast path nor a delegate.

    The reference every other path must agree with; issuing re-checks a sample with it.
    """
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
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped_key)
    try:
        expanded = processor.expand(guarded, options)
        dropped = _dropped_iri(expanded)
        if dropped is not None:
            raise CanonicalisationError("undefined_term", dropped)
        nquads = processor.normalize(expanded, options)  # the expanded form has the same canonical N-Quads
    except jsonld.JsonLdError as exc:
        refused = _unknown_document(exc)
        if refused is not None:
            raise CanonicalisationError("unknown_context", refused.url) from exc
        raise CanonicalisationError("invalid_jsonld", str(getattr(exc, "type", "")) or str(exc)) from exc
    undefined = sorted(set(_SENTINEL_RE.findall(nquads)))
    if undefined:
        raise CanonicalisationError("undefined_term", ", ".join(undefined))
    return str(nquads)
