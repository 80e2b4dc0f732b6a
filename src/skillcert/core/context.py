"""Per-request context (request id, batch id) kept in context variables.

The change log reads the ids from here so that every entry says in which request or batch it
was written, without threading them through every call. Jobs and CLI commands set them with
:func:`acting_as`. Who acted is never kept here: every service takes its actor explicitly
(:mod:`skillcert.core.actors`), so an entry cannot name a user the caller did not name.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
batch_id_var: ContextVar[str] = ContextVar("batch_id", default="")


def new_request_id() -> str:
    """Return a fresh random request id (32 hex characters)."""
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting_as(*, batch_id: str = "", request_id: str | None = None) -> Iterator[None]:
    """Run a block with its own request id, optionally inside a batch (the actor is passed to each service)."""
    tokens = [
        (batch_id_var, batch_id_var.set(batch_id)),
        (request_id_var, request_id_var.set(request_id or request_id_var.get() or new_request_id())),
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
