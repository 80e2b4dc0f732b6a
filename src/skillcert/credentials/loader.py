"""The offline JSON-LD document loader: only the shipped contexts, nothing is ever fetched.

Government intranets have no internet access and a verifier must not depend on
a third party's server, so every context a credential may use is shipped in
``contexts/`` (sources in ``docs/data-sources.md``). Asking for anything else is
refused with :class:`UnknownDocument`, which names the URL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.jsonld import LRUCache

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
STATUS_LIST_V1 = "https://www.w3.org/ns/credentials/status/v1"

# URL → shipped file. The Bitstring Status List terms are also in the VCDM 2.0 context.
SHIPPED: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OB_V3P0: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    STATUS_LIST_V1: "bitstring-status-list-v1.jsonld",
}


class UnknownDocument(Exception):
    """A JSON-LD processor asked for a document that is not shipped; nothing was fetched."""

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD document {url!r} is not shipped with skillcert and is never fetched")
        self.url = url


@cache
def shipped_document(url: str) -> Any:
    """Return the parsed shipped document for ``url`` (read once per process, never modified)."""
    return json.loads((CONTEXT_DIR / SHIPPED[url]).read_text(encoding="utf-8"))


def _dict_ids(node: Any, found: dict[int, Any]) -> None:
    if isinstance(node, dict):
        found[id(node)] = node
        for value in node.values():
            _dict_ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _dict_ids(value, found)


class _Resolver(ContextResolver):
    """pyld's context resolver, remembering the scoped contexts of the shipped documents by identity.

    pyld keys every inline context (the type-scoped contexts of Open Badges and
    VCDM 2.0 are many) by its canonical JSON, which costs about half of a
    canonicalisation. The shipped documents are parsed once and never change, so
    their nested contexts are looked up by identity instead. Any other inline
    context (from a credential) goes through pyld unchanged.
    """

    def __init__(self, loader: LocalLoader) -> None:
        super().__init__(loader.cache, loader)
        self.known = loader.known_dicts
        self.resolved = loader.resolved_dicts

    def resolve(self, active_ctx: Any, context: Any, base: Any, cycles: Any = None) -> list[Any]:
        if not isinstance(context, dict) or id(context) not in self.known or self.known[id(context)] is not context:
            return list(super().resolve(active_ctx, context, base, cycles))
        hit = self.resolved.get(id(context))
        if hit is None:
            hit = self.resolved[id(context)] = list(super().resolve(active_ctx, context, base, cycles))
        return hit


class LocalLoader:
    """A pyld document loader over the shipped contexts plus optional extra documents.

    ``extra`` maps URLs to already-parsed documents (tests add the W3C examples
    context this way; it is not accepted in production credentials).
    """

    def __init__(self, extra: Mapping[str, Any] | None = None) -> None:
        self.extra = dict(extra or {})
        # Resolved contexts shared by every operation of this loader (pyld's own cache is global).
        self.cache = LRUCache(maxsize=256)
        self.known_dicts: dict[int, Any] = {}
        self.resolved_dicts: dict[int, list[Any]] = {}

    def context_resolver(self) -> ContextResolver:
        """A resolver for one pyld operation, sharing this loader's cache of resolved contexts."""
        return _Resolver(self)

    def knows(self, url: str) -> bool:
        """True when ``url`` is shipped or was given as an extra document."""
        return url in self.extra or url in SHIPPED

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]:
        if url in self.extra:
            document = self.extra[url]
        elif url in SHIPPED:
            document = shipped_document(url)
        else:
            raise UnknownDocument(url)
        _dict_ids(document, self.known_dicts)
        # "static": pyld may cache the processed context for later operations.
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
            "tag": "static",
        }


DEFAULT_LOADER = LocalLoader()
