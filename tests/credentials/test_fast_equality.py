"""The fast canonicalisation path gives the full pyld path's N-Quads byte for byte, on everything the registry emits.

Generated certificates of every type and level (rare CJK beyond the BMP, combining and control
characters, every character N-Quads escapes), competitions, legacy imports, revoked and reissued
ones, their status-list credentials and proof configurations, under several public addresses: each
document must take the fast path (our own documents never fall back) and give exactly the full
path's answer. The published vectors go through both paths too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.credentials.canonical import canonical_nquads, full_nquads
from skillcert.credentials.compose import (
    CertificateFacts,
    compose_certificate_credential,
    compose_status_list_credential,
)
from skillcert.credentials.did import issuer_did
from skillcert.credentials.fastcanon import fast_nquads
from skillcert.credentials.loader import CREDENTIALS_V2, OB_V3P0
from skillcert.credentials.signing import proof_options
from skillcert.credentials.statuslist import encode
from tests.credentials.test_vectors import OB, W3C, W3C_LOADER
from tests.factories.credentials import make_facts, vector_json, vector_text

# `make test` (profile "ci") runs a few hundred examples per test; `make fuzz` ten times as many, at random.
SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else 1
FIXTURES_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

PUBLIC_URLS = ["http://127.0.0.1:8000", "https://zs.example.cn", "https://rlsbt.sc.gov.cn/skills", "http://[::1]:8443"]
# Every character N-Quads escapes, characters IRIs forbid, invisible and full-width spaces, a BOM.
SPECIAL = "\t\n\r\"\\<>{}|^`'&%#?/:;@ \u00a0\u3000\u200b\u200d\ufeff\u2028\x00\x1f\x7f"
text_chars = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # common CJK
    st.characters(min_codepoint=0x20000, max_codepoint=0x3134F),  # CJK extensions B–H: surrogate pairs in UTF-16
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.characters(codec="utf-8"),  # anything a UTF-8 credential can hold
)
texts = st.text(text_chars, min_size=1, max_size=24)
maybe_texts = st.one_of(st.just(""), texts)
codes = st.one_of(
    st.from_regex(r"[1-8]-\d{2}-\d{2}-\d{2}", fullmatch=True),  # 大典 codes
    st.from_regex(r"S\d{4}[A-Z]\d{3}", fullmatch=True),  # 专项职业能力 project codes
    texts,  # legacy imports keep whatever the old system had
)
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2099, 12, 31), timezones=st.just(dt.UTC)
)
url_tokens = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789_-"), min_size=8, max_size=40)


@st.composite
def status_entries(draw: Any, public_url: str) -> tuple[tuple[str, str, int], ...]:
    purposes = draw(st.lists(st.sampled_from(["revocation", "suspension"]), unique=True, max_size=2))
    return tuple(
        (purpose, f"{public_url}/credentials/status/{purpose}/{draw(url_tokens)}", draw(st.integers(0, 131_071)))
        for purpose in purposes
    )


@st.composite
def certificate_facts(draw: Any, public_url: str) -> CertificateFacts:
    """A certificate as the certificates app records it, in one of the ways certificates come to exist."""
    kind = draw(st.sampled_from(["qualification", "skill_level", "special_ability"]))
    scenario = draw(st.sampled_from(["issued", "competition", "legacy", "revoked", "reissued"]))
    issued_on = draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
    facts = make_facts(
        credential_id=f"{public_url}/credentials/{draw(url_tokens)}",
        certificate_type=kind,
        certificate_number=draw(st.one_of(st.from_regex(r"S\d{22}", fullmatch=True), texts)),
        holder_name=draw(texts),
        holder_romanised_name=draw(maybe_texts),
        occupation_code=draw(codes) if kind != "special_ability" else "",
        occupation_name=draw(texts) if kind != "special_ability" else "",
        job_type=draw(maybe_texts),
        level=draw(st.one_of(st.none(), st.integers(1, 5))) if kind != "special_ability" else None,
        project_code=draw(codes) if kind == "special_ability" else "",
        project_name=draw(texts) if kind == "special_ability" else "",
        issuer_name=draw(texts),
        issuer_on_behalf=draw(maybe_texts),
        issued_on=issued_on,
        valid_from=dt.datetime.combine(issued_on, dt.time(0, 0), tzinfo=dt.UTC),
        status_entries=draw(status_entries(public_url)),
        issuer_url=draw(st.one_of(st.just(""), url_tokens.map(lambda t: f"{public_url}/institutions/{t}/"))),
    )
    if scenario == "competition":
        facts = dataclasses.replace(
            facts, issuer_name=f"第{draw(st.integers(1, 99))}届四川省职业技能大赛组委会", issuer_on_behalf=draw(texts)
        )
    elif scenario == "legacy":  # imported from the old system: old dates, often no romanised name or status lists
        facts = dataclasses.replace(facts, holder_romanised_name="", status_entries=(), valid_from=draw(moments))
    elif scenario in ("revoked", "reissued"):  # both lists always allocated; a reissue is a new id and number
        entries = tuple((p, f"{public_url}/credentials/status/{p}/{draw(url_tokens)}", i) for p, i in ((
            "revocation", draw(st.integers(0, 131_071))), ("suspension", draw(st.integers(0, 131_071)))))  # fmt: skip
        facts = dataclasses.replace(facts, status_entries=entries)
    return facts


def assert_same_on_both_paths(document: dict[str, Any]) -> None:
    """Our own documents always take the fast path, and it answers exactly what the full path answers."""
    fast = fast_nquads(document)
    assert fast is not None, "a document the registry emits fell back to the full path"
    assert fast == full_nquads(document)
    assert canonical_nquads(document) == fast


@settings(max_examples=400 * SCALE, deadline=None, suppress_health_check=FIXTURES_OK)
@given(data=st.data(), public_url=st.sampled_from(PUBLIC_URLS))
def test_generated_certificate_credentials_canonicalise_identically(data, public_url):
    with override_settings(PUBLIC_URL=public_url):
        assert_same_on_both_paths(compose_certificate_credential(data.draw(certificate_facts(public_url))))


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=FIXTURES_OK)
@given(
    public_url=st.sampled_from(PUBLIC_URLS),
    token=url_tokens,
    purpose=st.sampled_from(["revocation", "suspension"]),
    revoked=st.sets(st.integers(0, 131_071), max_size=40),
    valid_from=moments,
    ttl_ms=st.integers(0, 10**15),
)
def test_generated_status_list_credentials_canonicalise_identically(
    public_url, token, purpose, revoked, valid_from, ttl_ms
):
    bits = bytearray(131_072 // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    with override_settings(PUBLIC_URL=public_url):
        document = compose_status_list_credential(
            url=f"{public_url}/credentials/status/{purpose}/{token}",
            purpose=purpose,
            encoded_list=encode(bits),
            valid_from=valid_from,
            ttl_ms=ttl_ms,
        )
        assert_same_on_both_paths(document)


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=FIXTURES_OK)
@given(
    public_url=st.sampled_from(PUBLIC_URLS),
    created=moments,
    key_hex=st.from_regex(r"[0-9a-f]{8}", fullmatch=True),
    contexts=st.sampled_from([[CREDENTIALS_V2, OB_V3P0], [CREDENTIALS_V2]]),
)
def test_generated_proof_configurations_canonicalise_identically(public_url, created, key_hex, contexts):
    with override_settings(PUBLIC_URL=public_url):
        method = f"{issuer_did()}#key-{created:%Y%m%d}-{key_hex}"
        assert_same_on_both_paths({**proof_options(method, created), "@context": contexts})


def test_the_credential_keeps_the_fast_path_when_its_shape_changes():
    """Nothing in the path is a template of today's credential: an identifier entry more or less, a new id."""
    document = compose_certificate_credential(make_facts(credential_id="https://zs.example.cn/credentials/abc"))
    hashed = {
        "type": "IdentityObject",
        "identityType": "nationalIdentityNumber",
        "hashed": True,
        "identityHash": "sha256$" + "0" * 64,
        "salt": "s",
    }
    document["credentialSubject"]["identifier"].insert(0, hashed)
    assert_same_on_both_paths(document)
    del document["credentialSubject"]["identifier"][1:]
    assert_same_on_both_paths(document)
    del document["credentialStatus"], document["credentialSubject"]["result"]
    assert_same_on_both_paths(document)


def test_property_scoped_contexts_reach_the_nested_node():
    """A status message's terms are defined only inside ``statusMessage``'s own context."""
    document = compose_certificate_credential(make_facts())
    document["credentialStatus"][0]["statusMessage"] = [{"status": "0x1", "message": "revoked"}]
    assert_same_on_both_paths(document)


def test_every_level_and_type_of_the_tests_own_certificate():
    for kind in ("qualification", "skill_level", "special_ability"):
        for level in (None, 1, 2, 3, 4, 5):
            facts = make_facts(certificate_type=kind, level=level, project_code="S0001A001", project_name="中式面点")
            assert_same_on_both_paths(compose_certificate_credential(facts))


class TestPublishedVectors:
    """The W3C eddsa-rdfc-2022 and Open Badges 3.0 vectors give the published N-Quads on both paths."""

    def test_open_badges_credential_and_proof_take_the_fast_path_and_match(self):
        unsigned = vector_json(OB + "unsigned-credential.json")
        proof = {k: v for k, v in vector_json(OB + "signed-credential.json")["proof"].items() if k != "proofValue"}
        config = {**proof, "@context": unsigned["@context"]}
        for document, expected in ((unsigned, "document-canon.txt"), (config, "proof-canon.txt")):
            assert fast_nquads(document) == vector_text(OB + expected)
            assert full_nquads(document) == vector_text(OB + expected)

    def test_w3c_vector_uses_a_context_the_registry_never_emits_so_it_falls_back(self):
        """The examples context (added for tests only) is not a known shape: the full path answers."""
        for name, expected in (("unsigned.json", "canonDocDataInt.txt"), (W3C + "proofConfigDataInt.json", None)):
            document = vector_json(name)
            assert fast_nquads(document, W3C_LOADER) is None
            answer = canonical_nquads(document, W3C_LOADER)
            assert answer == full_nquads(document, W3C_LOADER)
            assert answer == vector_text(W3C + (expected or "proofCanonDataInt.txt"))

    def test_w3c_vector_rebuilt_on_the_registrys_contexts_takes_the_fast_path(self):
        """The vector's proof configuration with the VC 2.0 context alone: a known shape, the same quads."""
        config = {**vector_json(W3C + "proofConfigDataInt.json"), "@context": [CREDENTIALS_V2]}
        assert fast_nquads(config) is not None
        assert fast_nquads(config) == full_nquads(config)


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb"])
def test_lone_surrogates_get_the_same_answer_either_way(text):
    """Not UTF-8 at all: whichever way the full path answers or fails, the public entry point does the same."""
    document = compose_certificate_credential(make_facts(holder_name=text))

    def outcome(canonicalise: Any) -> tuple[str, str]:
        try:
            return "ok", canonicalise(document)
        except Exception as exc:
            return "error", type(exc).__name__

    assert outcome(canonical_nquads) == outcome(full_nquads)
