"""Who acts on a service: a signed-in user, an anonymous visitor, or ``None`` for the system.

Every service takes its actor as an explicit keyword argument typed :data:`Actor`: the change log
records exactly the account the caller names, never one guessed from a thread-local, so a job, a
command or a test calling a service outside any request still logs the right person.
``None`` means the system itself (scheduled jobs, the command line, the demo builder).
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = User | AnonymousUser | None


def user_or_none(actor: Actor) -> User | None:
    """The signed-in account behind ``actor`` (``None`` for the system or an anonymous visitor)."""
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    return actor
