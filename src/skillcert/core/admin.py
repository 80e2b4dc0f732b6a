"""Admin: the change log, read-only."""

from django.contrib import admin

from skillcert.core.models import ChangeLogEntry


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """The change log is append-only: no add, change or delete from the admin."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "batch_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "request_id", "batch_id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
