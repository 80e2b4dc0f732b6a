"""The permission guard over EVERY URL, driven by the reviewed list in ``public_urls.py``, not by the map itself.

The older guard in ``test_permissions.py`` walks the URLs that the map does not call public, so a back-office
URL wrongly mapped public silently drops out of it. Here the set of public URLs is fixed by hand: the map
must make exactly those public, and every other URL of the project must refuse an anonymous visitor.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver

from skillcert.core import permissions
from skillcert.core.permissions import ApiToken, Public, StaffAdmin, rule_for
from tests.core.public_urls import ADMIN_OPEN_PAGES, PUBLIC_URL_NAMES
from tests.core.test_permissions import sample_path, walk

ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))
NOT_PUBLIC = [(name, route) for name, route in ALL_URLS if name not in PUBLIC_URL_NAMES | ADMIN_OPEN_PAGES]
REFUSED = (302, 401, 403)


def mapped_public() -> set[str]:
    """Every name the map lets anyone open: explicit entries and URLs reached through a namespace wildcard."""
    explicit = {name for name, rule in permissions.URL_PERMISSIONS.items() if isinstance(rule, Public)}
    return explicit | {name for name, _route in ALL_URLS if isinstance(rule_for(name), Public)}


def anonymous_problem(name: str, route: str) -> str | None:
    """Why an anonymous GET or POST to this URL was not refused, or None when both were."""
    client = Client()
    path = sample_path(route)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        if isinstance(rule_for(name), StaffAdmin):
            if response.status_code == 302 and "/login/" in response["Location"]:
                continue
            if response.status_code == 404:  # the admin answers unknown objects before asking who you are
                continue
        elif response.status_code in REFUSED:
            if response.status_code != 302 or "/account/login/" in response["Location"]:
                continue
        elif response.status_code == 405 and isinstance(rule_for(name), ApiToken):
            continue  # the API answers a method it does not have before asking for the token: nothing is shown
        return f"{name}: anonymous {method.upper()} {path} answered {response.status_code}"
    return None


def test_the_map_makes_exactly_the_reviewed_urls_public():
    public = mapped_public()
    assert public - PUBLIC_URL_NAMES == set(), "made public without review (add to tests/core/public_urls.py?)"
    assert PUBLIC_URL_NAMES - public == set(), "listed as public but no longer public in the map"


def test_every_reviewed_public_name_is_a_url_of_the_project():
    names = {name for name, _route in ALL_URLS}
    assert PUBLIC_URL_NAMES - names == set()


def test_the_admin_pages_open_to_anyone_are_only_its_sign_in_and_sign_out():
    names = {name for name, _route in ALL_URLS}
    assert names >= ADMIN_OPEN_PAGES
    assert all(isinstance(rule_for(name), StaffAdmin) for name in ADMIN_OPEN_PAGES)


def test_the_walk_covers_the_back_office_and_the_admin():
    names = {name for name, _route in NOT_PUBLIC}
    assert {"certificates:manage_list", "assessments:upload", "core:workspace", "stats:reports"} <= names
    assert any(name.startswith("admin:") for name in names)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), NOT_PUBLIC)
def test_every_url_not_reviewed_as_public_refuses_anonymous_users(name: str, route: str):
    assert anonymous_problem(name, route) is None


@pytest.mark.django_db
def test_the_guard_fails_when_a_back_office_url_is_mapped_public(monkeypatch: pytest.MonkeyPatch):
    """Self-test: map the certificate back office public, as a careless edit would, and see both checks object."""
    monkeypatch.setitem(permissions.URL_PERMISSIONS, "certificates:manage_list", permissions.PUBLIC)
    assert "certificates:manage_list" in mapped_public() - PUBLIC_URL_NAMES
    route = dict(NOT_PUBLIC)["certificates:manage_list"]
    assert anonymous_problem("certificates:manage_list", route) is not None


@pytest.mark.django_db
def test_the_guard_fails_when_a_namespace_wildcard_opens_the_admin(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(permissions.URL_PERMISSIONS, "admin:*", permissions.PUBLIC)
    assert any(name.startswith("admin:") for name in mapped_public() - PUBLIC_URL_NAMES)
