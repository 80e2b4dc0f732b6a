"""How one URL name finds its rule: exact entries first, then a namespace wildcard, otherwise refused.

And a ``Requires`` rule names the Django permission ``core.<capability>`` that the middleware asks the user for.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.core import permissions, roles
from skillcert.core.permissions import LOGGED_IN, PUBLIC, Requires, StaffAdmin, rule_for
from tests.factories import make_bureau, make_user


@pytest.fixture
def wildcard_namespace():
    """A second namespace covered by a wildcard, next to an exact entry in it (removed afterwards)."""
    added = {"zz:*": LOGGED_IN, "zz:open": PUBLIC}
    permissions.URL_PERMISSIONS.update(added)
    yield
    for key in added:
        del permissions.URL_PERMISSIONS[key]


def test_an_exact_entry_is_its_rule():
    assert rule_for("catalog:search") == PUBLIC
    assert rule_for("set_language") == PUBLIC
    assert rule_for("stats:reports") == Requires("view_reports")


def test_an_exact_entry_wins_over_the_namespace_wildcard(wildcard_namespace):
    assert rule_for("zz:open") == PUBLIC
    assert rule_for("zz:anything") == LOGGED_IN


def test_a_wildcard_covers_every_name_of_its_namespace_and_nested_ones():
    assert isinstance(rule_for("admin:index"), StaffAdmin)
    assert isinstance(rule_for("admin:auth_user_changelist"), StaffAdmin)
    assert isinstance(rule_for("admin:nested:page"), StaffAdmin)


@pytest.mark.parametrize("name", ["admin", "admin*", "*", "", "catalog:nope", "catalog", "nope:index", ":index"])
def test_a_name_that_is_neither_mapped_nor_under_a_wildcard_is_refused(name):
    assert rule_for(name) is None


def test_a_capability_is_a_permission_of_the_core_app():
    assert Requires("view_reports").permission == "core.view_reports"
    assert Requires("use_backoffice").permission == "core.use_backoffice"


@pytest.mark.django_db
def test_the_page_opens_only_to_users_holding_the_capability():
    bureau, operator = make_bureau("bureau", "510100"), make_user("operator", roles.INSTITUTION_OPERATOR)
    allowed, refused = Client(), Client()
    allowed.force_login(bureau)
    refused.force_login(operator)
    assert allowed.get(reverse("stats:reports")).status_code == 200
    assert refused.get(reverse("stats:reports")).status_code == 403
