"""Guards over the whole URLconf: every URL is mapped, and non-public URLs reject anonymous users."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from skillcert.core.permissions import Public, StaffAdmin, rule_for


def walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """Yield (view_name, route) for every named URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def sample_path(route: str) -> str:
    """Turn a route into a requestable path with made-up parameters."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", "zzzzzzzz", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "zzzzzzzz", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_project_urls():
    names = {name for name, _route in ALL_URLS}
    assert {"public:home", "catalog:search", "api:catalog_occupations", "core:workspace"} <= names


def test_every_url_is_in_the_permission_map():
    unmapped = [name for name, _route in ALL_URLS if rule_for(name) is None]
    assert unmapped == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "route"), [(n, r) for n, r in ALL_URLS if not isinstance(rule_for(n), (Public, StaffAdmin))]
)
def test_non_public_url_rejects_anonymous_users(name: str, route: str):
    client = Client()
    path = sample_path(route)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (302, 401, 403, 405), f"{name} {method} {path} answered {response.status_code}"
        if response.status_code == 302:
            assert "/account/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [(n, r) for n, r in ALL_URLS if isinstance(rule_for(n), StaffAdmin)][:20])
def test_admin_urls_reject_anonymous_users(name: str, route: str):
    response = Client().get(sample_path(route))
    assert response.status_code in (302, 404), name
    if response.status_code == 302:
        assert "login" in response["Location"]


@pytest.mark.django_db
def test_unmapped_url_is_refused(settings):
    """Deny by default: a view that is not in the map is refused even for staff."""
    from skillcert.core import permissions

    saved = permissions.URL_PERMISSIONS.pop("catalog:search")
    try:
        response = Client().get("/catalog/")
        assert response.status_code == 403
    finally:
        permissions.URL_PERMISSIONS["catalog:search"] = saved


@pytest.mark.django_db
def test_api_refusal_uses_the_error_shape(centre_client):
    from skillcert.core import permissions

    saved = permissions.URL_PERMISSIONS["api:catalog_occupations"]
    permissions.URL_PERMISSIONS["api:catalog_occupations"] = permissions.Requires("manage_signing_keys")
    try:
        response = Client().get("/api/v1/catalog/occupations?q=x")
        assert response.status_code == 401
        assert set(response.json()) == {"code", "message", "fields"}
        response = Client(headers={"Accept-Language": "en"}).get("/api/v1/catalog/occupations?q=x")
        assert response.json()["message"] == "Please sign in or present an API token."
    finally:
        permissions.URL_PERMISSIONS["api:catalog_occupations"] = saved


NUL_PARAMS = {
    key: "5\x001"
    for key in ("q", "region", "level", "type", "year_from", "year_to", "page", "occupation", "code", "kind", "status")
}
PUBLIC_PAGES = [
    (n, r) for n, r in ALL_URLS if isinstance(rule_for(n), Public) and "<" not in r and not r.startswith("api/")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), PUBLIC_PAGES)
def test_public_pages_survive_nul_characters_in_their_parameters(name: str, route: str, reference: None):
    """PostgreSQL refuses NUL in text; a public page given one must answer, never 500 (tried on both databases)."""
    response = Client(raise_request_exception=False).get(sample_path(route), NUL_PARAMS)
    assert response.status_code < 500, f"{name} answered {response.status_code}"
