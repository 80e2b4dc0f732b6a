"""Rate limits: one count for every worker process, atomic, keyed on the right client address.

Time is frozen in every test so that no test straddles a window boundary.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
import time_machine
from django.core.checks.registry import registry
from django.db import connection, connections
from django.test import RequestFactory

from skillcert.core import ratelimit
from skillcert.core.ratelimit import RateLimited, check_rate, parse_rate

FROZEN = "2026-03-02 10:00:30 +0800"
factory = RequestFactory()


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


def request_from(address: str = "10.0.0.1", forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return factory.post("/", REMOTE_ADDR=address, **extra)


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def test_parse_rate():
    assert parse_rate("20/m") == (20, 60)
    assert parse_rate("5/h") == (5, 3600)
    assert parse_rate("5/15m") == (5, 900)
    with pytest.raises(ValueError):
        parse_rate("many")


@pytest.mark.django_db
def test_limit_refuses_past_the_limit_per_client_and_opens_in_the_next_window(frozen):
    me, other = request_from("10.0.0.1"), request_from("10.0.0.2")
    for _ in range(3):
        check_rate(me, "t", "3/m")
    with pytest.raises(RateLimited) as caught:
        check_rate(me, "t", "3/m")
    assert caught.value.status_code == 429 and caught.value.retry_after == 30
    check_rate(other, "t", "3/m")  # another client is not affected
    frozen.shift(30)
    check_rate(me, "t", "3/m")  # a new window


def _child_requests(n: int) -> None:
    """In a forked worker process: make ``n`` requests; exit 3 when one was refused."""
    try:
        for _ in range(n):
            check_rate(request_from("10.9.9.9"), "shared", "6/m")
    except RateLimited:
        os._exit(3)
    finally:
        connections.close_all()
    os._exit(0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("sys.platform == 'win32'")
def test_worker_processes_share_one_count(frozen):
    """Two worker processes make three requests each (limit six); the seventh, in this process, is refused."""
    if _in_memory_sqlite():
        pytest.skip("an in-memory SQLite test database is private to this process (runs on PostgreSQL)")
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    for _ in range(2):
        worker = context.Process(target=_child_requests, args=(3,))
        worker.start()
        worker.join(60)
        assert worker.exitcode == 0
    with pytest.raises(RateLimited):
        check_rate(request_from("10.9.9.9"), "shared", "6/m")


def _in_thread(function, *args):
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(function(*args))
        except Exception as exc:
            outcome.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return outcome[0]


@pytest.mark.django_db(transaction=True)
def test_two_database_connections_share_one_count(frozen):
    me = request_from("10.0.0.7")
    for _ in range(2):
        assert _in_thread(check_rate, me, "conn", "3/m") is None  # another thread: another connection
    check_rate(me, "conn", "3/m")
    assert isinstance(_in_thread(check_rate, me, "conn", "3/m"), RateLimited)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_both_pass_the_last_place(frozen):
    """Eight workers ask at the same moment for a limit of three: exactly three pass."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    barrier = threading.Barrier(8)
    me = request_from("10.0.0.8")

    def ask() -> bool:
        barrier.wait(30)
        try:
            check_rate(me, "race", "3/m")
        except RateLimited:
            return False
        return True

    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(_in_thread(ask))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [False] * 5 + [True] * 3


@pytest.mark.django_db
def test_forged_forwarded_for_is_ignored_without_a_trusted_proxy(frozen, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # even behind a TLS proxy
    settings.TRUSTED_PROXY_HOPS = 0
    check_rate(request_from("10.0.0.1", forwarded="1.1.1.1"), "xff", "1/m")
    with pytest.raises(RateLimited):
        check_rate(request_from("10.0.0.1", forwarded="2.2.2.2"), "xff", "1/m")
    assert ratelimit.client_address(request_from("10.0.0.1", forwarded="2.2.2.2")) == "10.0.0.1"


@pytest.mark.django_db
def test_one_trusted_proxy_counts_the_address_it_saw_not_the_forged_left_part(frozen, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_HOPS = 1
    assert ratelimit.client_address(request_from("10.0.0.254", forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    check_rate(request_from("10.0.0.254", forwarded="1.1.1.1, 203.0.113.9"), "hop1", "1/m")
    with pytest.raises(RateLimited):
        check_rate(request_from("10.0.0.254", forwarded="2.2.2.2, 203.0.113.9"), "hop1", "1/m")
    check_rate(request_from("10.0.0.254", forwarded="203.0.113.10"), "hop1", "1/m")  # another client


def test_two_trusted_proxies_pick_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    chain = "6.6.6.6, 198.51.100.4, 10.1.1.1"  # forged, the client (seen by the CDN), the CDN (seen by nginx)
    assert ratelimit.client_address(request_from("10.0.0.254", forwarded=chain)) == "198.51.100.4"
    assert ratelimit.client_address(request_from("10.0.0.254", forwarded="198.51.100.4")) == "198.51.100.4"
    assert ratelimit.client_address(request_from("10.0.0.254")) == "10.0.0.254"


@pytest.mark.django_db
def test_ipv6_clients_are_counted_per_network(frozen):
    check_rate(request_from("2001:db8:1:2::1"), "v6", "1/m")
    with pytest.raises(RateLimited):
        check_rate(request_from("2001:db8:1:2::ffff"), "v6", "1/m")


def _deploy_check_messages() -> str:
    """The ids of the errors of every check registered for ``skillcert check --deploy`` about the limit store."""
    from skillcert.core import checks as limit_checks

    assert limit_checks.rate_limit_store in registry.get_checks(include_deployment_checks=True)
    assert limit_checks.rate_limit_store not in registry.get_checks(include_deployment_checks=False)
    return " ".join(message.id or "" for message in limit_checks.rate_limit_store(None))


def test_deploy_check_refuses_a_per_process_limit_store_with_several_workers(settings):
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.WORKERS = 3
    assert "skillcert.E401" in _deploy_check_messages()
    settings.WORKERS = 1
    assert "skillcert.E401" not in _deploy_check_messages()


def test_deploy_check_accepts_the_database_store_and_redis(settings):
    settings.WORKERS = 4
    settings.RATE_LIMIT_STORE = "database"
    assert "skillcert.E401" not in _deploy_check_messages()
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert "skillcert.E401" not in _deploy_check_messages()
