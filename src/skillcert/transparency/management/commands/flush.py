"""``flush`` with the transparency log's append-only triggers lifted for the wipe.

Django's ``flush`` empties every table (the test suite runs it after each
transactional test). The log tables refuse ``DELETE`` (and ``TRUNCATE`` on
PostgreSQL), so this command, which replaces Django's own, drops the triggers,
flushes and puts them back in one transaction. Only the tables' owner may drop
triggers or truncate: with ``SKILLCERT_DATABASE_OWNER_URL`` set the flush connects
as the owner role (``transparency/dbroles.py``); the application role never can.
Nothing else can empty the log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import DEFAULT_DB_ALIAS

from skillcert.transparency import dbguard, dbroles


class Command(DjangoFlushCommand):
    help = DjangoFlushCommand.help + " The transparency log's append-only triggers are lifted for the flush only."

    def handle(self, **options: Any) -> None:
        alias = options.get("database") or DEFAULT_DB_ALIAS
        with dbroles.owner_connection(alias) as connection, dbguard.lifted(connection):
            super().handle(**options)
