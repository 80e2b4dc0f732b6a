"""Writing the internal change log (NetBox ObjectChange style).

Every service that changes a record calls :func:`record_change` inside its
transaction with the actor it was given (:data:`skillcert.core.actors.Actor`): the log never
guesses who acted from the request, so an entry written by a job, a command or a test names the
account the caller named. Only the request id and the batch id come from :mod:`skillcert.core.context`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from skillcert.core.actors import Actor, user_or_none
from skillcert.core.context import batch_id_var, request_id_var
from skillcert.core.models import ChangeLogEntry


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Return a JSON-safe dict of the given fields (foreign keys as their string form)."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, (set, tuple)):
            value = sorted(value)
        data[name] = value
    return data


def _actor_fields(actor: Actor) -> dict[str, Any]:
    user = user_or_none(actor)
    return {"actor": user, "actor_label": user.get_username() if user is not None else "system"}


def record_changes(
    *, action: str, object_type: str, changes: list[tuple[str, dict[str, Any]]], reason: str = "", actor: Actor
) -> int:
    """Append one entry per ``(object_id, after)`` in bulk (batches of thousands), sharing actor and ids."""
    common = {
        **_actor_fields(actor),
        "request_id": request_id_var.get(),
        "batch_id": batch_id_var.get(),
        "action": action,
        "object_type": object_type,
        "reason": reason,
    }
    entries = [ChangeLogEntry(object_id=object_id, after=after, **common) for object_id, after in changes]
    ChangeLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def record_change(
    *,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    actor: Actor,
) -> ChangeLogEntry:
    """Append one change-log entry and return it."""
    return ChangeLogEntry.objects.create(
        **_actor_fields(actor),
        request_id=request_id_var.get(),
        batch_id=batch_id_var.get(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        reason=reason,
    )


def history(object_type: str, object_id: str) -> models.QuerySet[ChangeLogEntry]:
    """Return the change log of one object, newest first."""
    return ChangeLogEntry.objects.filter(object_type=object_type, object_id=object_id).select_related("actor")
