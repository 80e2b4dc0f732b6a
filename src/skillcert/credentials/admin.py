"""Read-only admin views: keys and status lists change only through the services and `skillcert keys`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from skillcert.credentials.models import SigningKey, StatusList


class ReadOnlyAdmin(admin.ModelAdmin):
    """Keys and lists have legal meaning: never added, edited or deleted by hand."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "public_key_multibase", "valid_from", "retired_at", "note"]
    exclude = ["private_key_file"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ["list_id", "purpose", "size", "allocated", "version", "changed_at"]
    exclude = ["bits"]
