"""A proof-of-work check (ALTCHA) that one client passes before a request, once it has failed too often.

Why a check at all: the public certificate query answers "nothing found" the same for a wrong
name, a wrong ID number and no certificate, so the one thing an enumerator does all the time is
*fail*. After repeated failures a client is asked to spend about a second of its own computer's
time on each further query: nothing for a person, a real cost for a script trying thousands.

Why this form of it:

* The challenges are issued and verified by ``altcha``, the ALTCHA project's own Python library
  (maintained, MIT), in its documented v2 format with PBKDF2/SHA-256, which every current
  browser computes natively (Web Crypto); nothing is fetched from another site.
* The browser side is our static ``certificates/challenge.js``. ALTCHA's own widget adds a ``<style>``
  element and starts its workers from ``blob:`` addresses, both refused by our Content-Security-
  Policy, and its separate-file build is only published on npm, which serving the site must not
  need.
* There is no picture, word or sound to recognise: the browser solves it by itself, keyboard and
  screen-reader users are asked nothing more than anyone else, and its progress is announced in a
  live region.

Each challenge is signed, names what it is for and the client it was issued to, expires after
``QUERY_CHALLENGE_SECONDS`` and buys one request: a solved one is spent in the shared rate-limit
store (:func:`skillcert.core.ratelimit.claim_once`), so no worker accepts it twice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

import altcha
from django.conf import settings
from django.http import HttpRequest

from skillcert.core.ratelimit import claim_once, client_id

ALGORITHM = "PBKDF2/SHA-256"
MAX_PAYLOAD_CHARS = 4096  # a solved challenge is ~700 characters; anything much longer is not one of ours


def _secret() -> str:
    """The signing key of challenges, derived from the site's secret key (nothing else to keep)."""
    return hmac.new(settings.SECRET_KEY.encode(), b"skillcert.challenge", hashlib.sha256).hexdigest()


def _binding(request: HttpRequest, purpose: str) -> dict[str, str]:
    """What a challenge is for and whom it was issued to (a keyed hash of the client, never its address)."""
    return {"purpose": purpose, "client": client_id(request)}


def issue(request: HttpRequest, purpose: str) -> dict[str, Any]:
    """A new signed challenge for this client, as the JSON the browser solves.

    The server picks the answer (a counter below ``QUERY_CHALLENGE_MAX_COUNTER``) and publishes
    only a prefix of its PBKDF2 key: the browser finds it by trying counters from 0 up, on
    average half the maximum times ``QUERY_CHALLENGE_COST`` iterations.
    """
    challenge = altcha.create_challenge(
        ALGORITHM,
        settings.QUERY_CHALLENGE_COST,
        counter=secrets.randbelow(settings.QUERY_CHALLENGE_MAX_COUNTER),
        expires_at=int(time.time()) + settings.QUERY_CHALLENGE_SECONDS,
        data=_binding(request, purpose),
        hmac_secret=_secret(),
    )
    return challenge.to_dict()


def accept(request: HttpRequest, purpose: str, payload: str) -> bool:
    """Whether ``payload`` solves a challenge we issued to this client for ``purpose``; spends it if so.

    Refused: empty, oversized or malformed payloads, a wrong answer, an altered or unsigned
    challenge, one that expired, was issued for another purpose or client, or was already used.
    """
    if not payload or len(payload) > MAX_PAYLOAD_CHARS:
        return False
    try:
        parsed = altcha.Payload.from_base64(payload)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False
    if not altcha.verify_solution(parsed, _secret()).verified:
        return False
    parameters = parsed.challenge.parameters
    if parameters.data != _binding(request, purpose) or not isinstance(parameters.expires_at, int):
        return False
    return claim_once(f"challenge-{purpose}", str(parsed.challenge.signature), parameters.expires_at)
