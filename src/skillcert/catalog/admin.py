"""Read-only admin views of the reference catalogue (it is changed by reloading its files)."""

from django.contrib import admin

from skillcert.catalog.models import (
    NewOccupation,
    Occupation,
    OccupationAlias,
    QualificationCoverage,
    QualificationItem,
    Region,
)
from skillcert.core.admin import ReadOnlyAdmin


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "major_code"]
    list_filter = ["level", "major_code"]
    search_fields = ["code", "name"]


@admin.register(QualificationItem)
class QualificationItemAdmin(ReadOnlyAdmin):
    list_display = ["row_no", "section", "qualification_name", "sub_item", "category", "implementing_department"]
    list_filter = ["section"]


@admin.register(QualificationCoverage)
class QualificationCoverageAdmin(ReadOnlyAdmin):
    list_display = ["item", "occupation", "extent", "part_name"]


@admin.register(NewOccupation)
class NewOccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "batch", "status", "work_kind"]
    list_filter = ["batch", "status", "work_kind"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(OccupationAlias)
class OccupationAliasAdmin(ReadOnlyAdmin):
    list_display = ["name", "occupation", "kind", "source_year", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "occupation__name"]
