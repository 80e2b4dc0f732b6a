"""Fast RDFC-1.0 canonicalisation for documents of a known shape; everything else takes the full path.

Canonicalising one credential with pyld costs about 6 ms, three quarters of it
re-processing the VC 2.0 and Open Badges 3.0 contexts (their type-scoped contexts,
at every node). The registry signs and checks thousands of documents that all use
the same few contexts and types, so here each context is processed **once** (by
pyld itself, the first time it is needed) and kept; a document is then turned into
RDF quads by a short walk that only looks terms up, and labelled with RDFC-1.0.

What "known shape" means is data, not a template of one credential: the context
lists and node types the registry emits (:data:`KNOWN_CONTEXTS`, :data:`KNOWN_TYPES`)
and, within them, every term definition pyld computed from the shipped contexts,
as long as it uses only the JSON-LD features this walk implements (terms with an
absolute IRI, coercion to ``@id``, ``@vocab`` or a datatype, ``@set`` containers,
type- and property-scoped contexts; text, booleans and whole numbers where the
definition expects them). Anything else — an undefined or misplaced term, another
type or context, a relative or compact IRI, a blank node label, a language, a list,
a float, a null, an explicit keyword, two blank nodes that first-degree hashing
cannot tell apart — makes :func:`fast_nquads` return ``None`` and the caller takes
the complete strict pyld path, which gives the answer (or the refusal) it always gave.

The walk mirrors pyld's expansion step for step where contexts are concerned (when
a type-scoped context is reverted, when a property-scoped context applies, which
context expands a type), and its N-Quads spelling is pyld's. Equality with the full
path is proven byte for byte by property tests, and issuing re-checks a sample of
credentials against the full path (``services.issue_credentials``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from typing import Any

from pyld import jsonld

from skillcert.credentials.loader import CREDENTIALS_V2, DEFAULT_LOADER, OB_V3P0, LocalLoader

# The shape this path knows: the context lists and node types the registry emits (compose.py, signing.py).
# Within them, every key and value is read from pyld's own processing of the shipped contexts.
KNOWN_CONTEXTS = frozenset({(CREDENTIALS_V2, OB_V3P0), (CREDENTIALS_V2,)})
KNOWN_TYPES = frozenset(
    {
        "VerifiableCredential", "OpenBadgeCredential", "Profile", "AchievementSubject", "IdentityObject",
        "Achievement", "Alignment", "ResultDescription", "RubricCriterionLevel", "Result",
        "BitstringStatusListEntry", "BitstringStatusListCredential", "BitstringStatusList", "DataIntegrityProof",
    }
)  # fmt: skip
UNDEFINED_VOCAB = "urn:skillcert:undefined-term:"  # the strict path's sentinels (see canonical.py)
RELATIVE_BASE = "https://relative-iri.invalid/"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# Datatypes whose literals pyld rewrites or spells specially: values coerced to them take the full path.
SPECIAL_DATATYPES = frozenset({XSD + "double", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
# An absolute IRI that every step treats as an opaque string: a scheme, then no space, control or delimiter.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]*")
_LARGEST_INTEGER = 10**20  # pyld writes integers from 1e21 on as doubles
_SEEN_IRIS_LIMIT = 4096
MAX_CONTEXTS = 512  # contexts kept per loader, and plans and type sets per context; past it, the full path
_NEEDS_ESCAPE = re.compile(r'[\\\t\n\r"]')
_TERM_KEYS = frozenset({"@id", "reverse", "protected", "_prefix", "_term_has_colon", "@type", "@container", "@context"})


class UnknownShape(Exception):
    """The document leaves the shape this module handles; the full path must canonicalise it."""


@dataclass(frozen=True, slots=True)
class Term:
    """A key's meaning in one active context: ``kind`` is ``id``, ``type`` or ``property``.

    ``values`` is the JSON a property takes on the fast path, read from its definition:
    ``plain`` (no coercion: text, a whole number or a nested node), ``iri`` (coerced to
    ``@id`` or ``@vocab``: an IRI or a nested node), ``boolean`` and ``integer`` (coerced
    to those XSD datatypes: only that JSON kind), ``typed`` (any other datatype: text).
    """

    kind: str
    predicate: str  # ``<iri>`` for properties
    coerce: str | None  # None, "@id", "@vocab" or a datatype IRI
    scoped: Any  # the property-scoped context, or None
    values: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """How to emit a node with given keys and types: the context work for it, done once."""

    frame: Frame  # the context its keys are read in (after its types' scoped contexts)
    types: tuple[str, ...]  # ``<iri>`` of each type
    id_key: str | None
    properties: tuple[tuple[str, str, Frame, Term], ...]  # key, ``<predicate>``, value context, value term


_SEEN_IRIS: dict[str, bool] = {}  # the same few issuer, catalogue and status-list IRIs come back all the time


def _plain_iri(value: str) -> bool:
    """An absolute IRI that the strict path keeps as it is (and not one of its sentinels)."""
    known = _SEEN_IRIS.get(value)
    if known is None:
        known = (
            _IRI.fullmatch(value) is not None
            and not value.startswith(UNDEFINED_VOCAB)
            and not value.startswith(RELATIVE_BASE)
            and value.isprintable()
        )
        if len(_SEEN_IRIS) >= _SEEN_IRIS_LIMIT:
            _SEEN_IRIS.clear()
        _SEEN_IRIS[value] = known
    return known


def _term(active: dict[str, Any], key: str) -> Term | None:
    """Compile one term definition, or None when it uses a feature the walk leaves to pyld."""
    mapping = active["mappings"].get(key)
    if not mapping or key.startswith("@") or set(mapping) - _TERM_KEYS or mapping.get("reverse"):
        return None
    iri = mapping.get("@id")
    if iri in ("@id", "@type"):
        return Term("id" if iri == "@id" else "type", "", None, None)
    coerce = mapping.get("@type")
    plain = "@language" not in active and "@direction" not in active
    if (
        not isinstance(iri, str)
        or not _plain_iri(iri)
        or mapping.get("@container") not in (None, [], ["@set"])
        or not plain
        or not (coerce in (None, "@id", "@vocab") or (isinstance(coerce, str) and _plain_iri(coerce)))
        or coerce in SPECIAL_DATATYPES
    ):
        return None
    return Term("property", f"<{iri}>", coerce, mapping.get("@context"), _values(coerce))


def _values(coerce: str | None) -> str:
    """Which JSON values a property with this coercion takes on the fast path (see :class:`Term`)."""
    if coerce is None:
        return "plain"
    if coerce in ("@id", "@vocab"):
        return "iri"
    if coerce.endswith("/XMLSchema#boolean"):
        return "boolean"
    if coerce.endswith("/XMLSchema#integer"):
        return "integer"
    return "typed"


class Frame:
    """One active context as pyld computed it, and what the walk has learnt about it.

    Only what the shipped contexts define is remembered (terms, type combinations
    that resolved), so hostile keys and types cannot grow the memory of a server process.
    """

    def __init__(self, book: Contexts, ctx: dict[str, Any]) -> None:
        self.ctx = ctx
        self.book = book
        self.mappings: dict[str, Any] = ctx["mappings"]
        self.terms: dict[str, Term | None] = {}
        self.type_keys = frozenset(
            key for key, mapping in self.mappings.items() if mapping and mapping.get("@id") == "@type"
        )
        self.typed: dict[tuple[str, ...], tuple[Frame, tuple[str, ...]]] = {}
        self.plans: dict[tuple[Any, ...], Plan] = {}
        self.children: dict[tuple[int, bool, bool], tuple[Any, Frame]] = {}
        previous = ctx.get("previousContext")
        self.previous = book.frame(previous) if previous is not None else None

    def term(self, key: str) -> Term:
        """What ``key`` means here; raises :class:`UnknownShape` for anything the walk leaves to pyld."""
        if key in self.terms:
            found = self.terms[key]
        else:
            found = _term(self.ctx, key)
            if key in self.mappings:
                self.terms[key] = found
        if found is None:
            raise UnknownShape(key)
        return found

    def child(self, local: Any, *, propagate: bool = True, override: bool = False) -> Frame:
        """This context with ``local`` (a scoped context of a shipped document) processed on top, once."""
        key = (id(local), propagate, override)
        hit = self.children.get(key)
        if hit is not None and hit[0] is local:
            return hit[1]
        frame = self.book.frame(self.book.process(self.ctx, local, propagate=propagate, override=override))
        self.children[key] = (local, frame)  # keeps ``local`` alive, so its id stays its own
        return frame

    def with_types(self, names: tuple[str, ...]) -> tuple[Frame, tuple[str, ...]]:
        """The context for a node of these types (their scoped contexts in sorted order) and their ``<iri>``s."""
        hit = self.typed.get(names)
        if hit is not None:
            return hit
        frame = self
        iris = []
        for name in sorted(names):
            if name not in KNOWN_TYPES:
                raise UnknownShape(name)
            mapping = self.mappings.get(name)
            iri = mapping.get("@id") if isinstance(mapping, dict) else None
            if not isinstance(mapping, dict) or not isinstance(iri, str) or not _plain_iri(iri):
                raise UnknownShape(name)
            iris.append(f"<{iri}>")
            scoped = mapping.get("@context")
            if scoped is not None and scoped is not False:
                frame = frame.child(scoped, propagate=False)
        if len(self.typed) < MAX_CONTEXTS:
            self.typed[names] = (frame, tuple(iris))
        return frame, tuple(iris)

    def value_context(self, key: str, term: Term) -> tuple[Frame, Term]:
        """Where a property's values are read: here, or after its own scoped context (its definition there)."""
        if term.scoped is None:
            return self, term
        frame = self.child(term.scoped, override=True)
        inner = frame.term(key)
        if inner.kind != "property":
            raise UnknownShape(key)
        return frame, inner

    def plan(self, keys: tuple[str, ...], names: tuple[str, ...] | None, top: bool) -> Plan:
        """The plan for a node with ``keys`` (in this order) and type names ``names`` read in this context."""
        if names is not None and (not names or not all(isinstance(name, str) for name in names)):
            raise UnknownShape("type")
        frame, types = self.with_types(names) if names is not None else (self, ())
        id_key = None
        properties = []
        for key in keys:
            if top and key == "@context":
                continue
            term = frame.term(key)
            if key in self.type_keys or term.kind == "type":
                if key not in self.type_keys or term.kind != "type":
                    raise UnknownShape(key)  # @type in one of the two contexts only
            elif term.kind == "property":
                properties.append((key, term.predicate, *frame.value_context(key, term)))
            elif id_key is None:
                id_key = key
            else:
                raise UnknownShape("two ids")
        plan = Plan(frame, types, id_key, tuple(properties))
        if len(self.plans) < MAX_CONTEXTS:
            self.plans[(keys, names, top)] = plan
        return plan


class Contexts:
    """The active contexts of one loader, each processed by pyld once and then shared by every document."""

    def __init__(self, loader: LocalLoader) -> None:
        self.loader = loader
        self.processor = jsonld.JsonLdProcessor()
        self.options: dict[str, Any] = {
            "base": RELATIVE_BASE,
            "documentLoader": loader,
            "contextResolver": loader.context_resolver(),
            "processingMode": "json-ld-1.1",
            "extractAllScripts": True,
            "isFrame": False,
            "keepFreeFloatingNodes": False,
            "produceGeneralizedRdf": False,
        }
        self.frames: dict[int, Frame] = {}
        self.tops: dict[tuple[str, ...], Frame] = {}
        self.lock = threading.RLock()
        self.initial = self.frame(self.processor._get_initial_context(self.options))

    def frame(self, ctx: dict[str, Any]) -> Frame:
        """The frame of an active context pyld returned (one per context object)."""
        found = self.frames.get(id(ctx))
        if found is not None and found.ctx is ctx:
            return found
        with self.lock:
            if len(self.frames) >= MAX_CONTEXTS:
                raise UnknownShape("too many contexts")
            found = self.frames[id(ctx)] = Frame(self, ctx)  # the frame keeps ``ctx`` alive
        return found

    def process(self, active: dict[str, Any], local: Any, *, propagate: bool = True, override: bool = False) -> Any:
        """pyld's own context processing (the walk calls it once per pair of contexts)."""
        with self.lock:
            return self.processor._process_context(
                active, local, self.options, override_protected=override, propagate=propagate
            )

    def top(self, urls: tuple[Any, ...]) -> Frame:
        """The context after a document's own ``@context`` (shipped URLs only), built as the strict path builds it."""
        found = self.tops.get(urls)
        if found is not None:
            return found
        if urls not in KNOWN_CONTEXTS or not all(self.loader.knows(url) for url in urls):
            raise UnknownShape("context")
        found = self.initial.child([{"@vocab": UNDEFINED_VOCAB}, *urls])
        self.tops[urls] = found
        return found


def _escape(value: str) -> str:
    """pyld's N-Quads escaping of a literal, character for character."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r").replace('"', '\\"')
    )


class _Walk:
    """Turns one document into quads ``(subject, predicate, object)``, each already spelled as in N-Quads."""

    def __init__(self, contexts: Contexts) -> None:
        self.contexts = contexts
        self.quads: list[tuple[str, str, str]] = []
        self.blank = 0

    def document(self, document: dict[str, Any]) -> None:
        context = document.get("@context")
        frame = self.contexts.top(tuple(context) if isinstance(context, list) else (context,))
        self.node(frame, document, top=True)

    @staticmethod
    def iri(frame: Frame, value: Any, *, vocab: bool = False) -> str:
        """A value in an IRI position: a term (``vocab``) or an absolute IRI that nothing would rewrite."""
        if not isinstance(value, str):
            raise UnknownShape("iri")
        if vocab and value in frame.mappings:
            mapping = frame.mappings[value]
            value = mapping.get("@id") if mapping else None
            if not isinstance(value, str) or not _plain_iri(value):
                raise UnknownShape("iri")
            return f"<{value}>"
        prefix, _colon, suffix = value.partition(":")
        if not _plain_iri(value) or (not suffix.startswith("//") and prefix in frame.mappings):
            raise UnknownShape("iri")
        return f"<{value}>"

    def node(self, frame: Frame, element: dict[str, Any], *, top: bool = False) -> str:
        """Emit the quads of one node object (whose context ``frame`` was prepared) and return its subject.

        As in pyld: the key holding the types is found in the context before the types'
        scoped contexts apply, the types are expanded in it too, and their scoped contexts
        apply in the sorted order of the type names. (An unhashable type value fails the
        plan look-up with a TypeError, which :func:`fast_nquads` also reads as "unknown".)
        """
        keys = tuple(element)
        found = frame.type_keys.intersection(keys)
        names = None
        if found:
            if len(found) > 1:
                raise UnknownShape("two type keys")
            names = element[next(iter(found))]
            names = tuple(names) if isinstance(names, list) else (names,)
        plan = frame.plans.get((keys, names, top)) or frame.plan(keys, names, top)
        if plan.id_key is not None:
            subject = self.iri(plan.frame, element[plan.id_key])
        else:
            subject = f"_:b{self.blank}"
            self.blank += 1
        quads = self.quads
        for iri in plan.types:
            quads.append((subject, RDF_TYPE, iri))
        value = self.value
        for key, predicate, value_frame, value_term in plan.properties:
            item = element[key]
            if type(item) is str and value_term.values == "plain":  # the commonest case, inline
                quads.append((subject, predicate, f'"{_escape(item)}"'))
            elif isinstance(item, list):
                for one in item:
                    quads.append((subject, predicate, value(value_frame, value_term, one)))
            else:
                quads.append((subject, predicate, value(value_frame, value_term, item)))
        return subject

    def value(self, frame: Frame, term: Term, item: Any) -> str:
        """The object of one property value: a nested node, an IRI or a literal, spelled as pyld spells it.

        The JSON kinds a term takes follow its definition (see :class:`Term`); a value of
        another kind — a number where the context declares a date, text where it
        declares a boolean, a null, a float, an array in an array — is left to pyld.
        """
        values = term.values
        kind = type(item)
        if kind is str:
            return self.text(frame, term, item)
        if kind is dict and values in ("plain", "iri"):
            return self.nested(frame, term, item)
        if kind is bool and values == "boolean":
            return f'"{"true" if item else "false"}"^^<{term.coerce}>'
        if kind is int and values in ("plain", "integer") and -_LARGEST_INTEGER < item < _LARGEST_INTEGER:
            return f'"{item}"^^<{XSD_INTEGER if values == "plain" else term.coerce}>'
        raise UnknownShape("value")

    def text(self, frame: Frame, term: Term, item: str) -> str:
        """A string value: a plain or typed literal, or an IRI, as the term's definition says."""
        if term.values == "plain":
            return f'"{_escape(item)}"'
        if term.values == "iri":
            return self.iri(frame, item, vocab=term.coerce == "@vocab")
        if term.values != "typed":
            raise UnknownShape("value")
        if term.coerce == XSD_STRING:  # pyld leaves this datatype out
            return f'"{_escape(item)}"'
        return f'"{_escape(item)}"^^<{term.coerce}>'

    def nested(self, term_frame: Frame, term: Term, element: dict[str, Any]) -> str:
        """A node object as a property value, in the context pyld would give it.

        ``term_frame`` is the context the property was read in (after its own scoped
        context); type-scoped terms are reverted unless the object is a lone reference
        (``{"id": …}``), then the property's scoped context applies.
        """
        if not element:
            raise UnknownShape("empty object")
        frame = term_frame
        if term_frame.previous is not None:
            mapping = term_frame.mappings.get(next(iter(element)))
            lone_reference = len(element) == 1 and isinstance(mapping, dict) and mapping.get("@id") == "@id"
            if not lone_reference:
                frame = term_frame.previous
        if term.scoped is not None:
            frame = frame.child(term.scoped, override=True)
        return self.node(frame, element)


def _first_degree_hash(blank: str, quads: list[tuple[str, str, str]]) -> str:
    """RDFC-1.0 "hash first degree quads": this blank node as ``_:a``, every other one as ``_:z``."""
    lines = []
    for subject, predicate, obj in quads:
        s = "_:a" if subject == blank else "_:z" if subject[0] == "_" else subject
        o = "_:a" if obj == blank else "_:z" if obj[0] == "_" else obj
        lines.append(f"{s} {predicate} {o} .\n")
    lines.sort()
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def canonical_labels(quads: list[tuple[str, str, str]]) -> str:
    """RDFC-1.0 when first-degree hashes tell every blank node apart (the shape of a JSON tree of nodes).

    Blank nodes that share a hash need the n-degree step, whose cost can grow
    factorially with hostile input: that is left to the full path.
    """
    mentions: dict[str, list[tuple[str, str, str]]] = {}
    for quad in quads:
        subject, _predicate, obj = quad
        if subject[0] == "_":
            mentions.setdefault(subject, []).append(quad)
        if obj[0] == "_":
            mentions.setdefault(obj, []).append(quad)
    hashes = {_first_degree_hash(blank, mentioned): blank for blank, mentioned in mentions.items()}
    if len(hashes) != len(mentions):
        raise UnknownShape("blank nodes need the n-degree step")
    label = {blank: f"_:c14n{number}" for number, (_hash, blank) in enumerate(sorted(hashes.items()))}
    lines = [f"{label.get(s, s)} {p} {label.get(o, o)} .\n" for s, p, o in quads]
    lines.sort()
    return "".join(lines)


_CONTEXTS: dict[int, tuple[LocalLoader, Contexts]] = {}


def contexts_for(loader: LocalLoader) -> Contexts:
    """The processed contexts of ``loader`` (the default loader's are shared by the whole process)."""
    hit = _CONTEXTS.get(id(loader))
    if hit is None or hit[0] is not loader:
        hit = _CONTEXTS[id(loader)] = (loader, Contexts(loader))
    return hit[1]


def fast_nquads(document: Any, loader: LocalLoader = DEFAULT_LOADER) -> str | None:
    """The canonical N-Quads of a document of a known shape, or None: then only the full path may answer.

    Never raises: any doubt (including an error inside pyld's context processing)
    is None, so the full path gives its own answer or refusal.
    """
    if not isinstance(document, dict) or "@context" not in document:
        return None
    walk = _Walk(contexts_for(loader))
    try:
        walk.document(document)
        if len(set(walk.quads)) != len(walk.quads):
            return None  # the same statement twice: pyld's merging rules decide, not this walk
        return canonical_labels(walk.quads)
    except Exception:  # UnknownShape; or pyld refusing a context, a recursion limit, …: the full path reports it
        return None
