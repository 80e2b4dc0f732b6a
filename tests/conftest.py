"""Shared fixtures: reference data, users per role, API client, browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from skillcert.core import roles


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Run browser tests last: their live server flushes the database after each test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def ensure_reference() -> None:
    """Load the reference data unless a previous test (or a flush) left it missing."""
    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.models import Occupation

    if not Occupation.objects.exists():
        load_reference()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the reference catalogue once per test database."""
    with django_db_blocker.unblock():
        ensure_reference()
    yield


@pytest.fixture
def reference(db: Any) -> None:
    """The reference catalogue (occupations, qualification catalogue, new occupations, regions)."""
    ensure_reference()


def make_user(username: str, role: str | None = None, **extra: Any) -> Any:
    """Create an active user, optionally in one role group."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="correct-horse-battery", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def centre_user(db: Any) -> Any:
    return make_user("centre-staff", roles.CENTRE_STAFF)


@pytest.fixture
def centre_client(centre_user: Any) -> Client:
    client = Client()
    client.force_login(centre_user)
    return client
