"""After repeated failed queries, a client must pass a check (ALTCHA proof of work) before each further query.

Failed = the query ran and found nothing. From the 5th failure in a 15-minute window the query pages ask that
client (and only it) for a solved check before every query, and the API answers 429. The check here is solved by
the ``altcha`` library acting as the browser, from the challenge the page carries; the browser test solves it with
the page's own script.
"""

from __future__ import annotations

import base64
import datetime as dt
import html as htmllib
import json
import re

import altcha
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from skillcert.certificates import querylimits
from skillcert.core.ratelimit import client_id, peek
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")
OTHER_ID = valid_id("51010719851111222")
# A window start, so that no test crosses the end of a 15-minute window by chance.
START = dt.datetime(2026, 6, 1, 9, 0, 0, tzinfo=dt.UTC)
CHECK = 'data-testid="query-check"'
WHY = "您所在网络已有多次查询未找到证书"
REFUSED = "请先完成下方的检查"


@pytest.fixture(autouse=True)
def limits(settings):
    cache.clear()
    settings.QUERY_RATE_LIMIT = "1000/m"  # the request rate has its own tests
    settings.QUERY_CHALLENGE_MAX_COUNTER = 200  # quick to solve here; the browser test keeps the real one
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def certificate(holder, institution, operator):
    return CertificateFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        job_type="手工电弧焊",
        level=3,
        institution=institution,
        actor=operator,
    )


def client(address: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=address)


def query(browser: Client, name: str = "张三", id_number: str = ID, altcha_payload: str = "", path: str = "skill"):
    url = "/certificates/query/" if path == "skill" else "/certificates/special/query/"
    data = {"mode": "id", "name": name, "id_number": id_number, "certificate_number": "", "altcha": altcha_payload}
    return browser.post(url, data)


def fail(browser: Client, times: int) -> str:
    html = ""
    for _ in range(times):
        html = query(browser, name="李四").content.decode()
        assert 'data-testid="no-match"' in html
    return html


def failures(address: str = "203.0.113.7") -> int:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR=address)
    return peek(querylimits.FAILURES_SCOPE, client_id(request), "5/15m")


def challenge_in(html: str) -> dict:
    """The challenge the page carries for its script (json_script), as the browser reads it."""
    match = re.search(r'<script id="query-check-challenge" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries no challenge"
    return json.loads(htmllib.unescape(match.group(1)))["challenge"]


def solve(html: str) -> str:
    """What the page's script does: find the counter, send challenge + solution as ALTCHA's base64 payload."""
    challenge = altcha.Challenge.from_dict(challenge_in(html))
    solution = altcha.solve_challenge(challenge, timeout=30)
    assert solution is not None
    return altcha.Payload(challenge, solution).to_base64()


def test_four_failures_ask_nothing_the_fifth_brings_the_check_with_its_reason(certificate):
    browser = client()
    assert CHECK not in fail(browser, 4)
    html = fail(browser, 1)
    assert CHECK in html and WHY in html and "无需识别图片" in html
    assert 'role="status"' in html and "certificates/challenge.js" in html
    again = browser.get("/certificates/query/").content.decode()
    assert CHECK in again and challenge_in(again) != challenge_in(html)  # a fresh challenge every time
    assert CHECK in browser.get("/certificates/special/query/").content.decode()


def test_invalid_forms_are_not_failures(certificate):
    browser = client()
    for _ in range(6):
        assert browser.post("/certificates/query/", {"mode": "id", "name": "张三"}).status_code == 200
    assert failures() == 0
    assert CHECK not in browser.get("/certificates/query/").content.decode()


@pytest.mark.parametrize("payload", ["", "not base64 at all", "eyJjaGFsbGVuZ2UiOiAxfQ==", "A" * 5000])
def test_without_a_solved_check_the_query_is_refused_and_changes_nothing(certificate, payload):
    browser = client()
    fail(browser, 5)
    response = query(browser, altcha_payload=payload)
    html = response.content.decode()
    assert REFUSED in html and CHECK in html
    assert certificate.number not in html and 'data-testid="no-match"' not in html and "/holder/" not in html
    assert failures() == 5


def test_a_wrong_answer_or_an_altered_challenge_is_refused(certificate):
    browser = client()
    html = fail(browser, 5)
    good = json.loads(base64.b64decode(solve(html)))
    wrong_answer = {**good, "solution": {**good["solution"], "counter": good["solution"]["counter"] + 1}}
    easier = json.loads(json.dumps(good))
    easier["challenge"]["parameters"]["cost"] = 1
    for forged in (wrong_answer, easier):
        payload = base64.b64encode(json.dumps(forged).encode()).decode()
        assert REFUSED in query(browser, altcha_payload=payload).content.decode()
    assert failures() == 5


def test_a_solved_check_runs_one_query_and_cannot_be_used_again(certificate):
    browser = client()
    html = fail(browser, 5)
    payload = solve(html)
    answered = query(browser, altcha_payload=payload).content.decode()
    assert certificate.number in answered and REFUSED not in answered
    assert "/holder/" in answered  # the full answer, holder page included
    replayed = query(browser, altcha_payload=payload).content.decode()
    assert REFUSED in replayed and certificate.number not in replayed


def test_a_failed_query_with_a_solved_check_still_counts(certificate):
    browser = client()
    html = fail(browser, 5)
    answered = query(browser, name="李四", altcha_payload=solve(html)).content.decode()
    assert 'data-testid="no-match"' in answered and CHECK in answered
    assert failures() == 6


def test_a_check_solved_for_another_client_or_too_late_is_refused(certificate, limits):
    mine, other = client("203.0.113.7"), client("198.51.100.9")
    fail(other, 5)
    html = fail(mine, 5)
    payload = solve(html)
    assert REFUSED in query(other, altcha_payload=payload).content.decode()
    limits.shift(dt.timedelta(minutes=10, seconds=1))  # the challenge lived 10 minutes; the window 15
    late = query(mine, altcha_payload=payload).content.decode()
    assert REFUSED in late and certificate.number not in late


def test_other_clients_are_not_asked(certificate):
    fail(client("203.0.113.7"), 5)
    other = client("198.51.100.9")
    assert CHECK not in other.get("/certificates/query/").content.decode()
    html = query(other).content.decode()
    assert certificate.number in html and REFUSED not in html


def test_a_success_does_not_end_the_check_early_the_window_does(certificate, limits):
    browser = client()
    html = fail(browser, 5)
    assert certificate.number in query(browser, altcha_payload=solve(html)).content.decode()
    assert CHECK in browser.get("/certificates/query/").content.decode()
    limits.shift(dt.timedelta(minutes=15))
    assert CHECK not in browser.get("/certificates/query/").content.decode()
    assert certificate.number in query(browser).content.decode()


def test_the_api_answers_429_after_the_same_failures(certificate):
    browser = client()
    for _ in range(4):
        wrong = browser.post("/api/v1/certificates/query", {"name": "李四", "id_number": ID}, "application/json")
        assert wrong.json() == {"count": 0, "certificates": []}
    fail(browser, 1)  # failures on the page and through the API are one count
    refused = browser.post("/api/v1/certificates/query", {"name": "张三", "id_number": ID}, "application/json")
    assert refused.status_code == 429
    body = refused.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == "too_many_failed_queries"
    assert "未找到证书" in body["message"] and int(refused["Retry-After"]) == 15 * 60
    assert certificate.number not in refused.content.decode()
    english = browser.post(
        "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, "application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 429 and "found no certificate" in english.json()["message"]
    assert failures() == 5  # a refused query counts nothing
    other = client("198.51.100.9").post(
        "/api/v1/certificates/query", {"name": "张三", "id_number": ID}, "application/json"
    )
    assert other.status_code == 200 and other.json()["count"] == 1


def test_the_check_is_explained_in_english_too(certificate):
    browser = client()
    fail(browser, 5)
    html = browser.get("/certificates/query/?lang=en").content.decode()
    assert "found no certificate" in html and "nothing to read, look at or listen to" in html


@pytest.mark.parametrize("store", ["database", "cache"])
def test_a_spent_check_is_refused_by_either_shared_store(settings, store):
    from skillcert.core.ratelimit import claim_once

    settings.RATE_LIMIT_STORE = store
    expires_at = int(START.timestamp()) + 600
    assert claim_once("challenge-test", "signature-a", expires_at) is True
    assert claim_once("challenge-test", "signature-a", expires_at) is False
    assert claim_once("challenge-test", "signature-b", expires_at) is True
