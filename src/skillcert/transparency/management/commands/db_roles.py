"""``skillcert db-roles --owner O --app A``: the least-privilege PostgreSQL roles, as SQL to read or to run.

Prints the SQL by default: handing the database's tables to the owner and granting
the application role its privileges. ``--create-roles`` prints instead the SQL that
creates the two roles when missing (cluster-wide, run once as a superuser;
``--createdb`` lets the owner create databases, which a test run needs).
``--apply`` runs the SQL as the role ``SKILLCERT_DATABASE_URL`` connects with (a
superuser the first time, to hand existing tables to the owner); ``--check`` lists
what would let the application role rewrite the log and exits 1 if anything does.
See ``transparency/dbroles.py`` and ``docs/trust.md`` §8.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from skillcert.transparency import dbroles


class Command(BaseCommand):
    help = "Least-privilege PostgreSQL roles: an owner that migrates, an application role that cannot rewrite the log."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="the role that owns the tables and runs migrate")
        parser.add_argument("--app", required=True, help="the role the site connects as")
        parser.add_argument("--create-roles", action="store_true", help="only create the roles when missing")
        parser.add_argument("--createdb", action="store_true", help="let the owner create databases (test runs)")
        parser.add_argument("--apply", action="store_true", help="run the SQL now instead of printing it")
        parser.add_argument("--check", action="store_true", help="only list what is wrong now; exit 1 if anything")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only; SQLite has no roles.")
        owner, app = options["owner"], options["app"]
        if owner == app:
            raise CommandError("The owner and the application role must be two different roles.")
        if options["check"]:
            self._check(connection, owner, app)
            return
        if options["create_roles"]:
            statements = dbroles.create_statements(owner=owner, app=app, createdb=options["createdb"])
        else:
            statements = dbroles.ownership_statements(connection, owner=owner)
            statements += dbroles.grant_statements(owner=owner, app=app)
        if not options["apply"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"{len(statements)} statements applied; the application role is {app}, the owner {owner}.")

    def _check(self, connection: Any, owner: str, app: str) -> None:
        found = dbroles.problems(connection, owner=owner, app=app)
        for problem in found:
            self.stdout.write(f"FAILED  {problem}")
        if found:
            sys.exit(1)
        self.stdout.write(f"ok      the application role {app} cannot rewrite the log (owner {owner})")
