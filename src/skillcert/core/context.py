"""Per-request context (request id, acting user, batch id) kept in context variables.

Services read the actor and ids from here so that every change-log entry says
who acted and in which request or batch, without threading them through every
call. Jobs and CLI commands set the same variables with :func:`acting_as`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
actor_var: ContextVar[Any] = ContextVar("actor", default=None)
batch_id_var: ContextVar[str] = ContextVar("batch_id", default="")


def new_request_id() -> str:
    """Return a fresh random request id (32 hex characters)."""
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting_as(actor: Any = None, *, batch_id: str = "", request_id: str | None = None) -> Iterator[None]:
    """Run a block on behalf of ``actor`` (a user or ``None`` for the system), optionally inside a batch."""
    tokens = [
        (actor_var, actor_var.set(actor)),
        (batch_id_var, batch_id_var.set(batch_id)),
        (request_id_var, request_id_var.set(request_id or request_id_var.get() or new_request_id())),
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
