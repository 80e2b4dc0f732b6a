"""Read-only admin for verification codes (they change only through the services)."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.verification.models import VerificationCode


@admin.register(VerificationCode)
class VerificationCodeAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "hint", "certificate", "expires_at", "revoked_at", "use_count")
    readonly_fields = ("public_id", "hint", "certificate", "holder", "expires_at", "revoked_at", "use_count")
    exclude = ("code_hash",)
