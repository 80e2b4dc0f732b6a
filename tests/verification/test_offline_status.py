"""Offline answers say when: a status is "as of" a moment, a copy past its ttl is unknown, one wording everywhere."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
LATER = dt.datetime(2031, 3, 1, 2, 0, tzinfo=dt.UTC)  # on the hour: the lists re-signed then are dated then


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def signed_date(bundle: dict[str, Any]) -> dt.datetime:
    """The oldest status list's validFrom in the bundle (read here without the verifier's code)."""
    return min(dt.datetime.fromisoformat(lst["validFrom"].replace("Z", "+00:00")) for lst in bundle["statusLists"])


def beijing(moment: dt.datetime) -> str:
    return moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") + " UTC+08:00"


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write(tmp_path: Any, bundle: dict[str, Any], name: str = "bundle.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_our_status_lists_publish_a_one_day_ttl(bundle):
    assert [lst["credentialSubject"]["ttl"] for lst in bundle["statusLists"]] == [86_400_000, 86_400_000]


def test_an_old_bundle_of_a_certificate_revoked_since_is_unknown_past_the_ttl(certificate, bundle, operator, tmp_path):
    from skillcert.certificates import services

    path = write(tmp_path, bundle)
    as_of = signed_date(bundle)
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    with time_machine.travel(as_of + DAY + SECOND, tick=False):
        code, out = run_cli(path)
        assert code == 2  # the exit code for "some checks could not be made"
        assert f"状态未知：状态为截至 {beijing(as_of)} 的记录，请在线核验" in out and "(status_stale)" in out
        assert "有效：所有查验项均通过" not in out and f"无法确认：状态为截至 {beijing(as_of)} 的记录" in out
        code, out = run_cli(path, "--lang", "en")
        assert code == 2 and f"Unknown — status as of {beijing(as_of)}, check online." in out
        code, out = run_cli(path, "--json")
    report = json.loads(out)
    assert code == 2 and report["verdict"] == "unknown" and report["valid"] is False
    assert report["status_as_of"] == iso(as_of) and report["status_stale"] is True
    status = next(check for check in report["checks"] if check["check"] == "status")
    assert (status["status"], status["code"]) == ("unknown", "status_stale")


def test_a_bundle_within_its_ttl_is_valid_as_of_its_lists_date(bundle, tmp_path):
    path = write(tmp_path, bundle)
    as_of = signed_date(bundle)
    with time_machine.travel(as_of + DAY, tick=False):  # the last moment the copy stands for now
        code, out = run_cli(path)
        assert code == 0 and "有效：所有查验项均通过" in out
        assert f"未撤销、未暂停——状态截至 {beijing(as_of)}" in out
        code, out = run_cli(path, "--json")
    report = json.loads(out)
    assert code == 0 and report["status_as_of"] == iso(as_of) and report["status_stale"] is False


@pytest.mark.parametrize(("ttl_ms", "current_for"), [(3_600_000, dt.timedelta(hours=1)), (None, DAY)])
def test_a_lists_own_ttl_counts_and_without_one_a_day(bundle, tmp_path, ttl_ms, current_for):
    from skillcert.credentials.selectors import require_active_signing_key
    from skillcert.credentials.signing import sign_credential
    from skillcert.verification.verifier import verify

    key = require_active_signing_key()
    for index, listed in enumerate(bundle["statusLists"]):
        listed.pop("proof")
        listed["credentialSubject"].pop("ttl")
        if ttl_ms is not None:
            listed["credentialSubject"]["ttl"] = ttl_ms
        bundle["statusLists"][index] = sign_credential(listed, key=key, created=signed_date(bundle))
    as_of = signed_date(bundle)
    with time_machine.travel(as_of + current_for, tick=False):
        assert verify(bundle).check("status").code == "ok"
    with time_machine.travel(as_of + current_for + SECOND, tick=False):
        assert verify(bundle).check("status").code == "status_stale"


def test_revocation_is_final_so_an_old_copy_that_says_revoked_still_fails(certificate, credential, operator, tmp_path):
    from skillcert.certificates import services
    from skillcert.verification.sources import build_bundle

    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    bundle = json.loads(json.dumps(build_bundle(credential)))
    as_of = signed_date(bundle)
    with time_machine.travel(as_of + 30 * DAY, tick=False):
        code, out = run_cli(write(tmp_path, bundle))
    assert code == 1 and "(revoked)" in out and f"已撤销——状态截至 {beijing(as_of)}。" in out


def test_an_old_copy_that_says_suspended_is_unknown_past_the_ttl(certificate, credential, operator):
    from skillcert.certificates import services
    from skillcert.verification.sources import build_bundle
    from skillcert.verification.verifier import verify

    services.suspend_certificate(certificate=certificate, category="under_review", reason="核查中", actor=operator)
    bundle = json.loads(json.dumps(build_bundle(credential)))
    as_of = signed_date(bundle)
    with time_machine.travel(as_of + DAY, tick=False):
        assert verify(bundle).check("status").code == "suspended"
    with time_machine.travel(as_of + DAY + SECOND, tick=False):
        assert verify(bundle).check("status").code == "status_stale"  # it may have been lifted since


@pytest.mark.parametrize(
    ("change", "category", "code"), [("revoke", "false_materials", "revoked"), ("suspend", "under_review", "suspended")]
)
def test_the_status_has_one_wording_live_online_and_offline(
    certificate, credential, bundle, operator, tmp_path, monkeypatch, change, category, code
):
    from django.conf import settings

    from skillcert.certificates import services
    from skillcert.verification import sources
    from skillcert.verification.sources import LiveSource, build_bundle
    from skillcert.verification.verifier import verify

    def fetch(url: str) -> bytes | None:
        response = Client().get(url.removeprefix(settings.PUBLIC_URL))
        return response.content if response.status_code == 200 else None

    monkeypatch.setattr(sources, "http_fetch", fetch)
    old_bundle = write(tmp_path, bundle, "old.json")
    with time_machine.travel(LATER, tick=False):
        getattr(services, f"{change}_certificate")(
            certificate=certificate, category=category, reason="核查", actor=operator
        )
        live = verify(credential, LiveSource()).check("status")
        api = Client().post("/api/v1/verify", json.dumps(credential), content_type="application/json").json()
        offline = verify(json.loads(json.dumps(build_bundle(credential)))).check("status")
        online_code, online_out = run_cli(old_bundle, "--online", settings.PUBLIC_URL, "--json")
        page = Client().post("/verify/", {"text": json.dumps(credential, ensure_ascii=False)}).content.decode()
    online = next(check for check in json.loads(online_out)["checks"] if check["check"] == "status")
    api_status = next(check for check in api["checks"] if check["check"] == "status")
    word = {"revoked": ("已撤销", "Revoked"), "suspended": ("已暂停", "Suspended")}[code]
    expected = {
        "zh-hans": f"{word[0]}——状态截至 {beijing(LATER)}。",
        "en": f"{word[1]} — status as of {beijing(LATER)}.",
    }
    for language, text in expected.items():
        assert live.reason.text(language) == offline.reason.text(language) == text
        assert api_status["reasons"][language] == online["reasons"][language] == text
    assert (live.code, offline.code, api_status["code"], online["code"], online_code) == (code, code, code, code, 1)
    assert api["status_as_of"] == iso(LATER) and api["status_stale"] is False
    assert expected["zh-hans"] in page


def test_skillcert_verify_writes_nothing_without_a_database(bundle, tmp_path):
    path = write(tmp_path, bundle)
    for data_dir in (tmp_path / "empty", tmp_path / "absent"):
        if data_dir.name == "empty":
            data_dir.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("SKILLCERT_DATABASE_URL", "SKILLCERT_REDIS_URL")}
        env["SKILLCERT_DATA_DIR"] = str(data_dir)
        done = subprocess.run(
            [sys.executable, "-m", "skillcert.cli", "verify", path, "--json"],
            env=env, capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        report = json.loads(done.stdout)
        assert done.returncode == 0 and report["verdict"] == "valid", done.stderr.decode()[-2000:]
        assert report["status_as_of"] == iso(signed_date(bundle))
        if data_dir.name == "empty":
            assert list(data_dir.iterdir()) == []
        else:
            assert not data_dir.exists()
