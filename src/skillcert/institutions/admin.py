"""Read-only admin views: institutions change only through the services (back-office pages, CLI)."""

from django.contrib import admin

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.institutions.models import Institution, InstitutionApiToken, InstitutionOperator, ScopeRow


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region", "status", "record_number", "record_valid_until"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["name", "credit_code", "record_number", "public_id"]


@admin.register(ScopeRow)
class ScopeRowAdmin(ReadOnlyAdmin):
    list_display = ["institution", "occupation_code", "occupation_name", "job_type", "level_digits", "valid_until"]
    search_fields = ["occupation_code", "occupation_name", "institution__name"]


@admin.register(InstitutionOperator)
class InstitutionOperatorAdmin(ReadOnlyAdmin):
    list_display = ["user", "institution"]


@admin.register(InstitutionApiToken)
class InstitutionApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "label", "institution", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
