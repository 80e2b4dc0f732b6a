"""Admin: read-only views of supervision records (changes go through the services and pages)."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.supervision.models import Complaint, Inspection, Sanction


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "category", "stage", "stage_due_on", "institution", "created_at"]
    list_filter = ["stage", "category"]
    exclude = ["contact_encrypted", "tracking_digest"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["institution", "inspected_on", "rating", "follow_up_due"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["institution", "kind", "imposed_on", "due_on", "certificates_revoked"]
    list_filter = ["kind"]
