"""Documents that resemble the known shape but differ get exactly the answer the full path gives.

An undefined or misplaced property, another type, another context, a value of another JSON kind, a
relative IRI, a blank-node label: each leaves the fast path (which then answers nothing) and the
public entry point gives the full path's N-Quads or its strict refusal, code and culprit included.
Generated mutations of generated certificates check the same at every node of the document.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.credentials import fastcanon
from skillcert.credentials.canonical import CanonicalisationError, canonical_nquads, full_nquads
from skillcert.credentials.compose import compose_certificate_credential, compose_status_list_credential
from skillcert.credentials.fastcanon import fast_nquads
from skillcert.credentials.loader import (
    CREDENTIALS_V2,
    DATA_INTEGRITY_V2,
    DEFAULT_LOADER,
    OB_V3P0,
    LocalLoader,
    shipped_document,
)
from tests.credentials.test_fast_equality import FIXTURES_OK, PUBLIC_URLS, SCALE, certificate_facts
from tests.factories.credentials import make_facts


def outcome(canonicalise: Any, document: dict[str, Any]) -> tuple[str, ...]:
    """What a caller sees: the N-Quads, or the refusal's code and culprit."""
    try:
        return ("ok", canonicalise(document))
    except CanonicalisationError as exc:
        return ("refused", exc.code, exc.detail)


def credential() -> dict[str, Any]:
    return compose_certificate_credential(
        make_facts(job_type="手工电弧焊", issuer_on_behalf="四川省职业技能鉴定指导中心（代章）")
    )


def at(document: dict[str, Any], *path: Any) -> Any:
    for step in path:
        document = document[step]
    return document


XSD = "http://www.w3.org/2001/XMLSchema#"
SUBJECT = ("credentialSubject",)
ACHIEVEMENT = ("credentialSubject", "achievement")
NAME_ENTRY = ("credentialSubject", "identifier", 0)
STATUS = ("credentialStatus", 0)


def with_change(path: tuple[Any, ...], key: str, value: Any) -> dict[str, Any]:
    document = credential()
    at(document, *path)[key] = value
    return document


NEAR_MISSES = {
    # an extra property, undefined anywhere or defined only in another node's scope
    "undefined property": (with_change((), "unexpected", "x"), "undefined_term"),
    "undefined nested property": (with_change(ACHIEVEMENT, "grade", "A"), "undefined_term"),
    "property of another node's type": (with_change(ACHIEVEMENT, "licenseNumber", "S1"), "undefined_term"),
    "subject property at the top": (with_change((), "licenseNumber", "S1"), "undefined_term"),
    "status property in the subject": (with_change(SUBJECT, "statusPurpose", "revocation"), "undefined_term"),
    # other types
    "undefined type": (with_change(ACHIEVEMENT, "type", ["Achievment"]), "undefined_term"),
    "defined type the registry never emits": (
        with_change((), "type", ["VerifiableCredential", "AchievementCredential"]),
        None,
    ),
    "type dropped": (with_change(ACHIEVEMENT, "type", []), None),
    "type twice": (with_change(ACHIEVEMENT, "type", ["Achievement", "Achievement"]), None),
    # values of another JSON kind
    "number where a date is declared": (with_change((), "validFrom", 20260630), None),
    "text where a boolean is declared": (with_change(NAME_ENTRY, "hashed", "false"), None),
    "boolean where text is expected": (with_change(SUBJECT, "licenseNumber", True), None),
    "float": (with_change(SUBJECT, "licenseNumber", 1.5), None),
    "null": (with_change(ACHIEVEMENT, "humanCode", None), None),
    "array in an array": (with_change(ACHIEVEMENT, "alignment", [[{"targetName": "x"}]]), None),
    "empty object": (with_change(ACHIEVEMENT, "criteria", {}), None),
    "huge integer": (with_change(SUBJECT, "licenseNumber", 10**22), None),
    # term definitions the fast path leaves to pyld
    "list container": (
        with_change(("credentialSubject", "achievement", "resultDescription", 0), "allowedValue", ["a"]),
        None,
    ),
    "graph container": (
        with_change((), "proof", {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}),
        None,
    ),
    "JSON literal": (with_change((), "_sd", ["x"]), None),
    # IRIs
    "relative id": (with_change((), "id", "credentials/abc"), "undefined_term"),
    "fragment id": (with_change(ACHIEVEMENT, "id", "#level-4"), "undefined_term"),
    "relative IRI value": (with_change(STATUS, "statusListCredential", "../status/1"), "undefined_term"),
    "IRI with a space": (with_change(("issuer",), "id", "did:web:zs example.cn"), None),
    "IRI with a full-width space": (with_change(ACHIEVEMENT, "id", "https://zs.example.cn/a\u3000b"), "undefined_term"),
    "IRI in the relative sentinel": (
        with_change(ACHIEVEMENT, "id", "https://relative-iri.invalid/a"),
        "undefined_term",
    ),
    "IRI in the undefined sentinel": (
        with_change(ACHIEVEMENT, "id", "urn:skillcert:undefined-term:a"),
        "undefined_term",
    ),
    "blank node label": (with_change(ACHIEVEMENT, "id", "_:b0"), None),
    "id that is not text": (with_change(ACHIEVEMENT, "id", 7), "invalid_jsonld"),
    "keyword key": (with_change(ACHIEVEMENT, "@id", "https://zs.example.cn/a"), None),
    # contexts
    "inline context in a node": (with_change(ACHIEVEMENT, "@context", {"grade": "https://example.org/grade"}), None),
    "another shipped context": (with_change((), "@context", [CREDENTIALS_V2, OB_V3P0, DATA_INTEGRITY_V2]), None),
    "contexts in another order": (with_change((), "@context", [OB_V3P0, CREDENTIALS_V2]), None),
    "unknown context": (with_change((), "@context", [CREDENTIALS_V2, "https://evil.example/ctx"]), "unknown_context"),
}


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_a_near_miss_takes_the_full_path_and_gets_its_exact_answer(name):
    document, refusal = NEAR_MISSES[name]
    assert fast_nquads(document) is None
    answer = outcome(canonical_nquads, document)
    assert answer == outcome(full_nquads, document)
    if refusal is not None:
        assert answer[:2] == ("refused", refusal)


def test_the_strict_refusals_name_the_culprit_as_before():
    document, _code = NEAR_MISSES["undefined nested property"]
    with pytest.raises(CanonicalisationError) as caught:
        canonical_nquads(document)
    assert (caught.value.code, caught.value.detail) == ("undefined_term", "grade")


def test_a_number_where_the_context_declares_no_datatype_is_spelled_as_pyld_spells_it():
    """Not a near miss for JSON-LD: a whole number is an xsd:integer either way, and the answers agree."""
    document = with_change(STATUS, "statusListIndex", 1021)
    assert fast_nquads(document) is not None
    assert fast_nquads(document) == full_nquads(document)


def test_a_type_we_emit_in_another_place_is_still_json_ld_we_know_and_the_answers_agree():
    """The path follows the contexts, not a template: the issuer typed as an Achievement is read as pyld reads it."""
    document = with_change(("issuer",), "type", ["Achievement"])
    assert fast_nquads(document) is not None
    assert fast_nquads(document) == full_nquads(document)


def test_a_node_of_two_scoped_types_reads_the_terms_of_both():
    """Type-scoped contexts apply one after the other (sorted by name), as pyld applies them."""
    document = with_change(("issuer",), "type", ["Profile", "Achievement"])
    document["issuer"].update(achievementType="Certificate", email="office@example.cn")
    assert fast_nquads(document) is not None
    assert fast_nquads(document) == full_nquads(document)


SCHEMA = "https://schema.org/"
OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
CHANGED_DEFINITIONS = {  # (type whose scoped context changes, term, its new definition, the node that uses it)
    "a language on a term": (
        "Profile",
        "additionalName",
        {"@id": SCHEMA + "additionalName", "@language": "zh"},
        "issuer",
    ),
    "a direction on a term": (
        "Profile",
        "additionalName",
        {"@id": SCHEMA + "additionalName", "@direction": "ltr"},
        "issuer",
    ),
    "a default language": ("Profile", "@language", "zh-Hans", "issuer"),
    "a double datatype": (
        "Profile",
        "additionalName",
        {"@id": SCHEMA + "additionalName", "@type": XSD + "double"},
        "issuer",
    ),
    "a reverse property": ("Profile", "additionalName", {"@reverse": SCHEMA + "additionalName"}, "issuer"),
    "an index container": (
        "Profile",
        "additionalName",
        {"@id": SCHEMA + "additionalName", "@container": "@index"},
        "issuer",
    ),
}


@pytest.mark.parametrize("change", list(CHANGED_DEFINITIONS))
def test_term_definitions_the_fast_path_does_not_mirror_leave_the_document_to_pyld(change):
    """Were the shipped Open Badges context to define terms differently, the full path would answer."""
    scope, term, definition, node = CHANGED_DEFINITIONS[change]
    context = copy.deepcopy(shipped_document(OB_V3P0))
    context["@context"][scope]["@context"][term] = definition
    loader = LocalLoader({OB_V3P0: context})
    document = with_change((node,), "additionalName", "https://zs.example.cn/names/1" if "reverse" in change else "1.5")
    assert fast_nquads(document, LocalLoader()) is not None  # the same document with the shipped context: fast
    assert fast_nquads(document, loader) is None
    answer = outcome(lambda d: canonical_nquads(d, loader), document)
    assert answer == outcome(lambda d: full_nquads(d, loader), document)
    assert answer[0] == ("refused" if change == "a reverse property" else "ok")
    if change in ("a language on a term", "a default language", "a double datatype"):
        assert answer != outcome(full_nquads, document)  # and the changed definition changed the quads


def test_a_compact_iri_whose_prefix_a_context_defines_is_left_to_pyld():
    """``ex:thing`` is an absolute IRI as written, unless a context makes ``ex`` a prefix: pyld expands it then."""
    context = copy.deepcopy(shipped_document(OB_V3P0))
    context["@context"]["Profile"]["@context"]["ex"] = "https://example.org/"
    loader = LocalLoader({OB_V3P0: context})
    document = with_change(("issuer",), "id", "ex:registry")
    assert fast_nquads(document, LocalLoader()) is not None
    assert fast_nquads(document, loader) is None
    answer = canonical_nquads(document, loader)
    assert answer == full_nquads(document, loader) and "<https://example.org/registry>" in answer


def test_a_lone_reference_keeps_the_type_scoped_context_and_a_full_node_does_not():
    """pyld reverts a node's type-scoped terms for nested nodes, except for a bare ``{"id": …}`` reference."""
    context = copy.deepcopy(shipped_document(OB_V3P0))
    context["@context"]["Achievement"]["@context"]["ex"] = "https://example.org/"
    loader = LocalLoader({OB_V3P0: context})
    lone = with_change(ACHIEVEMENT, "alignment", [{"id": "ex:thing"}])
    assert fast_nquads(lone, loader) is None
    assert canonical_nquads(lone, loader) == full_nquads(lone, loader)
    assert "<https://example.org/thing>" in full_nquads(lone, loader)
    node = with_change(ACHIEVEMENT, "alignment", [{"id": "ex:thing", "type": ["Alignment"], "targetName": "x"}])
    assert fast_nquads(node, loader) is not None
    assert fast_nquads(node, loader) == full_nquads(node, loader)
    assert "<ex:thing>" in full_nquads(node, loader)


def test_identical_blank_nodes_need_the_n_degree_step_and_fall_back():
    document = credential()
    entry = at(document, *NAME_ENTRY)
    document["credentialSubject"]["identifier"] = [entry, dict(entry)]
    assert fast_nquads(document) is None
    assert canonical_nquads(document) == full_nquads(document)


def test_hostile_keys_and_types_do_not_grow_what_the_fast_path_remembers():
    contexts = fastcanon.contexts_for(DEFAULT_LOADER)
    fast_nquads(credential())
    before = sum(len(frame.terms) + len(frame.plans) + len(frame.typed) for frame in contexts.frames.values())
    frames = len(contexts.frames)
    for number in range(300):
        fast_nquads(with_change(ACHIEVEMENT, f"key{number}", "x"))
        fast_nquads(with_change(ACHIEVEMENT, "type", [f"Type{number}"]))
    after = sum(len(frame.terms) + len(frame.plans) + len(frame.typed) for frame in contexts.frames.values())
    assert (after, len(contexts.frames)) == (before, frames)


# --- generated mutations at every node --------------------------------------------------------------------------

MUTATIONS = [
    "undefined key",
    "key from elsewhere",
    "undefined type",
    "foreign type",
    "float",
    "null",
    "number",
    "relative IRI",
    "blank label",
    "inline context",
]


def nodes(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every JSON object in ``document``."""
    found = []
    if isinstance(document, dict):
        found.append(path)
        for key, value in document.items():
            found += nodes(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += nodes(value, (*path, index))
    return found


def mutate(document: dict[str, Any], path: tuple[Any, ...], mutation: str, key: str) -> None:
    node = at(document, *path)
    if mutation == "undefined key":
        node[f"x{key}"] = "x"
    elif mutation == "key from elsewhere":  # a term that exists, in a node whose context may not define it
        node[key] = "x"
    elif mutation == "undefined type":
        node["type"] = [*node.get("type", []), "Unknown"] if isinstance(node.get("type"), list) else "Unknown"
    elif mutation == "foreign type":
        node["type"] = ["EndorsementSubject"]
    elif mutation in ("float", "null", "number"):
        texts = [name for name, value in node.items() if isinstance(value, str) and not name.startswith("@")]
        if texts:
            node[texts[0]] = {"float": 2.5, "null": None, "number": 42}[mutation]
    elif mutation == "relative IRI":
        node["id"] = f"{key}/relative"
    elif mutation == "blank label":
        node["id"] = f"_:{key}"
    else:
        node["@context"] = {key: "https://example.org/term"}


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=FIXTURES_OK)
@given(
    data=st.data(),
    public_url=st.sampled_from(PUBLIC_URLS),
    mutation=st.sampled_from(MUTATIONS),
    key=st.sampled_from(
        ["licenseNumber", "narrative", "statusPurpose", "targetCode", "hashed", "level", "ttl", "allowedValue", "proof"]
    ),
)
def test_any_mutation_anywhere_gets_exactly_the_full_paths_answer(data, public_url, mutation, key):
    with override_settings(PUBLIC_URL=public_url):
        document = compose_certificate_credential(data.draw(certificate_facts(public_url)))
        if data.draw(st.booleans()):
            document = compose_status_list_credential(
                url=f"{public_url}/credentials/status/revocation/x", purpose="revocation",
                encoded_list="uH4sIAAAAAAAAA2NgGAWjYBSMglEwNAAAOpOxwgAQAAA", valid_from=make_facts().valid_from,
                ttl_ms=300_000,
            )  # fmt: skip
        mutated = copy.deepcopy(document)
        mutate(mutated, data.draw(st.sampled_from(nodes(mutated))), mutation, key)
        assert outcome(canonical_nquads, mutated) == outcome(full_nquads, mutated)
        fast = fast_nquads(mutated)
        assert fast is None or fast == full_nquads(mutated)


# --- what pyld would drop without a word is refused, not left unsigned ------------------------------------------


@pytest.mark.parametrize(
    ("change", "culprit"),
    [
        (lambda c: c["credentialSubject"]["identifier"].insert(0, {"id": "https://x\u3000y", **FORGED_NAME}), "y"),
        (lambda c: c["credentialSubject"]["identifier"].insert(0, {"id": "1https://x", **FORGED_NAME}), "1https"),
        (lambda c: c["credentialSubject"].update({"holder name": "李四"}), "holder name"),
        (lambda c: c["issuer"].update(type=["Profile", "Fake Profile"]), "Fake Profile"),
    ],
    ids=["id with a full-width space", "id with a bad scheme", "key with a space", "type with a space"],
)
def test_claims_pyld_would_silently_drop_make_a_signed_credential_fail(change, culprit):
    """Before, these verified: pyld left the node, key or type out of the signed data, and a verifier showed it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from skillcert.credentials.multikey import encode_public_key
    from skillcert.credentials.signing import sign_with, verify_proof

    private_key = Ed25519PrivateKey.generate()
    method = "did:web:zs.example.cn#key-1"
    signed = sign_with(
        credential(), private_key=private_key, verification_method=method, created=make_facts().valid_from
    )
    public = encode_public_key(private_key.public_key().public_bytes_raw())
    assert verify_proof(signed, resolve_key={method: public}.get).ok
    change(signed)
    check = verify_proof(signed, resolve_key={method: public}.get)
    assert (check.ok, check.code) == (False, "undefined_term") and culprit in check.message


FORGED_NAME = {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "李四"}
