"""The same verifier behind the verify page, the QR page, the API and the CLI."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_verify_page_pasted_credential_all_green(credential):
    html = Client().post("/verify/", {"text": json.dumps(credential, ensure_ascii=False)}).content.decode()
    assert 'data-verdict="valid"' in html and html.count('data-status="ok"') == 6


def test_verify_page_uploaded_bundle(bundle):
    upload = SimpleUploadedFile("bundle.json", json.dumps(bundle).encode(), content_type="application/json")
    html = Client().post("/verify/", {"file": upload}).content.decode()
    assert 'data-verdict="valid"' in html


def test_verify_page_names_the_failed_signature(credential):
    credential["credentialSubject"]["licenseNumber"] = "X"
    html = Client().post("/verify/", {"text": json.dumps(credential)}).content.decode()
    assert 'data-testid="check-signature" data-status="failed" data-code="bad_signature"' in html
    assert "签名与凭证内容不符" in html


def test_verify_page_bad_input_is_explained_not_a_crash():
    client = Client()
    html = client.post("/verify/", {"text": "{oops"}).content.decode()
    assert 'data-code="malformed_json"' in html and "不是有效的 JSON" in html
    just_over = SimpleUploadedFile("big.json", b" " * (1024 * 1024 + 1), content_type="application/json")
    html = client.post("/verify/", {"file": just_over}).content.decode()
    assert 'data-code="too_large"' in html and "1024 KiB" in html
    huge = SimpleUploadedFile("huge.json", b" " * (50 * 1024 * 1024), content_type="application/json")
    response = client.post("/verify/", {"file": huge})
    assert response.status_code == 413 and 'data-code="too_large"' in response.content.decode()
    response = client.post("/verify/", {"text": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413 and "未予读取" in response.content.decode()
    assert "请粘贴" in client.post("/verify/", {"text": "  "}).content.decode()


def test_verify_page_is_rate_limited(credential):
    client = Client()
    codes = [client.post("/verify/", {"text": "{}"}).status_code for _ in range(32)]
    assert codes[0] == 200 and codes[-1] == 429


def test_qr_page_uses_the_same_verifier(certificate, operator):
    from skillcert.certificates import services

    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert 'data-verdict="valid"' in html and 'data-testid="check-log" data-status="ok"' in html
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert (
        'data-testid="check-status" data-status="failed" data-code="revoked"' in html and "已撤销——状态截至 20" in html
    )


def test_api_returns_the_report_in_both_languages(credential):
    response = Client().post("/api/v1/verify", json.dumps(credential), content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["verdict"] == "valid" and body["valid"] is True
    assert [check["check"] for check in body["checks"]][:2] == ["well_formed", "signature"]
    assert body["checks"][1]["reasons"]["en"].startswith("The signature is valid")
    assert "签名有效" in body["checks"][1]["reasons"]["zh-hans"]


def test_api_bad_input_is_a_report_or_the_error_shape():
    client = Client()
    body = client.post("/api/v1/verify", "{nope", content_type="application/json").json()
    assert body["verdict"] == "invalid" and body["checks"][0]["code"] == "malformed_json"
    response = client.post("/api/v1/verify", b" " * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413 and set(response.json()) == {"code", "message", "fields"}
    assert response.json()["code"] == "too_large"


def test_api_is_in_the_openapi_schema():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/verify"]


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_cli_export_then_verify_offline_in_both_languages(certificate, tmp_path):
    path = tmp_path / "bundle.json"
    call_command("export_bundle", certificate.number, "-o", str(path), stderr=io.StringIO())
    code, out = run_cli(str(path))
    assert code == 0 and out.count("[通过]") == 6 and "有效：所有查验项均通过" in out
    code, out = run_cli(str(path), "--lang", "en")
    assert code == 0 and "[passed] Signature" in out


def test_cli_exit_codes_for_tampered_and_bare(credential, bundle, tmp_path):
    bundle["credential"]["credentialSubject"]["licenseNumber"] = "X"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(bundle))
    code, out = run_cli(str(tampered))
    assert code == 1 and "[失败]" in out and "(bad_signature)" in out
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(credential))
    code, out = run_cli(str(bare), "--lang", "en")
    assert code == 2 and "[unknown]" in out
    huge = tmp_path / "huge.json"
    huge.write_bytes(b"{" + b" " * (3 * 1024 * 1024))
    assert run_cli(str(huge))[0] == 1


def test_cli_export_of_an_unknown_certificate_says_so():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有这本证书"):
        call_command("export_bundle", "S000000000000000000000")


def test_cli_pinned_did_document_catches_a_bundle_with_a_forged_issuer_key(bundle, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from skillcert.credentials.multikey import encode_public_key

    genuine = tmp_path / "did.json"
    genuine.write_text(json.dumps(bundle["didDocument"]))
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    bundle["didDocument"]["verificationMethod"][-1]["publicKeyMultibase"] = encode_public_key(raw)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(bundle))
    assert run_cli(str(forged))[0] == 1  # the swapped key does not match the signature
    code, out = run_cli(str(forged), "--did-document", str(genuine))
    assert code == 0 and out.count("[通过]") == 6


def test_cli_online_checks_the_current_status_of_an_older_bundle(certificate, bundle, operator, tmp_path, monkeypatch):
    from django.conf import settings

    from skillcert.certificates import services
    from skillcert.verification import sources

    def fetch(url):
        response = Client().get(url.removeprefix(settings.PUBLIC_URL))
        return response.content if response.status_code == 200 else None

    monkeypatch.setattr(sources, "http_fetch", fetch)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    assert run_cli(str(path), "--online", settings.PUBLIC_URL)[0] == 0
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    assert run_cli(str(path))[0] == 0  # the bundle is a snapshot: offline it cannot know
    code, out = run_cli(str(path), "--online", settings.PUBLIC_URL, "--lang", "en")
    assert code == 1 and "(revoked)" in out
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(bundle["credential"]))
    code, out = run_cli(str(bare), "--online", settings.PUBLIC_URL)
    assert code == 1 and "(no_log_proof)" in out and "(revoked)" in out


def test_api_refuses_an_empty_body_in_the_error_shape():
    response = Client().post("/api/v1/verify", b"", content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
