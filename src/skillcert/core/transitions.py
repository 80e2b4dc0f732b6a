"""One way to move a record from one status to the next: lock, check, snapshot, apply, save, log.

Certificates, institutions, competitions, complaints and assessment batches each have a status
that may only move along a table kept in their app's ``choices.py``. The table has one shape
everywhere, ``{action: Move(sources, target)}``, and every move goes through :func:`apply`, so
none of them can forget the row lock, the check against the table or the change-log entry, and
every entry names its action ``<object_type>.<action>`` (``certificates.certificate.revoke``) and
the actor the caller passed (never one read from the request).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.db import models

from skillcert.core.errors import NotAllowed

if TYPE_CHECKING:
    from skillcert.core.actors import Actor

M = TypeVar("M", bound=models.Model)


class Move(NamedTuple):
    """One allowed action: the states it may start from and the state it leads to."""

    sources: frozenset[str]
    target: str


def move(sources: Iterable[str], target: str) -> Move:
    """A :class:`Move` from plain strings (the tables are written with enum members)."""
    return Move(frozenset(str(s) for s in sources), str(target))


def allowed_actions(table: Mapping[str, Move], current: str) -> list[str]:
    """The actions a record in state ``current`` may take, in the table's order."""
    return [action for action, step in table.items() if current in step.sources]


def action_to(table: Mapping[str, Move], current: str, target: str) -> str | None:
    """The action that takes a record from ``current`` to ``target``, or ``None`` when the table has none."""
    for action, step in table.items():
        if step.target == target and current in step.sources:
            return action
    return None


@dataclass(frozen=True)
class Workflow:
    """How one model's status moves: its table, the status field, what the change log keeps.

    ``refused(row, action)`` words the app's own refusal (raised as ``transition_not_allowed``);
    ``on_enter(row, target)`` sets what entering a state implies besides the status (deadlines,
    closing dates); ``save_fields`` limits the save to those columns (all of them when ``None``).
    """

    model: type[models.Model]
    object_type: str
    table: Mapping[str, Move]
    logged: tuple[str, ...]
    refused: Callable[[Any, str], str]
    field: str = "status"
    related: tuple[str, ...] = ()
    on_enter: Callable[[Any, str], None] | None = None
    save_fields: tuple[str, ...] | None = None

    def code(self, action: str) -> str:
        """The change-log action code of ``action`` (``app.object.verb``)."""
        return f"{self.object_type}.{action!s}"

    def lock(self, pk: Any) -> Any:
        """Re-read the row under a lock; only the row itself when related rows are joined.

        PostgreSQL refuses ``FOR UPDATE`` on the nullable side of an outer join, hence ``of=("self",)``.
        """
        manager = self.model._default_manager
        if self.related:
            return manager.select_for_update(of=("self",)).select_related(*self.related).get(pk=pk)
        return manager.select_for_update().get(pk=pk)


def apply(
    workflow: Workflow,
    instance: M,
    action: str,
    *,
    actor: Actor,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    guard: Callable[[M], None] | None = None,
    logged_after: Mapping[str, Any] | None = None,
    logged: tuple[str, ...] | None = None,
) -> M:
    """Move ``instance`` by ``action`` inside the caller's transaction and return the locked, saved row.

    ``guard(row)`` runs on the locked row before the table is consulted (who may act on it);
    ``changes`` are further fields the action sets; ``logged`` replaces the workflow's logged fields
    for this action and ``logged_after`` adds to the entry's "after".
    """
    from skillcert.core.changelog import record_change, snapshot  # the log's models load after the tables

    row: M = workflow.lock(instance.pk)
    if guard is not None:
        guard(row)
    sources, target = workflow.table[action]
    if getattr(row, workflow.field) not in sources:
        raise NotAllowed(workflow.refused(row, action), code="transition_not_allowed")
    fields = list(workflow.logged if logged is None else logged)
    before = snapshot(row, fields)
    for name, value in (changes or {}).items():
        setattr(row, name, value)
    setattr(row, workflow.field, target)
    if workflow.on_enter is not None:
        workflow.on_enter(row, target)
    if workflow.save_fields is None:
        row.save()
    else:
        row.save(update_fields=list(workflow.save_fields))
    record_change(
        action=workflow.code(action),
        object_type=workflow.object_type,
        object_id=str(getattr(row, "public_id", row.pk)),
        before=before,
        after={**snapshot(row, fields), **(logged_after or {})},
        reason=reason,
        actor=actor,
    )
    return row
