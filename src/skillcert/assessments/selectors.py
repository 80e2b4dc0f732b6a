"""Reads of assessment batches, always restricted to what the user may see (``Batch.objects.restrict``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from skillcert.assessments.models import Batch
from skillcert.core.querysets import VIEW


def batches_for(user: Any, action: str = VIEW) -> QuerySet[Batch]:
    """The batches ``user`` may ``view`` or ``change`` (rule: :class:`~skillcert.assessments.models.BatchQuerySet`)."""
    return (
        Batch.objects.restrict(user, action).select_related("institution", "project", "region").order_by("-created_at")
    )


def get_batch_for(user: Any, public_id: str, action: str = VIEW) -> Batch | None:
    """The batch with this public id if the user may ``view`` (or ``change``) it; a guessed id gives None."""
    return batches_for(user, action).filter(public_id=public_id).first()
