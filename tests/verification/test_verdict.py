"""One verdict first: the word derived from a report, and the pages that show it (QR page, /verify/, code page)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from skillcert.verification.report import Report, failed, ok, unknown
from skillcert.verification.verdict import verdict_of

ALL_OK = [
    ok("well_formed", "ok", "x"),
    ok("signature", "ok", "x"),
    ok("issuer_key", "ok", "x"),
    ok("status", "ok", "x"),
    ok("log", "included", "x"),
    ok("dates", "ok", "x"),
]


def report_with(*replacements: Any) -> Report:
    by_name = {check.name: check for check in ALL_OK}
    for check in replacements:
        by_name[check.name] = check
    return Report(checks=list(by_name.values()))


# --- the one function -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("replacements", "kind"),
    [
        ((), "valid"),
        ((failed("status", "revoked", "x"),), "revoked"),
        ((failed("status", "suspended", "x"),), "suspended"),
        ((failed("signature", "bad_signature", "x"),), "tampered"),
        ((failed("signature", "bad_signature", "x"), failed("status", "revoked", "x")), "tampered"),
        ((failed("log", "different_credential", "x"),), "tampered"),
        ((failed("issuer_key", "unknown_key", "x"),), "tampered"),
        ((unknown("status", "status_stale", "x"),), "unconfirmed"),
        ((unknown("signature", "too_complex", "x"),), "unconfirmed"),
        ((failed("dates", "expired", "x"),), "unconfirmed"),
        ((failed("well_formed", "malformed_json", "x"),), "unconfirmed"),
    ],
)
def test_the_verdict_is_the_worst_finding(replacements, kind):
    assert verdict_of(report_with(*replacements)).kind == kind


def test_the_registry_record_gives_the_revocation_date_and_stands_without_a_credential():
    changed = dt.datetime(2026, 6, 3, 2, 0, tzinfo=dt.UTC)
    record = SimpleNamespace(status="revoked", status_changed_at=changed)
    verdict = verdict_of(report_with(failed("status", "revoked", "x")), record)
    assert (verdict.kind, verdict.date) == ("revoked", dt.date(2026, 6, 3))
    assert verdict_of(None, SimpleNamespace(status="valid", status_changed_at=None)).kind == "valid"
    assert verdict_of(None, SimpleNamespace(status="suspended", status_changed_at=changed)).kind == "suspended"


def test_the_words_are_plain_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        words = [verdict_of(report_with(*r)).word for r in [(), (failed("signature", "bad_signature", "x"),)]]
    assert words == ["有效", "内容被篡改"]


# --- the pages --------------------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def paste(document: dict[str, Any]) -> str:
    """The page after pasting, without the form (which gives the pasted text back to its author to edit)."""
    html = Client().post("/verify/", {"text": json.dumps(document, ensure_ascii=False)}).content.decode()
    form = html.index('data-testid="verify-form"')
    return html[html.index("</form>", form) :]


def technical(html: str) -> str:
    return html[html.index('data-testid="technical-details"') :]


def outside_details(html: str) -> str:
    start = html.index('data-testid="technical-details"')
    return html[:start] + html[html.index("</details>", start) :]


@pytest.mark.django_db
def test_verify_page_gives_one_word_then_the_paper_then_the_details(certificate, credential):
    html = paste(credential)
    assert 'data-testid="verdict-word">有效<' in html
    assert html.index("verdict-word") < html.index('data-testid="paper"') < html.index("<details")
    assert "技术详情" in html and certificate.number in html
    rest = outside_details(html)
    for code in ("bad_signature", "did:web", "eddsa-rdfc-2022", 'data-code="ok"', ">ok<"):
        assert code not in rest
    assert "eddsa-rdfc-2022" in technical(html)


@pytest.mark.django_db
def test_a_tampered_credential_says_so_and_never_shows_its_claims(certificate, credential):
    credential["credentialSubject"]["licenseNumber"] = "S9999999999999999999"
    html = paste(credential)
    assert 'data-testid="verdict-word">内容被篡改<' in html
    assert "S9999999999999999999" not in html
    assert 'data-testid="paper"' not in html and "不显示其中的任何数据" in html


@pytest.mark.django_db
def test_a_revoked_credential_pasted_gives_the_date(certificate, credential, operator):
    from skillcert.certificates import services

    services.revoke_certificate(certificate=certificate, category="misconduct", reason="替考", actor=operator)
    certificate.refresh_from_db()
    html = paste(credential)
    from django.utils import timezone

    day = timezone.localtime(certificate.status_changed_at).date().isoformat()
    assert f'data-testid="verdict-word">已撤销（{day}）<' in html


@pytest.mark.django_db
def test_qr_page_of_a_revoked_certificate(certificate, operator):
    from skillcert.certificates import services

    services.revoke_certificate(certificate=certificate, category="misconduct", reason="替考行为", actor=operator)
    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert 'data-testid="verdict-word">已撤销（' in html and "考核违规" in html and "替考行为" not in html
    assert "无效" not in html


@pytest.mark.django_db
def test_qr_page_of_an_altered_stored_credential_shows_no_data(certificate):
    from skillcert.credentials.models import IssuedCredential

    row = IssuedCredential.objects.get(subject_id=certificate.public_id, superseded_at__isnull=True)
    document = json.loads(json.dumps(row.document))
    document["credentialSubject"]["licenseNumber"] = "S9999999999999999999"
    IssuedCredential.objects.filter(pk=row.pk).update(document=document)
    html = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert 'data-testid="verdict-word">内容被篡改<' in html
    assert "S9999999999999999999" not in html and "张三" not in html and 'data-testid="paper"' not in html
