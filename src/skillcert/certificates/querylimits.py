"""Failed public certificate queries per client, and what they cost that client afterwards.

A failed query is one that ran and found nothing (an invalid form never runs). Failures are
counted per client (the rate limiter's client key) in their own bucket, apart from the request
rate, in fixed windows of ``QUERY_FAILURES_BEFORE_CHALLENGE`` (5 per 15 minutes). From the limit
on, until that window ends:

* the query pages ask for a solved check (:mod:`skillcert.core.challenge`) before each query;
  a query without one is refused and counts nothing;
* the API, which cannot show a check, answers 429 with ``Retry-After`` (the window's end).

A query that finds a certificate does not end this early: the rule is the same for everyone
whatever they found, and a success changes no count. Queries made with a solved check still
count when they fail. Other clients are not affected.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from skillcert.core import challenge
from skillcert.core.ratelimit import RateLimited, client_id, hit, parse_rate, peek, seconds_left

FAILURES_SCOPE = "certificate-query-failed"
PURPOSE = "certificate-query"


class TooManyFailedQueries(RateLimited):
    """The API's answer once this client's failed queries reached the limit (HTTP 429)."""

    code = "too_many_failed_queries"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            retry_after,
            _(
                "Too many queries from your network found no certificate. Please wait %(seconds)s seconds before "
                "querying again, or use the query page, which asks for a short check instead."
            )
            % {"seconds": retry_after},
        )


def check_required(request: HttpRequest) -> bool:
    """Whether this client has failed often enough in the current window to be asked for a check."""
    limit, _period = parse_rate(settings.QUERY_FAILURES_BEFORE_CHALLENGE)
    return peek(FAILURES_SCOPE, client_id(request), settings.QUERY_FAILURES_BEFORE_CHALLENGE) >= limit


def window_minutes() -> int:
    """How long, at most, a client is asked for checks after its failures (the window, in minutes)."""
    return parse_rate(settings.QUERY_FAILURES_BEFORE_CHALLENGE)[1] // 60


def record_outcome(request: HttpRequest, found: bool) -> None:
    """Count a query that found nothing against this client; a query that found something counts nothing."""
    if not found:
        hit(FAILURES_SCOPE, client_id(request), settings.QUERY_FAILURES_BEFORE_CHALLENGE)


def refuse_api_query(request: HttpRequest) -> None:
    """Raise :class:`TooManyFailedQueries` when this client must pass a check the API cannot show."""
    if check_required(request):
        raise TooManyFailedQueries(seconds_left(settings.QUERY_FAILURES_BEFORE_CHALLENGE))


def new_check(request: HttpRequest) -> dict[str, object]:
    """A fresh challenge for this client's next query on a page, with the largest answer the browser need try."""
    return {"challenge": challenge.issue(request, PURPOSE), "maxCounter": settings.QUERY_CHALLENGE_MAX_COUNTER}


def check_passed(request: HttpRequest, payload: str) -> bool:
    """Whether the page's solved check is valid for this client and unused (it is spent now)."""
    return challenge.accept(request, PURPOSE, payload)
