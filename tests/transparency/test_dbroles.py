"""On PostgreSQL the application role cannot rewrite the log: no DROP TRIGGER, TRUNCATE, UPDATE or DELETE of log rows.

On the CI run the tests already connect as the application role (``SKILLCERT_DATABASE_OWNER_URL``
set, ``tests/conftest.py``): these tests try the forbidden statements on that connection. On a
run as a superuser they create a throw-away application role inside the test's transaction,
grant it exactly what ``skillcert db-roles`` grants, and act as it with ``SET LOCAL ROLE``.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from skillcert.transparency import dbroles, services
from skillcert.transparency.models import LogLeaf
from tests.factories import issued

pytestmark = pytest.mark.django_db


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return str(cursor.fetchone()[0])


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    """(owner, application role) with the application role acting on this test's connection."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only")
    if dbroles.owner_credentials() is not None:
        yield str(dbroles.owner_credentials()["USER"]), current_user()  # already connected as the application role
        return
    owner, app = current_user(), f"skillcert_test_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:  # all of it is rolled back with the test's transaction
        cursor.execute(f"CREATE ROLE {dbroles.quote(app)} NOLOGIN")
        for sql in dbroles.grant_statements(owner=owner, app=app):
            cursor.execute(sql)
        cursor.execute(f"SET LOCAL ROLE {dbroles.quote(app)}")
    yield owner, app
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("DROP TRIGGER transparency_logleaf_append_only ON transparency_logleaf", "must be owner"),
        ("ALTER TABLE transparency_logleaf DISABLE TRIGGER ALL", "must be owner"),
        ("ALTER TABLE transparency_loghead DISABLE TRIGGER transparency_loghead_append_only", "must be owner"),
        ("TRUNCATE transparency_logleaf", "permission denied"),
        ("TRUNCATE certificates_certificate", "permission denied"),
        ("UPDATE transparency_logleaf SET subject_id = 'forged'", "permission denied"),
        ("DELETE FROM transparency_logleaf", "permission denied"),
        ("UPDATE transparency_leafcommitment SET salt = 'forged'", "permission denied"),
        ("DELETE FROM transparency_loghead", "permission denied"),
        ("SET session_replication_role = replica", "permission denied"),
        ("CREATE TABLE smuggled (id int)", "permission denied"),
    ],
)
def test_the_application_role_cannot_rewrite_or_unguard_the_log(app_role, sql, refusal):
    services.append_events(events=issued(3))
    with pytest.raises(DatabaseError, match=refusal), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert LogLeaf.objects.count() == 3 and services.current_size() == 3


def test_the_application_role_still_appends_and_moves_the_head_forward(app_role):
    services.append_events(events=issued(2))
    services.append_events(events=issued(3, prefix="d"))
    services.publish_checkpoint()
    assert services.current_size() == 5 == LogLeaf.objects.count()


def test_the_role_check_finds_nothing_wrong_with_the_application_role(app_role):
    owner, app = app_role
    assert dbroles.problems(connection, owner=owner, app=app) == []


def test_the_role_check_names_what_an_over_privileged_role_could_do():
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'transparency_logleaf'")
        owner = str(cursor.fetchone()[0])
    found = dbroles.problems(connection, owner=owner, app=owner)
    assert found == [f"the application role {owner} is the owner role"]


def test_db_roles_prints_the_sql_and_refuses_what_makes_no_sense():
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("db_roles", "--owner", "o", "--app", "a")
        return
    with pytest.raises(CommandError, match="two different roles"):
        call_command("db_roles", "--owner", "same", "--app", "same")
    out = io.StringIO()
    call_command("db_roles", "--owner", "skillcert_owner", "--app", "skillcert_app", stdout=out)
    sql = out.getvalue()
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "skillcert_app"' in sql
    assert "REVOKE UPDATE, DELETE ON public.transparency_logleaf" in sql
    assert 'REVOKE DELETE ON public.transparency_loghead FROM "skillcert_app"' in sql
    assert "TRUNCATE" not in sql and "PASSWORD" not in sql
    out = io.StringIO()
    call_command("db_roles", "--owner", "o", "--app", "a", "--create-roles", stdout=out)
    assert 'CREATE ROLE "a" LOGIN' in out.getvalue() and "NOSUPERUSER" in out.getvalue()
