"""Rate limits at their edges: the rate syntax, the message a refused client reads, both stores, every client rule.

Time is frozen in every test that counts, so no test straddles a window boundary.
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from skillcert.core import ratelimit
from skillcert.core.models import RateCounter
from skillcert.core.ratelimit import RateLimited, check_rate, client_address, client_id, hit, parse_rate, peek

FROZEN = "2026-03-02 10:00:30 +0800"  # 30 seconds into a minute and into an hour
factory = RequestFactory()


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cache_store(settings):
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "m3-rl"}}
    cache.clear()
    yield
    cache.clear()


def request_from(address: str = "10.0.0.1", forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return factory.post("/", REMOTE_ADDR=address, **extra)


# -- the rate syntax -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("1/s", (1, 1)),
        ("20/m", (20, 60)),
        ("5/h", (5, 3600)),
        ("100/d", (100, 86400)),
        ("5/15m", (5, 900)),
        (" 7 / 2 H ", (7, 7200)),
        ("30/min", (30, 60)),
        ("3/hour", (3, 3600)),
        ("2/Day", (2, 86400)),
    ],
)
def test_every_unit_and_spelling_of_a_rate(rate: str, parsed: tuple[int, int]) -> None:
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["many", "20/", "/m", "20/w", "x20/m", "20/m x", "20m"])
def test_a_malformed_rate_is_refused_naming_it(rate: str) -> None:
    with pytest.raises(ValueError, match=r"a rate looks like 20/m or 5/15m, not ") as error:
        parse_rate(rate)
    assert repr(rate) in str(error.value)


# -- what a refused client reads ----------------------------------------------------------------------------


def test_the_refusal_says_how_long_to_wait_in_chinese_and_in_english() -> None:
    with translation.override("zh-hans"):
        assert str(RateLimited(retry_after=42).message) == "您所在网络的查询次数过多，请等待 42 秒后再试。"
    with translation.override("en"):
        refused = RateLimited(retry_after=42)
        assert str(refused.message) == "Too many queries from your network. Please wait 42 seconds and try again."
    assert refused.retry_after == 42
    assert refused.status_code == 429
    assert refused.as_dict()["code"] == "rate_limited"


def test_a_refusal_with_its_own_message_keeps_it() -> None:
    refused = RateLimited(retry_after=5, message="稍后再试")
    assert str(refused.message) == "稍后再试"
    assert refused.retry_after == 5


# -- counting --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hit_reports_the_count_the_limit_and_the_seconds_left(frozen) -> None:
    assert hit("h", "me", "3/m") == (1, 3, 30)
    assert hit("h", "me", "3/m", cost=2) == (3, 3, 30)
    assert hit("h", "other", "3/m") == (1, 3, 30)
    assert hit("h", "me", "10/h") == (1, 10, 3570)  # same subject, another window length: another window
    frozen.shift(29)
    assert hit("h", "me", "3/m") == (4, 3, 1)  # the last second of the window
    frozen.shift(1)
    assert hit("h", "me", "3/m") == (1, 3, 60)  # the first second of the next window


@pytest.mark.django_db
def test_the_limit_itself_passes_and_one_more_is_refused(frozen) -> None:
    me = request_from("10.0.0.3")
    check_rate(me, "edge", "2/m")
    check_rate(me, "edge", "2/m")
    with pytest.raises(RateLimited) as refused:
        check_rate(me, "edge", "2/m")
    assert refused.value.retry_after == 30


@pytest.mark.django_db
def test_a_costly_request_counts_its_cost_and_a_cost_below_one_counts_one(frozen) -> None:
    me = request_from("10.0.0.4")
    check_rate(me, "cost", "5/m", cost=4)
    with pytest.raises(RateLimited):
        check_rate(me, "cost", "5/m", cost=2)
    other = request_from("10.0.0.5")
    for _ in range(3):
        check_rate(other, "zero", "3/m", cost=0)
    with pytest.raises(RateLimited):
        check_rate(other, "zero", "3/m", cost=0)
    assert peek("zero", client_id(other), "3/m") == 4


@pytest.mark.django_db
def test_without_a_rate_the_query_limit_of_the_settings_applies(frozen, settings) -> None:
    settings.QUERY_RATE_LIMIT = "2/m"
    me = request_from("10.0.0.6")
    check_rate(me, "default")
    check_rate(me, "default")
    with pytest.raises(RateLimited):
        check_rate(me, "default")


@pytest.mark.django_db
def test_peek_reads_the_count_without_counting(frozen) -> None:
    assert peek("p", "me", "3/m") == 0
    hit("p", "me", "3/m", cost=2)
    assert peek("p", "me", "3/m") == 2
    assert peek("p", "me", "3/m") == 2
    assert peek("p", "other", "3/m") == 0
    frozen.shift(30)
    assert peek("p", "me", "3/m") == 0  # a new window


@pytest.mark.django_db
def test_a_new_window_forgets_the_windows_that_ended_and_keeps_the_current_ones(frozen) -> None:
    hit("old", "a", "3/m")
    hit("long", "a", "3/h")
    frozen.shift(31)  # one second into the next minute: the first window has ended
    assert hit("old", "a", "3/m") == (1, 3, 59)
    remaining = set(RateCounter.objects.values_list("bucket", flat=True))
    minute = (1772416830 + 31) // 60
    hour = 1772416830 // 3600
    assert remaining == {f"old:a:{minute}", f"long:a:{hour}"}
    assert RateCounter.objects.get(bucket=f"old:a:{minute}").expires_at == (minute + 1) * 60


@pytest.mark.django_db
def test_a_second_request_in_a_window_forgets_nothing(frozen) -> None:
    hit("keep", "a", "3/m")
    RateCounter.objects.create(bucket="ended", count=1, expires_at=1772416830 - 1)
    hit("keep", "a", "3/m")
    assert RateCounter.objects.filter(bucket="ended").exists()
    hit("keep", "b", "3/m")  # a new window of another client prunes
    assert not RateCounter.objects.filter(bucket="ended").exists()


@pytest.mark.django_db
def test_a_window_ending_right_now_is_kept_until_it_has_passed(frozen) -> None:
    RateCounter.objects.create(bucket="ends-now", count=1, expires_at=1772416830)
    hit("prune", "a", "3/m")
    assert RateCounter.objects.filter(bucket="ends-now").exists()


def test_the_cache_store_counts_limits_and_peeks(frozen, cache_store) -> None:
    me = request_from("10.0.0.9")
    assert hit("c", "me", "2/m") == (1, 2, 30)
    assert hit("c", "me", "2/m", cost=3) == (4, 2, 30)
    assert peek("c", "me", "2/m") == 4
    assert peek("c", "other", "2/m") == 0
    assert cache.get(f"rl:c:me:{1772416830 // 60}") == 4
    check_rate(me, "cs", "1/m")
    with pytest.raises(RateLimited):
        check_rate(me, "cs", "1/m")
    frozen.shift(30)
    assert hit("c", "me", "2/m") == (1, 2, 60)


def test_the_cache_store_keeps_a_window_one_second_longer_than_the_window(frozen, cache_store) -> None:
    key = f"rl:t:me:{1772416830 // 60}"
    hit("t", "me", "2/m")
    frozen.shift(60)
    assert cache.get(key) == 1
    frozen.shift(1)
    assert cache.get(key) is None


class _VanishingCache:
    """A cache whose key expires right after ``add``: ``incr`` finds nothing."""

    def __init__(self) -> None:
        self.stored: dict[str, tuple[object, object]] = {}

    def add(self, key: str, value: object, timeout: object = None) -> bool:
        return True

    def incr(self, key: str, delta: int = 1) -> int:
        raise ValueError(f"Key {key!r} not found.")

    def set(self, key: str, value: object, timeout: object = None) -> None:
        self.stored[key] = (value, timeout)


def test_a_cache_count_expiring_between_add_and_incr_starts_again_at_the_cost(frozen, cache_store, monkeypatch) -> None:
    vanishing = _VanishingCache()
    monkeypatch.setattr(ratelimit, "cache", vanishing)
    assert hit("gone", "me", "2/m", cost=3) == (3, 2, 30)
    assert vanishing.stored == {f"rl:gone:me:{1772416830 // 60}": (3, 61)}


# -- who the client is --------------------------------------------------------------------------------------


def test_without_trusted_hops_the_address_is_the_connection(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from("10.0.0.1", forwarded="1.1.1.1")) == "10.0.0.1"
    settings.TRUSTED_PROXY_HOPS = -1
    assert client_address(request_from("10.0.0.1", forwarded="1.1.1.1")) == "10.0.0.1"


def test_a_trusted_proxy_with_an_empty_or_blank_header_falls_back_to_the_connection(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request_from("10.0.0.2", forwarded="")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", forwarded=" , ,")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", forwarded=" 203.0.113.5 ,  ")) == "203.0.113.5"


def test_more_trusted_hops_than_entries_take_the_leftmost(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 3
    assert client_address(request_from("10.0.0.2", forwarded="198.51.100.1, 10.1.1.1")) == "198.51.100.1"
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request_from("10.0.0.2", forwarded="6.6.6.6, 198.51.100.1, 10.1.1.1")) == "198.51.100.1"


def test_a_request_without_an_address_is_one_client(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 0
    request = factory.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_each_client_is_counted_per_network(address: str, network: str) -> None:
    assert ratelimit._network_of(address) == network


def test_ipv6_networks_are_told_apart_and_mapped_ipv4_is_the_ipv4_client() -> None:
    assert client_id(request_from("2001:db8:1:2::1")) == client_id(request_from("2001:db8:1:2::2"))
    assert client_id(request_from("2001:db8:1:2::1")) != client_id(request_from("2001:db8:1:3::1"))
    assert client_id(request_from("::ffff:203.0.113.7")) == client_id(request_from("203.0.113.7"))
    assert client_id(request_from("203.0.113.7")) != client_id(request_from("203.0.113.8"))


def test_client_and_account_ids_are_short_keyed_hashes_never_the_clear_value(settings) -> None:
    first = client_id(request_from("203.0.113.7"))
    assert len(first) == 24 and "203" not in first
    assert set(first) <= set("0123456789abcdef")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert client_id(request_from("203.0.113.7")) != first


def test_an_account_is_one_subject_whatever_its_case_and_spaces() -> None:
    assert ratelimit.subject_id("  Zhang.San ") == ratelimit.subject_id("zhang.san")
    assert ratelimit.subject_id("zhang.san") != ratelimit.subject_id("zhang.si")
    assert ratelimit.subject_id("zhang.san") != ratelimit._digest("zhang.sa")
    assert len(ratelimit.subject_id("zhang.san")) == 24


@pytest.mark.django_db
def test_each_scope_counts_apart(frozen) -> None:
    me = request_from("10.0.0.10")
    check_rate(me, "certificate-query", "1/m")
    check_rate(me, "claim-check", "1/m")  # another limit of the same client: its own count
    with pytest.raises(RateLimited):
        check_rate(me, "certificate-query", "1/m")


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(settings) -> None:
    del settings.TRUSTED_PROXY_HOPS
    assert client_address(request_from("10.0.0.1", forwarded="1.1.1.1")) == "10.0.0.1"


class _ConcurrentWorker:
    """The real cache, with another worker's request landing right after this worker's first increment."""

    def __init__(self, real: object, other_request: object) -> None:
        self.real = real
        self.other_request = other_request
        self.other_count: int | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)

    def incr(self, key: str, delta: int = 1) -> int:
        try:
            return self.real.incr(key, delta)  # type: ignore[attr-defined]
        finally:
            if self.other_count is None:
                self.other_count = 0
                self.other_count = self.other_request()  # type: ignore[operator]


def test_the_cache_store_never_lets_two_workers_both_pass_the_first_place(frozen, cache_store, monkeypatch) -> None:
    worker = _ConcurrentWorker(cache, lambda: hit("race", "me", "1/m")[0])
    monkeypatch.setattr(ratelimit, "cache", worker)
    mine = hit("race", "me", "1/m")[0]
    assert sorted([mine, worker.other_count]) == [1, 2]  # one of the two is past the limit of one
