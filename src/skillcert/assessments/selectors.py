"""Reads of assessment batches, always restricted to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from skillcert.assessments.models import Batch
from skillcert.catalog.choices import CertificateType


def batches_visible_to(user: Any) -> QuerySet[Batch]:
    """Centre staff see every batch; an institution only its own; an HR bureau the 专项 batches it declared."""
    batches = Batch.objects.select_related("institution", "project", "region").order_by("-created_at")
    if user.has_perm("core.manage_institutions"):
        return batches
    visible = Q(pk__in=[])
    if user.has_perm("core.operate_institution"):
        from skillcert.institutions.selectors import institution_for_user

        institution = institution_for_user(user)
        if institution is not None:
            visible |= Q(institution=institution)
    if user.has_perm("core.issue_special_ability_certificates"):
        visible |= Q(certificate_type=CertificateType.SPECIAL_ABILITY, created_by=user)
    return batches.filter(visible)


def get_batch_for(user: Any, public_id: str) -> Batch | None:
    """The batch with this public id if the user may see it (a guessed id of another institution gives None)."""
    return batches_visible_to(user).filter(public_id=public_id).first()
