"""``Model.objects.restrict(user, action)``: the one way back-office pages, lists and selectors narrow rows.

A registry leaks when one list forgets to narrow its rows to the signed-in user. Each model whose
rows are user-scoped gets a queryset built on :class:`RestrictedQuerySet`; its app writes the rule
(:meth:`RestrictedQuerySet.rule`) next to the model, and every page asks ``restrict`` instead of
testing roles itself. The permission map (``core/permissions.py``) decides who may open a page;
``restrict`` decides which rows that page may show or act on.

Shared here: the method's signature, the actions (``view`` to read, ``change`` to act), and "an
anonymous or inactive user gets no rows", so no rule has to remember it.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db.models import Model, QuerySet

VIEW = "view"
CHANGE = "change"
ACTIONS = frozenset({VIEW, CHANGE})

M = TypeVar("M", bound=Model)


class UnknownAction(ValueError):
    """A programming error: ``restrict`` was asked for an action outside :data:`ACTIONS`."""


def signed_in(user: Any) -> bool:
    """An authenticated, active account (anonymous users and deactivated accounts see nothing)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


class RestrictedQuerySet(QuerySet[M]):
    """A queryset that knows which of its rows a user may see (``view``) or act on (``change``)."""

    def restrict(self, user: Any, action: str = VIEW) -> Self:
        """The rows ``user`` may ``view`` or ``change``; none for anonymous users. Filters; never raises for rows."""
        if action not in ACTIONS:
            raise UnknownAction(f"restrict() knows the actions {sorted(ACTIONS)}, not {action!r}")
        if not signed_in(user):
            return self.none()
        return self.rule(user, action)

    def rule(self, user: Any, action: str) -> Self:
        """The model's own rule for a signed-in ``user``; each app writes it next to its model."""
        raise NotImplementedError(f"{type(self).__name__} must define rule(user, action)")
