"""The public page /log/: Chinese first, the latest signed checkpoint, the newest entries, no personal data."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.transparency import keys, services
from skillcert.transparency.events import certificate_subject
from tests.factories import issued, sha

pytestmark = pytest.mark.django_db


def test_the_log_page_explains_the_log_in_chinese_and_shows_the_checkpoint():
    services.append_events(events=issued(3))
    subject = certificate_subject("k3m9x2")
    services.append_event(
        kind="certificate.revoked",
        subject_type="certificate",
        subject_id=subject,
        payload={"status": "revoked", "facts_sha256": sha("facts after the revocation")},
    )
    services.publish_checkpoint()
    html = Client().get("/log/").content.decode()
    assert "透明日志" in html and "不含姓名、身份证号码" in html
    assert f"{keys.origin()}\n4\n" in html  # the signed note itself
    assert keys.verifier().encode() in html
    assert "撤销证书" in html and subject[:12] in html


def test_the_log_page_in_english():
    client = Client()
    client.cookies["skillcert_language"] = "en"
    html = client.get("/log/").content.decode()
    assert "Transparency log" in html and "Latest signed checkpoint" in html
    assert "The log has no entries yet." in html


def test_the_page_says_when_newer_entries_wait_for_the_next_checkpoint():
    services.publish_checkpoint()
    services.append_events(events=issued(2))
    html = Client().get("/log/").content.decode()
    assert "日志共有 2 条记录" in html
