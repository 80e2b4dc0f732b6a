"""Admin: holders read-only with masked ID numbers; surname readings editable by centre staff."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from skillcert.core.admin import ReadOnlyAdmin
from skillcert.core.errors import InvalidInput
from skillcert.people import services
from skillcert.people.idnumbers import matching_id_types, normalise_id_number
from skillcert.people.models import Holder, SurnameReading
from skillcert.people.names import validate_surname_reading
from skillcert.people.protection import hash_id_number


@admin.register(Holder)
class HolderAdmin(ReadOnlyAdmin):
    """Shows holders with the masked ID number only; changes go through the services (logged, with reasons).

    Searching by a full ID number works: the term is hashed, never compared in plain text.
    """

    list_display = ["name", "romanised_name", "id_type", "id_number_masked", "gender", "created_at"]
    list_filter = ["id_type", "gender"]
    search_fields = ["name", "romanised_name", "public_id"]
    fields = ("public_id", "name", "romanised_name", "id_type", "id_number_masked", "gender", "photo", "created_at")
    readonly_fields = fields

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Holder], search_term: str
    ) -> tuple[QuerySet[Holder], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        condition = Q()
        for id_type in matching_id_types(search_term):
            number = normalise_id_number(id_type, search_term)
            condition |= Q(id_type=id_type, id_number_hash=hash_id_number(id_type, number))
        if condition:
            results = results | queryset.filter(condition)
        return results, may_have_duplicates


class SurnameReadingForm(forms.ModelForm):
    """Checks an entry with the same rule as the service, so that mistakes show on the form."""

    class Meta:
        model = SurnameReading
        fields = ["surname", "reading", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["surname"], data["reading"] = validate_surname_reading(
                data.get("surname", ""), data.get("reading", "")
            )
        except InvalidInput as exc:
            raise ValidationError(
                {field: [str(m) for m in messages] for field, messages in exc.fields.items()}
            ) from exc
        return data


@admin.register(SurnameReading)
class SurnameReadingAdmin(admin.ModelAdmin):
    """Centre staff (``core.manage_reference_data``) add, change and remove readings; each change is logged."""

    form = SurnameReadingForm
    list_display = ["surname", "reading", "note", "updated_at"]
    search_fields = ["surname", "reading"]
    fields = ["surname", "reading", "note"]

    def _may_edit(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("core.manage_reference_data")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_edit(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request)

    def save_model(self, request: HttpRequest, obj: SurnameReading, form: Any, change: bool) -> None:
        if change and "surname" in form.changed_data:
            services.remove_surname_reading(surname=form.initial["surname"], actor=request.user)
        saved = services.set_surname_reading(
            surname=obj.surname, reading=obj.reading, note=obj.note, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: SurnameReading) -> None:
        services.remove_surname_reading(surname=obj.surname, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SurnameReading]) -> None:
        for entry in queryset:
            services.remove_surname_reading(surname=entry.surname, actor=request.user)
