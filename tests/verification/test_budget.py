"""Verification never costs more than a fixed budget: the pre-check, the stored-copy fast path, the bounded worker.

The poison is a real issued credential plus a clique of blank nodes (every node names every other), the
graph shape that makes RDF canonicalisation explode: eight nodes kept a server worker busy for minutes.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from skillcert.verification.report import FAILED, OK, UNKNOWN
from skillcert.verification.sources import LiveSource
from skillcert.verification.verifier import verify

pytestmark = pytest.mark.django_db
QUICK = override_settings(VERIFY_TIME_LIMIT_MS=300)  # the poison needs minutes: any small limit gives the answer


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def with_clique(credential: dict, size: int = 8) -> dict:
    """The credential with ``size`` labelled blank nodes, each linked to all the others."""
    poisoned = copy.deepcopy(credential)
    poisoned["credentialSubject"]["achievement"]["related"] = [
        {"id": f"_:c{i}", "related": [{"id": f"_:c{j}"} for j in range(size) if j != i]} for i in range(size)
    ]
    return poisoned


def nested(depth: int) -> dict:
    value: dict = {"name": "x"}
    for _ in range(depth):
        value = {"type": ["Profile"], "name": "x", "parentOrg": value}
    return value


@pytest.fixture
def relaxed_precheck(monkeypatch):
    """Let everything past the pre-check, so the bounded worker is what stops the poison."""
    from skillcert.verification import complexity

    loose = dataclasses.replace(complexity.LIMITS, blank_nodes=10_000, blank_labels=10_000)
    monkeypatch.setattr(complexity, "LIMITS", loose)


def statuses(report):
    return {check.name: (check.status, check.code) for check in report.checks}


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


# --- the poison graph: refused by the pre-check on every surface ---------------------------------------------


@QUICK
def test_poison_graph_through_the_api_is_unknown_too_complex(credential):
    body = json.dumps(with_clique(credential))
    response = Client().post("/api/v1/verify", body, content_type="application/json")
    report = response.json()
    assert response.status_code == 200 and report["verdict"] == "unknown" and report["valid"] is False
    codes = {check["code"] for check in report["checks"]}
    assert "too_complex" in codes and {check["status"] for check in report["checks"]} == {UNKNOWN}
    first = report["checks"][0]
    assert "过于复杂" in first["reasons"]["zh-hans"] and "too complex" in first["reasons"]["en"]


@QUICK
def test_poison_graph_on_the_page_is_unknown_too_complex(credential):
    html = Client().post("/verify/", {"text": json.dumps(with_clique(credential))}).content.decode()
    assert 'data-verdict="unknown"' in html and 'data-code="too_complex"' in html and "过于复杂" in html
    assert 'data-status="failed"' not in html


@QUICK
def test_poison_graph_in_a_bundle_through_the_cli_is_unknown(bundle, tmp_path):
    bundle["credential"] = with_clique(bundle["credential"])
    path = tmp_path / "poison.json"
    path.write_text(json.dumps(bundle))
    code, out = run_cli(str(path), "--lang", "en")
    assert code == 2 and "(too_complex)" in out and "[FAILED]" not in out


# --- the bounded worker: what passes the pre-check is still stopped ------------------------------------------


@QUICK
def test_poison_past_the_precheck_is_stopped_by_the_time_limit_api(credential, relaxed_precheck):
    body = json.dumps(with_clique(credential))
    report = Client().post("/api/v1/verify", body, content_type="application/json").json()
    signature = next(check for check in report["checks"] if check["check"] == "signature")
    assert (signature["status"], signature["code"]) == (UNKNOWN, "too_complex")
    assert "过于复杂" in signature["reasons"]["zh-hans"] and report["verdict"] != "valid"


@QUICK
def test_poison_past_the_precheck_is_stopped_by_the_time_limit_cli(bundle, tmp_path, relaxed_precheck):
    bundle["credential"] = with_clique(bundle["credential"])
    path = tmp_path / "poison.json"
    path.write_text(json.dumps(bundle))
    code, out = run_cli(str(path), "--lang", "en")
    assert code != 0 and "[unknown] Signature" in out and "(too_complex)" in out


@QUICK
def test_after_a_killed_worker_the_next_foreign_document_is_answered(credential, relaxed_precheck):
    verify(with_clique(credential), LiveSource())
    credential["credentialSubject"]["licenseNumber"] = "S000051000001264000999"
    with override_settings(VERIFY_TIME_LIMIT_MS=20_000):
        assert statuses(verify(credential, LiveSource()))["signature"] == (FAILED, "bad_signature")


@override_settings(VERIFY_MEMORY_LIMIT_MB=1, VERIFY_TIME_LIMIT_MS=20_000)
def test_a_worker_over_its_memory_limit_answers_unknown(credential):
    credential["description"] = "长" * 300_000  # about 900 KB: canonicalising it needs several MiB
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = 1.5  # a float: not the fast path's shape
    report = verify(credential, LiveSource())
    assert statuses(report)["signature"] == (UNKNOWN, "too_complex") and report.verdict != "valid"


# --- the pre-check: oversized and deeply nested documents ----------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "what"),
    [
        (lambda c: c["credentialSubject"].update(source=nested(40)), "嵌套层数"),
        (lambda c: c["credentialSubject"].update(evidence=[str(n) for n in range(300)]), "数组长度"),
        (lambda c: c["credentialSubject"].update(evidence=[{"name": str(n)} for n in range(120)]), "空白节点"),
        (lambda c: c.update(tags=[[str(n)] * 200 for n in range(100)]), "值的总数"),
    ],
    ids=["deep", "long-array", "blank-nodes", "values"],
)
def test_oversized_or_deep_documents_are_refused_before_canonicalising(credential, monkeypatch, mutate, what):
    from skillcert.credentials import canonical
    from skillcert.verification import bounded

    def never(*args, **kwargs):
        raise AssertionError("canonicalised a document the pre-check should have refused")

    monkeypatch.setattr(canonical, "full_nquads", never)
    monkeypatch.setattr(canonical, "fast_nquads", never)
    monkeypatch.setattr(bounded.POOL, "canonicalise", never, raising=False)
    mutate(credential)
    report = verify(credential, LiveSource())
    well_formed = report.check("well_formed")
    assert (well_formed.status, well_formed.code) == (UNKNOWN, "too_complex") and report.verdict == "unknown"
    assert what in well_formed.reason.text("zh-hans")


def test_the_limits_leave_headroom_over_a_real_credential_and_bundle(credential, bundle):
    from skillcert.verification.complexity import LIMITS, measure

    for document in (credential, bundle):
        shape = measure(document)
        assert shape.depth * 2 <= LIMITS.depth and shape.values * 10 <= LIMITS.values
        assert shape.longest_array * 10 <= LIMITS.array and shape.blank_nodes * 4 <= LIMITS.blank_nodes


def test_a_bundles_status_list_is_pre_checked_too(bundle):
    bundle["statusLists"][0]["credentialSubject"]["related"] = [{"id": f"_:s{n}"} for n in range(40)]
    report = verify(bundle)
    assert statuses(report)["status"] == (UNKNOWN, "too_complex")


# --- the fast path and honest answers ------------------------------------------------------------------------


def test_a_genuine_credential_verifies_fully_on_the_fast_path(credential, monkeypatch):
    from skillcert.verification import bounded

    def no_worker(*args, **kwargs):
        raise AssertionError("a credential identical to the stored copy needs no canonicalisation")

    monkeypatch.setattr(bounded.POOL, "canonicalise", no_worker)
    body = Client().post("/api/v1/verify", json.dumps(credential), content_type="application/json").json()
    assert body["verdict"] == "valid" and [check["status"] for check in body["checks"]] == [OK] * 6
    signature = body["checks"][1]
    assert "与本平台签发并保存的凭证完全一致" in signature["reasons"]["zh-hans"]
    assert "identical to the credential this registry signed" in signature["reasons"]["en"]


def test_a_reordered_copy_of_ours_is_still_the_same_credential(credential):
    reordered = json.loads(json.dumps(dict(reversed(list(credential.items())))))
    report = verify(reordered, LiveSource())
    assert report.verdict == "valid" and "完全一致" in report.check("signature").reason.text("zh-hans")


def test_a_tampered_copy_of_ours_still_fails_the_signature(credential):
    credential["validFrom"] = "2020-01-01T00:00:00Z"
    report = verify(credential, LiveSource())
    assert statuses(report)["signature"] == (FAILED, "bad_signature") and report.verdict == "invalid"


def test_a_foreign_issuers_credential_gets_honest_answers_through_the_api(credential):
    credential["issuer"]["id"] = "did:web:other-registry.example"
    body = Client().post("/api/v1/verify", json.dumps(credential), content_type="application/json").json()
    checks = {check["check"]: (check["status"], check["code"]) for check in body["checks"]}
    assert checks["well_formed"] == (OK, "ok") and checks["signature"] == (UNKNOWN, "no_did_document")
    assert body["verdict"] != "valid"


def test_a_foreign_bundle_signed_by_its_own_issuer_is_checked_in_the_worker(bundle, tmp_path):
    """Another issuer's valid bundle: the signature verifies (in the bounded worker), nothing is called forged."""
    import datetime as dt

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from skillcert.credentials.multikey import encode_public_key
    from skillcert.credentials.signing import sign_with

    did = "did:web:other-registry.example"
    key = Ed25519PrivateKey.generate()
    multikey = encode_public_key(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    method = dict(bundle["didDocument"]["verificationMethod"][-1], id=f"{did}#k1", controller=did)
    method["publicKeyMultibase"] = multikey
    bundle["didDocument"] = dict(
        bundle["didDocument"], id=did, verificationMethod=[method], assertionMethod=[method["id"]]
    )
    credential = dict(bundle["credential"], issuer=dict(bundle["credential"]["issuer"], id=did))
    created = dt.datetime.fromisoformat(bundle["credential"]["proof"]["created"])
    bundle["credential"] = sign_with(credential, private_key=key, verification_method=f"{did}#k1", created=created)
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(bundle))
    code, out = run_cli(str(path), "--lang", "en")
    assert "[passed] Signature" in out and "(too_complex)" not in out and code != 0


# --- verification codes: a cap per certificate ---------------------------------------------------------------


def test_a_holder_can_have_at_most_ten_active_codes_per_certificate(certificate, holder):
    from skillcert.core.errors import NotAllowed
    from skillcert.verification import services

    codes = [services.create_verification_code(certificate=certificate, holder=holder, days=30)[0] for _ in range(10)]
    with pytest.raises(NotAllowed) as refused:
        services.create_verification_code(certificate=certificate, holder=holder, days=30)
    assert refused.value.code == "too_many_codes"
    services.revoke_verification_code(code=codes[0], holder=holder)
    services.create_verification_code(certificate=certificate, holder=holder, days=30)  # a slot is free again


def test_the_holder_page_says_so_in_chinese_when_the_cap_is_reached(certificate, holder):
    from skillcert.verification import services
    from skillcert.verification.models import VerificationCode
    from tests.factories.verification import holder_token

    for _ in range(10):
        services.create_verification_code(certificate=certificate, holder=holder, days=30)
    token = holder_token()
    response = Client().post(f"/verify/holder/{token}/{certificate.public_id}/codes/", {"days": "30"}, follow=True)
    assert "最多 10 个有效验证码" in response.content.decode()
    assert VerificationCode.objects.filter(certificate=certificate).count() == 10


def test_creating_and_revoking_codes_in_a_loop_is_capped_per_day(certificate, holder):
    from skillcert.core.errors import NotAllowed
    from skillcert.verification import services

    with pytest.raises(NotAllowed) as refused:
        for _ in range(services.MAX_CODES_PER_DAY + 1):
            code, _plain = services.create_verification_code(certificate=certificate, holder=holder, days=30)
            services.revoke_verification_code(code=code, holder=holder)
    assert refused.value.code == "too_many_codes_today"
