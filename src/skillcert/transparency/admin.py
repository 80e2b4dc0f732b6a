"""Admin: the log's entries and checkpoints, read-only (the database refuses changes anyway)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from skillcert.transparency.models import Checkpoint, LogLeaf


class ReadOnlyAdmin(admin.ModelAdmin):
    """No add, change or delete: the log is append-only and written by services only."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LogLeaf)
class LogLeafAdmin(ReadOnlyAdmin):
    list_display = ["index", "kind", "subject_type", "subject_id", "appended_at"]
    list_filter = ["kind"]
    search_fields = ["subject_id"]
    show_full_result_count = False  # counting a million rows on every page view is wasted work


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["tree_size", "origin", "key_id", "published_at"]
