"""Fixtures every folder shares: reference data, the test database roles, centre staff, the issuing world.

Builders live in ``tests/factories``; this file holds fixtures only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

import tests.hypothesis_profiles  # noqa: F401  (registers and loads the property-based test profile)
from skillcert.core import roles
from tests.factories import HolderFactory, make_institution, make_operator, make_user, valid_id
from tests.factories.reference import ensure_reference
from tests.factories.transparency import AS_OWNER


def run_order(item: Any) -> int:
    """0 for most tests; 1 for browser tests (their live server flushes the database after each test);
    2 for modules that set ``RUN_LAST`` (the scan for plain ID numbers left behind by everything before it)."""
    if getattr(getattr(item, "module", None), "RUN_LAST", False):
        return 2
    return 1 if item.get_closest_marker("browser") is not None else 0


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Run browser tests after the others, and the plain-ID scan after everything (a stable sort)."""
    items.sort(key=run_order)


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


@pytest.fixture
def centre_user(db: Any) -> Any:
    return make_user("centre-staff", roles.CENTRE_STAFF)


@pytest.fixture
def centre_client(centre_user: Any) -> Client:
    client = Client()
    client.force_login(centre_user)
    return client


# The issuing world most tests share: an active welding institution with scope, its operator, a holder.
@pytest.fixture
def institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="四川省焊接技能评价中心", serial=1)


@pytest.fixture
def other_institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="成都市烹饪技能评价中心", serial=2, occupation="4-03-02-01")


@pytest.fixture
def operator(institution: Any, centre_user: Any) -> Any:
    return make_operator(institution, centre_user)


@pytest.fixture
def holder(db: Any) -> Any:
    return HolderFactory(name="张三", id_number=valid_id("51010719900307123"), gender="male")
