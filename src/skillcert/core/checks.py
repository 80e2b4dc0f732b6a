"""System checks of the core plumbing, run by ``skillcert check --deploy``.

``skillcert.E401``: rate limits and sign-in throttling must be counted once for
every worker process. With a per-process cache (local memory, dummy) or a cache
whose increment is not atomic (file, database cache) as the limit store and more
than one worker, each worker keeps its own count and the limits multiply.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

SHARED_ATOMIC_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django_redis.cache.RedisCache",
)


@register(Tags.security, deploy=True)
def rate_limit_store(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Refuse a limit store that is per process (or not atomic) when several workers serve requests."""
    if settings.RATE_LIMIT_STORE != "cache" or settings.WORKERS <= 1:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_ATOMIC_CACHES:
        return []
    return [
        Error(
            f"Rate limits are counted in the cache {backend!r}, which is per process or not atomic, "
            f"while SKILLCERT_WORKERS={settings.WORKERS}: every worker would keep its own count.",
            hint="Unset SKILLCERT_RATE_LIMIT_STORE (counts in the database), set SKILLCERT_REDIS_URL, "
            "or run one worker.",
            id="skillcert.E401",
        )
    ]
