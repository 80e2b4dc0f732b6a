"""``migrate`` as the database's owner role, then the application role's privileges granted again.

With ``SKILLCERT_DATABASE_OWNER_URL`` set (PostgreSQL, ``transparency/dbroles.py``),
this command, which replaces Django's own, connects as the owner role for the
migrations, so the owner owns every table it creates, and ends by granting the
application role (the user of ``SKILLCERT_DATABASE_URL``) exactly its privileges:
no UPDATE or DELETE on log rows, no TRUNCATE, no ownership. Without the setting it
is Django's ``migrate`` unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrateCommand

from skillcert.transparency import dbroles


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + " Runs as SKILLCERT_DATABASE_OWNER_URL's role when it is set."

    def handle(self, *args: Any, **options: Any) -> None:
        with dbroles.owner_connection(options["database"]) as connection:
            super().handle(*args, **options)
            granted = dbroles.regrant(connection)
        if granted and options["verbosity"] >= 1:
            self.stdout.write(f"Granted the application role {dbroles.app_role_name()} its privileges.")
