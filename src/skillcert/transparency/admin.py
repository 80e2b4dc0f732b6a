"""Admin: the log's entries and checkpoints, read-only (the database refuses changes anyway)."""

from __future__ import annotations

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.transparency.models import Checkpoint, LogLeaf


@admin.register(LogLeaf)
class LogLeafAdmin(ReadOnlyAdmin):
    list_display = ["index", "kind", "subject_type", "subject_id", "appended_at"]
    list_filter = ["kind"]
    search_fields = ["subject_id"]
    show_full_result_count = False  # counting a million rows on every page view is wasted work


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["tree_size", "origin", "key_id", "published_at"]
