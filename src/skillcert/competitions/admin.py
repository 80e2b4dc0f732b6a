"""Read-only admin for competitions and hosts: every change goes through the services and their pages."""

from __future__ import annotations

from django.contrib import admin

from skillcert.competitions.models import Competition, HostAccount, HostOrganisation
from skillcert.core.admin import ReadOnlyAdmin


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
