"""Per-client rate limits for public look-ups and sign-in, counted once for every worker process.

Counts live where every worker sees them and are incremented atomically:

* ``database`` (the default, no extra service): one row per client and window in
  :class:`~skillcert.core.models.RateCounter`, incremented by a single
  ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``
  (SQLite ≥ 3.35 and PostgreSQL), so two workers counting at once never both pass;
* ``cache`` (the default when ``SKILLCERT_REDIS_URL`` is set): Redis' atomic ``INCR``.

A per-process cache (local memory) would give every worker its own count; the
deploy check in :mod:`skillcert.core.checks` refuses that set-up with more than
one worker. Fixed windows are enough here: the aim is to make enumerating names,
ID numbers and passwords impractical.

The client is the connecting address, or, behind ``SKILLCERT_TRUSTED_PROXY_HOPS``
proxies, the address that many hops from the right of ``X-Forwarded-For`` (the
one the outermost trusted proxy saw). Without trusted hops the header is ignored:
anyone can write it. Addresses are keyed-hashed before they are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from skillcert.core.errors import DomainError
from skillcert.core.models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])[a-z]*\s*$", re.IGNORECASE)


class RateLimited(DomainError):
    """Too many requests from this client (HTTP 429)."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        super().__init__(
            message
            or _("Too many queries from your network. Please wait %(seconds)s seconds and try again.")
            % {"seconds": retry_after}
        )
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    """Parse ``"20/m"`` into (20, 60) and ``"5/15m"`` into (5, 900)."""
    match = _RATE_RE.match(rate)
    if match is None:
        raise ValueError(f"a rate looks like 20/m or 5/15m, not {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit.lower()]


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the trusted hop of ``X-Forwarded-For``.

    With ``TRUSTED_PROXY_HOPS = N`` each trusted proxy appended the address it saw, so
    the N-th entry from the right is the one the outermost trusted proxy saw; entries
    left of it are the client's own words and ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0))
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return forwarded[-min(hops, len(forwarded))]


def _network_of(address: str) -> str:
    """IPv6 clients are counted per /64 (one subscriber's network), IPv4 per address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _digest(value: str) -> str:
    key = hashlib.sha256(b"skillcert.ratelimit:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def client_id(request: HttpRequest) -> str:
    """The client's network (see :func:`client_address`), keyed-hashed."""
    return _digest(_network_of(client_address(request)))


def subject_id(value: str) -> str:
    """A keyed hash of another subject of a limit (an account name), never stored in clear."""
    return _digest(value.strip().casefold())


def _increment_database(bucket: str, expires_at: int, cost: int) -> int:
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, count, expires_at) VALUES (%s, %s, %s) "  # noqa: S608 (table name is ours)
            f"ON CONFLICT (bucket) DO UPDATE SET count = {table}.count + %s RETURNING count",
            [bucket, cost, expires_at, cost],
        )
        count = int(cursor.fetchone()[0])
        if count == cost:  # a new window: forget the windows that ended
            cursor.execute(f"DELETE FROM {table} WHERE expires_at < %s", [int(time.time())])  # noqa: S608
    return count


def _increment_cache(bucket: str, timeout: int, cost: int) -> int:
    key = f"rl:{bucket}"
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key, cost))
    except ValueError:  # expired between add and incr
        cache.set(key, cost, timeout=timeout)
        return cost


def hit(scope: str, subject: str, rate: str, cost: int = 1) -> tuple[int, int, int]:
    """Count ``cost`` requests of ``subject`` in ``scope``; return (count, limit, seconds left in the window)."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now // period
    bucket = f"{scope}:{subject}:{window}"
    if settings.RATE_LIMIT_STORE == "cache":
        count = _increment_cache(bucket, period + 1, cost)
    else:
        count = _increment_database(bucket, (window + 1) * period, cost)
    return count, limit, period - now % period


def peek(scope: str, subject: str, rate: str) -> int:
    """The current count of ``subject`` in ``scope`` without counting a request."""
    _limit, period = parse_rate(rate)
    bucket = f"{scope}:{subject}:{int(time.time()) // period}"
    if settings.RATE_LIMIT_STORE == "cache":
        return int(cache.get(f"rl:{bucket}", 0))
    return RateCounter.objects.filter(bucket=bucket).values_list("count", flat=True).first() or 0


def check_rate(request: HttpRequest, scope: str, rate: str | None = None, cost: int = 1) -> None:
    """Count ``cost`` requests of ``scope`` for this client; raise :class:`RateLimited` past the limit."""
    count, limit, retry_after = hit(scope, client_id(request), rate or settings.QUERY_RATE_LIMIT, max(1, cost))
    if count > limit:
        raise RateLimited(retry_after=retry_after)


def seconds_left(rate: str) -> int:
    """Seconds until the current window of ``rate`` ends (when its counts start again)."""
    _limit, period = parse_rate(rate)
    return period - int(time.time()) % period


def claim_once(scope: str, token: str, expires_at: int) -> bool:
    """Mark ``token`` as spent until ``expires_at``; ``True`` only for the first claim, in any worker.

    A solved challenge must buy one query, not many: the claim uses the same shared, atomic
    store as the counts, so two workers given the same token at once never both accept it.
    """
    bucket = f"{scope}:{_digest(token)}"
    if settings.RATE_LIMIT_STORE == "cache":
        return bool(cache.add(f"rl:{bucket}", 1, timeout=max(1, expires_at - int(time.time()))))
    return _increment_database(bucket, expires_at, 1) == 1
