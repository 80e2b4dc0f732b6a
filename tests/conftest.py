"""Shared fixtures: reference data, users per role, API client, browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import settings

from skillcert.core import roles

# Property-based tests: `make test` runs the "ci" profile (the same examples on every run, a fixed budget);
# `make fuzz` sets HYPOTHESIS_PROFILE=explore to search many random examples instead.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, print_blob=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=1000, deadline=None, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)


def run_order(item: Any) -> int:
    """0 for most tests; 1 for browser tests (their live server flushes the database after each test);
    2 for modules that set ``RUN_LAST`` (the scan for plain ID numbers left behind by everything before it)."""
    if getattr(getattr(item, "module", None), "RUN_LAST", False):
        return 2
    return 1 if item.get_closest_marker("browser") is not None else 0


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Run browser tests after the others, and the plain-ID scan after everything (a stable sort)."""
    items.sort(key=run_order)


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


def log_in_as(role: str) -> bool:
    """PostgreSQL with SKILLCERT_DATABASE_OWNER_URL: point every connection at the "owner" or the "app" role.

    Returns False (and changes nothing) on SQLite or without an owner role. See transparency/dbroles.py.
    """
    from django.db import connections

    from skillcert.transparency import dbroles

    owner = dbroles.owner_credentials()
    if owner is None or connections["default"].vendor != "postgresql":
        return False
    connections.close_all()
    connections["default"].settings_dict.update(owner if role == "owner" else dbroles.app_credentials())
    return True


AS_OWNER = "skillcert_test_as_owner"


def install_owner_function() -> None:
    """Test databases only: a function the tests call to run one statement as the owner, inside their transaction.

    Forging log rows needs the owner (only it can lift the guard); this keeps the forgery inside the
    test's transaction, rolled back with it. Created by the owner in the test database, for the
    application role; production databases never have it.
    """
    from django.db import connection

    from skillcert.transparency import dbroles

    app = dbroles.quote(dbroles.app_role_name())
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {AS_OWNER}(statement text) RETURNS void LANGUAGE plpgsql "
            "SECURITY DEFINER SET search_path = public AS $$ BEGIN EXECUTE statement; END $$"
        )
        cursor.execute(f"REVOKE ALL ON FUNCTION {AS_OWNER}(text) FROM PUBLIC")
        cursor.execute(f"GRANT EXECUTE ON FUNCTION {AS_OWNER}(text) TO {app}")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """The owner role creates and migrates the test database (migrate grants the application role its rights)."""
    log_in_as("owner")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the reference catalogue and make a signing key once per test database.

    With an owner role, the tests then run as the application role, and the owner drops the database.
    """
    with django_db_blocker.unblock():
        if log_in_as("owner"):
            install_owner_function()
    log_in_as("app")
    with django_db_blocker.unblock():
        ensure_reference()
    yield
    log_in_as("owner")


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


def make_bureau(username: str, region_code: str | None = "510100") -> Any:
    """A city bureau account linked to its 市(州) (``None``: not linked yet), as the centre would link it."""
    from skillcert.catalog.models import Region
    from skillcert.core.bureaus import set_bureau_region

    user = make_user(username, roles.CITY_BUREAU)
    if region_code is not None:
        set_bureau_region(user=user, region=Region.objects.get(code=region_code), actor=None)
    return user


@pytest.fixture
def centre_user(db: Any) -> Any:
    return make_user("centre-staff", roles.CENTRE_STAFF)


@pytest.fixture
def centre_client(centre_user: Any) -> Client:
    client = Client()
    client.force_login(centre_user)
    return client
