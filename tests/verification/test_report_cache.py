"""The QR page's report cache: keyed by what the report depends on, never a shortcut to "valid"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from skillcert.verification import cache as report_cache
from skillcert.verification import selectors
from tests.factories import CertificateFactory
from tests.factories.verification import publish_checkpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    report_cache._LOCAL.clear()
    yield
    cache.clear()
    report_cache._LOCAL.clear()


def qr_page(certificate: Any) -> str:
    return Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()


def comparable(report: Any) -> dict[str, Any]:
    """Everything the report says, in both languages, but the moment its status was read."""
    data = report.as_dict()
    data.pop("status_as_of")
    return data


def count_fresh_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = selectors.live_report

    def counted(public_id: str) -> Any:
        calls.append(public_id)
        return real(public_id)

    monkeypatch.setattr(selectors, "live_report", counted)
    return calls


def test_a_second_visit_is_served_from_the_cache_and_says_the_same(certificate, monkeypatch):
    calls = count_fresh_checks(monkeypatch)
    first = report_cache.live_report(certificate.public_id)
    second = report_cache.live_report(certificate.public_id)
    assert len(calls) == 1 and first is not None and second is not None
    assert first.verdict == "valid" and comparable(second) == comparable(first)
    assert comparable(second) == comparable(selectors.live_report(certificate.public_id))  # kept == fresh
    assert 'data-verdict="valid"' in qr_page(certificate) and len(calls) == 2  # the page: a hit, no new check


def test_a_revocation_shows_on_the_very_next_request(certificate, operator):
    from skillcert.certificates import services

    assert 'data-verdict="valid"' in qr_page(certificate)
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    html = qr_page(certificate)
    assert 'data-testid="verdict-word">已撤销（' in html and 'data-verdict="invalid"' in html


def test_suspension_and_reinstatement_each_show_at_once(certificate, operator):
    from skillcert.certificates import services

    before = report_cache.generation(certificate.public_id)
    services.suspend_certificate(certificate=certificate, category="under_review", reason="核查", actor=operator)
    suspended = report_cache.live_report(certificate.public_id)
    assert suspended is not None and suspended.check("status").code == "suspended"
    services.reinstate_certificate(certificate=certificate, reason="核查无误", actor=operator)
    reinstated = report_cache.live_report(certificate.public_id)
    assert reinstated is not None and reinstated.check("status").status == "ok"
    assert len({before, report_cache.generation(certificate.public_id)}) == 2


def test_key_rotation_and_a_new_checkpoint_move_the_key(certificate, monkeypatch):
    from skillcert.credentials.services import rotate_signing_key

    calls = count_fresh_checks(monkeypatch)
    report_cache.live_report(certificate.public_id)
    first = report_cache.generation(certificate.public_id)
    rotate_signing_key(note="test rotation")
    rotated = report_cache.generation(certificate.public_id)
    report_cache.live_report(certificate.public_id)
    publish_checkpoint()
    signed = report_cache.generation(certificate.public_id)
    report_cache.live_report(certificate.public_id)
    assert first is not None and rotated is not None and signed is not None
    assert len({first.key, rotated.key, signed.key}) == 3 and len(calls) == 3
    assert signed.checkpoint_size > first.checkpoint_size


def test_a_status_list_change_alone_moves_the_key(certificate):
    from skillcert.credentials.models import StatusAllocation
    from skillcert.credentials.services import set_status

    before = report_cache.generation(certificate.public_id)
    allocation = StatusAllocation.objects.get(subject_id=certificate.public_id, purpose="suspension")
    set_status(subject_id=allocation.subject_id, purpose="suspension", value=True)  # no log entry on its own
    after = report_cache.generation(certificate.public_id)
    assert before is not None and after is not None and before.key != after.key


class Broken:
    def get(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis is down")

    set = get


def test_a_failing_cache_falls_back_to_the_full_check(certificate, operator, monkeypatch):
    from skillcert.certificates import services

    calls = count_fresh_checks(monkeypatch)
    assert 'data-verdict="valid"' in qr_page(certificate)  # kept in the working cache
    monkeypatch.setattr(report_cache, "cache", Broken())
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    assert 'data-testid="verdict-word">已撤销（' in qr_page(certificate)
    report_cache._LOCAL.clear()  # another process: nothing of its own kept
    assert 'data-verdict="invalid"' in qr_page(certificate)
    assert len(calls) == 3  # every request that found nothing kept ran the full check


def test_the_process_keeps_its_reports_under_the_same_key(certificate, operator, monkeypatch):
    from skillcert.certificates import services

    calls = count_fresh_checks(monkeypatch)
    assert 'data-verdict="valid"' in qr_page(certificate)
    monkeypatch.setattr(report_cache, "cache", Broken())  # the shared cache gone: the process's own copy stands
    assert 'data-verdict="valid"' in qr_page(certificate) and len(calls) == 1
    services.revoke_certificate(certificate=certificate, category="false_materials", reason="伪造材料", actor=operator)
    assert 'data-testid="verdict-word">已撤销（' in qr_page(certificate) and len(calls) == 2


def test_a_value_that_is_not_a_report_is_ignored(certificate, monkeypatch):
    calls = count_fresh_checks(monkeypatch)
    current = report_cache.generation(certificate.public_id)
    assert current is not None
    cache.set(current.key, {"verdict": "valid"})  # e.g. written by another version of the code
    report = report_cache.live_report(certificate.public_id)
    assert report is not None and report.verdict == "valid" and len(calls) == 1


def test_a_pending_inclusion_is_said_honestly_and_not_kept(certificate, operator, monkeypatch):
    from skillcert.transparency.models import Checkpoint

    newer = CertificateFactory(
        holder=certificate.holder,
        issued_on=certificate.issued_on,
        job_type="手工电弧焊",
        level=3,
        institution=certificate.institution,
        batch_id="b-pending",
        actor=operator,
    )  # no checkpoint signed since
    signed = Checkpoint.objects.count()
    calls = count_fresh_checks(monkeypatch)
    report = report_cache.live_report(newer.public_id)
    assert report is not None and report.check("log").status == "unknown" and report.check("log").code == "pending"
    assert "下一个检查点" in report.check("log").reason.text("zh-hans")
    report_cache.live_report(newer.public_id)
    assert len(calls) == 2 and Checkpoint.objects.count() == signed  # not kept; and reading signed nothing
    publish_checkpoint()
    assert report_cache.live_report(newer.public_id).check("log").status == "ok"


def test_the_code_page_counts_each_use_even_when_the_report_is_kept(certificate):
    from skillcert.verification import services

    code, plain = services.create_verification_code(certificate=certificate, holder=certificate.holder, days=7)
    client = Client()
    for _ in range(2):
        html = client.post("/verify/code/", {"code": plain}).content.decode()
        assert 'data-verdict="valid"' in html
    code.refresh_from_db()
    assert code.use_count == 2


def test_a_report_is_kept_no_longer_than_the_credential_stays_as_it_is(certificate):
    import datetime as dt

    from django.utils import timezone

    report = selectors.live_report(certificate.public_id)
    assert report is not None and report.credential is not None
    now = timezone.now()
    assert report_cache._seconds_to_keep(report, now) == report_cache.REPORT_SECONDS
    report.credential["validUntil"] = (now + dt.timedelta(seconds=42)).isoformat()
    assert report_cache._seconds_to_keep(report, now) == 42
