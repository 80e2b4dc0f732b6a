"""The admin offers no way to add, change or delete a record with legal meaning, even to a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from skillcert.core.admin import ReadOnlyAdmin

EDITABLE = {"people.SurnameReading", "core.StaffProfile"}
"""The only admin pages that change anything: surname readings (centre staff) and a bureau's 市(州), both saved
through their change-logged services."""


def label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


@pytest.mark.django_db
def test_every_admin_page_of_the_project_is_read_only_but_the_two_reviewed_ones(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("root-admin", password="x")
    ours = {model: view for model, view in admin.site._registry.items() if model.__module__.startswith("skillcert.")}
    assert {label(model) for model in ours} >= EDITABLE | {"core.ChangeLogEntry", "credentials.SigningKey"}
    for model, view in ours.items():
        if label(model) in EDITABLE:
            continue
        assert isinstance(view, ReadOnlyAdmin), label(model)
        assert not view.has_add_permission(request)
        assert not view.has_change_permission(request) and not view.has_delete_permission(request), label(model)
