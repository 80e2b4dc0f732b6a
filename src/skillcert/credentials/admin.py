"""Read-only admin views: keys and status lists change only through the services and `skillcert keys`."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.credentials.models import SigningKey, StatusList


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "public_key_multibase", "valid_from", "retired_at", "note"]
    exclude = ["private_key_file"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ["list_id", "purpose", "size", "allocated", "version", "changed_at"]
    exclude = ["bits"]
