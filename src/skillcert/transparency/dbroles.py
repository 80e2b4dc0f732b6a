"""Least-privilege PostgreSQL roles: an owner that migrates, and an application role that cannot rewrite history.

The append-only triggers (``dbguard``) only hold against a client that cannot
drop or disable them, and only a table's owner (or a superuser) can. So on
PostgreSQL the site runs as an **application role** that owns nothing:

- the **owner role** (``SKILLCERT_DATABASE_OWNER_URL``) owns every table,
  sequence and trigger function; ``skillcert migrate`` and ``skillcert flush``
  connect as it, and ``migrate`` ends by granting the application role its
  privileges again (:func:`grant_statements`);
- the **application role** (``SKILLCERT_DATABASE_URL``) may read and write the
  registry's tables, but on the log only ``SELECT`` and ``INSERT`` (the head
  also ``UPDATE``, which the head trigger limits to growing): no ``UPDATE`` or
  ``DELETE`` of entries, no ``TRUNCATE`` anywhere, no ownership, so no ``DROP
  TRIGGER``/``ALTER TABLE … DISABLE TRIGGER``; it must be neither a superuser nor
  a member of the owner role.

``skillcert db-roles --owner O --app A`` prints the SQL (``--apply`` runs it as
the connecting role, ``--check`` lists what is wrong now). The SQL names roles
only; passwords are set by the operator, never printed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from skillcert.transparency.dbguard import APPEND_ONLY_TABLES, HEAD_TABLE, PG_FUNCTION, PG_HEAD_FUNCTION

SCHEMA = "public"
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


def quote(name: str) -> str:
    """A role name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def create_statements(*, owner: str, app: str, createdb: bool = False) -> list[str]:
    """Create the two roles when missing (idempotent) and strip the application role of every attribute."""
    statements = []
    for role, options in ((owner, "LOGIN" + (" CREATEDB" if createdb else "")), (app, "LOGIN")):
        literal = "'" + role.replace("'", "''") + "'"
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) "
            f"THEN CREATE ROLE {quote(role)} {options}; END IF; END $$"
        )
    statements.append(f"ALTER ROLE {quote(owner)} {'CREATEDB' if createdb else 'NOCREATEDB'}")
    statements.append(f"ALTER ROLE {quote(app)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    return statements


def ownership_statements(connection: Any, *, owner: str) -> list[str]:
    """Hand every table and the log's trigger functions to ``owner`` (needs a superuser when others own them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner <> %s ORDER BY tablename",
            [SCHEMA, owner],
        )
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname IN (%s, %s) AND pg_get_userbyid(proowner) <> %s ORDER BY 1",
            [PG_FUNCTION, PG_HEAD_FUNCTION, owner],
        )
        functions = [row[0] for row in cursor.fetchall()]
    statements = [f"ALTER TABLE {SCHEMA}.{quote(table)} OWNER TO {quote(owner)}" for table in tables]
    return statements + [f"ALTER FUNCTION {name}() OWNER TO {quote(owner)}" for name in functions]


def grant_statements(*, owner: str, app: str) -> list[str]:
    """The application role's privileges, from scratch (idempotent); run as ``owner`` or a superuser."""
    role, schema = quote(app), SCHEMA
    defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote(owner)} IN SCHEMA {schema}"
    log_tables = ", ".join(f"{schema}.{table}" for table in APPEND_ONLY_TABLES)
    return [
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE UPDATE, DELETE ON {log_tables} FROM {role}",
        f"REVOKE DELETE ON {schema}.{HEAD_TABLE} FROM {role}",
        f"{defaults} GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
        f"{defaults} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]


PRIVILEGE_PROBLEMS = (
    ("is a superuser", "SELECT rolsuper FROM pg_roles WHERE rolname = %(app)s"),
    ("may create databases or roles", "SELECT rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = %(app)s"),
    ("is a member of the owner role", "SELECT pg_has_role(%(app)s, %(owner)s, 'MEMBER')"),
    (
        "owns tables (and so could drop their triggers)",
        "SELECT count(*) > 0 FROM pg_tables WHERE schemaname = 'public' AND tableowner = %(app)s",
    ),
    (
        "may TRUNCATE a table",
        "SELECT bool_or(has_table_privilege(%(app)s, format('public.%%I', tablename), 'TRUNCATE')) "
        "FROM pg_tables WHERE schemaname = 'public'",
    ),
    (
        "may UPDATE or DELETE log entries, nodes, commitments or checkpoints",
        "SELECT bool_or(has_table_privilege(%(app)s, 'public.' || t, 'UPDATE') "
        "OR has_table_privilege(%(app)s, 'public.' || t, 'DELETE')) FROM unnest(%(log)s::text[]) AS t",
    ),
    ("may DELETE the log head", f"SELECT has_table_privilege(%(app)s, 'public.{HEAD_TABLE}', 'DELETE')"),
)


def problems(connection: Any, *, owner: str, app: str) -> list[str]:
    """Everything that would let the application role rewrite the log (empty when nothing does)."""
    params = {"app": app, "owner": owner, "log": list(APPEND_ONLY_TABLES)}
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname IN (%(app)s, %(owner)s)", params)
        if cursor.fetchone()[0] != 2 - (app == owner):
            return [f"the roles {app} and {owner} do not both exist"]
        if app == owner:
            return [f"the application role {app} is the owner role"]
        for problem, sql in PRIVILEGE_PROBLEMS:
            cursor.execute(sql, params)
            if cursor.fetchone()[0]:
                found.append(f"the application role {app} {problem}")
    return found


# ---------------------------------------------------------------------------
# Connecting as the owner (migrate, flush)
# ---------------------------------------------------------------------------
def owner_credentials() -> dict[str, Any] | None:
    """User, password, host and port of ``SKILLCERT_DATABASE_OWNER_URL`` (``None`` when it is not set)."""
    url = getattr(settings, "DATABASE_OWNER_URL", "")
    if not url:
        return None
    parsed = dj_database_url.parse(url)
    return {key: parsed.get(key, "") for key in CREDENTIALS}


def app_credentials() -> dict[str, Any]:
    """User, password, host and port of ``SKILLCERT_DATABASE_URL``: the application role."""
    parsed = dj_database_url.parse(settings.DATABASE_URL)
    return {key: parsed.get(key, "") for key in CREDENTIALS}


def app_role_name() -> str:
    """The role the site connects as (the user of ``SKILLCERT_DATABASE_URL``)."""
    return str(app_credentials()["USER"] or "")


@contextlib.contextmanager
def owner_connection(alias: str = "default") -> Iterator[Any]:
    """This thread's connection ``alias`` replaced by one that logs in as the owner role, for the block.

    Same database (the connection's ``NAME``, so a test database stays a test
    database); other threads keep theirs. Without an owner URL, or on SQLite, the
    connection itself is yielded.

    Raises:
        RuntimeError: the connection is inside a transaction: the owner's DDL would wait for it for ever.
    """
    current = connections[alias]
    credentials = owner_credentials()
    if credentials is None or current.vendor != "postgresql":
        yield current
        return
    if current.in_atomic_block:
        raise RuntimeError("the owner role's connection cannot be used inside the application's transaction")
    wrapper = load_backend(current.settings_dict["ENGINE"]).DatabaseWrapper(
        {**current.settings_dict, **credentials}, alias
    )
    connections[alias] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections[alias] = current


def regrant(connection: Any) -> list[str]:
    """After ``migrate`` as the owner: grant the application role its privileges again; return the SQL run."""
    credentials = owner_credentials()
    app = app_role_name()
    if credentials is None or connection.vendor != "postgresql" or not app or app == credentials["USER"]:
        return []
    statements = grant_statements(owner=str(credentials["USER"]), app=app)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return statements
