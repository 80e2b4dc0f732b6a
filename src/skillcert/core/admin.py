"""Admin: the change log, read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from skillcert.core.models import ChangeLogEntry, StaffProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows, never adds, changes or deletes them: every change goes through a service, checked and logged.

    The base of every admin view of records with legal meaning (keys, status lists, the log,
    institutions, complaints, competitions, verification codes) and of reference data (reloaded from
    its files). The database or the services refuse such changes anyway; the admin offers none.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(ReadOnlyAdmin):
    """The change log is append-only: no add, change or delete from the admin."""

    list_display = ["created_at", "actor_label", "step", "action", "object_type", "object_id", "batch_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "request_id", "batch_id"]

    @admin.display(description=gettext_lazy("step"))
    def step(self, obj):
        """The action's label beside its code (the code stays: the filter and searches use it)."""
        from skillcert.core.actions import label_for

        return label_for(obj.action)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """Centre admins link city bureau accounts to their 市(州); saving goes through the change-logged service."""

    list_display = ["user", "region"]
    list_filter = ["region"]
    search_fields = ["user__username"]

    def save_model(self, request, obj, form, change):
        from skillcert.core.bureaus import set_bureau_region
        from skillcert.core.errors import DomainError

        try:
            obj.pk = set_bureau_region(user=obj.user, region=obj.region, actor=request.user, reason="admin").pk
        except DomainError as exc:
            from django.contrib import messages

            messages.error(request, str(exc.message))

    def has_delete_permission(self, request, obj=None):
        return False  # unlink by clearing the region, so the change log keeps the step
