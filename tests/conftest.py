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
    """Restore what every installation has after ``make run``, when a flush removed it.

    Transactional tests (the live server, job tests) flush every table after they
    run, including rows that migrations and set-up create: the reference catalogue,
    the role groups and the signing key.
    """
    from django.apps import apps

    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.models import Occupation
    from skillcert.core.roles import ROLES, sync_roles
    from skillcert.credentials.services import ensure_signing_key

    if not Occupation.objects.exists():
        load_reference()
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        sync_roles(apps)
    ensure_signing_key()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the reference catalogue and make a signing key once per test database."""
    with django_db_blocker.unblock():
        ensure_reference()
    yield


@pytest.fixture(autouse=True)
def baseline(request: Any, django_db_blocker: Any) -> None:
    """Before every database test, make sure the baseline survived earlier flushes."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        with django_db_blocker.unblock():
            ensure_reference()


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
