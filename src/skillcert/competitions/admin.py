"""Read-only admin for competitions and hosts: every change goes through the services and their pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from skillcert.competitions.models import Competition, HostAccount, HostOrganisation


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never touch: hosts are recorded and linked on the hosts page, competitions by their workflow."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HostOrganisation)
class HostOrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "institution"]
    search_fields = ["name"]


@admin.register(HostAccount)
class HostAccountAdmin(ReadOnlyAdmin):
    list_display = ["user", "host"]


@admin.register(Competition)
class CompetitionAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "competition_class", "host", "status", "issuing_path"]
    list_filter = ["status", "competition_class", "issuing_path"]
