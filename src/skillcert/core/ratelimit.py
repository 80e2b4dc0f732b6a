"""Per-client rate limits for public look-ups (SPEC §3.3), on Django's cache.

The cache is local memory by default and Redis when ``SKILLCERT_REDIS_URL`` is
set, so limits hold across several app servers in production. Fixed windows are
enough here: the aim is to make enumerating names and ID numbers impractical.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from skillcert.core.errors import DomainError

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(DomainError):
    """Too many requests from this client (HTTP 429)."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Too many queries from your network. Please wait %(seconds)s seconds and try again.")
            % {"seconds": retry_after}
        )
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    """Parse ``"20/m"`` into (20, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1] or "m"]


def client_id(request: HttpRequest) -> str:
    """The client's address (the first X-Forwarded-For hop only behind a trusted proxy), hashed."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.SECURE_PROXY_SSL_HEADER and request.headers.get("X-Forwarded-For"):
        address = request.headers["X-Forwarded-For"].split(",")[0].strip()
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def check_rate(request: HttpRequest, scope: str, rate: str | None = None) -> None:
    """Count one request of ``scope`` for this client; raise :class:`RateLimited` past the limit."""
    limit, period = parse_rate(rate or settings.QUERY_RATE_LIMIT)
    window = int(time.time() // period)
    key = f"rl:{scope}:{client_id(request)}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=period - int(time.time()) % period)
