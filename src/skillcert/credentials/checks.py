"""System checks: refuse to start without a usable signing key.

Registered under the tag ``skillcert``. Django runs them before ``runserver``
and management commands; ``skillcert serve`` runs them before gunicorn starts.
Before the first migration there is no key table yet and the check stays quiet,
so that ``migrate`` can run on a fresh installation; ``skillcert keys ensure``
then creates the first key.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.db import DatabaseError, connection

from skillcert.credentials import keystore
from skillcert.credentials.models import SigningKey

HINT_ENSURE = "Run `skillcert keys ensure` to create the first signing key."


def _key_table_exists() -> bool:
    try:
        return SigningKey._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False  # an unreachable database is reported by Django's own checks


@register("skillcert")
def signing_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Errors when no active signing key exists or its private key file is not usable."""
    if not _key_table_exists():
        return []
    from skillcert.credentials.selectors import active_signing_key

    try:
        key = active_signing_key()
    except DatabaseError:
        return []
    if key is None:
        return [
            Error(
                "There is no active signing key: credentials cannot be issued.", hint=HINT_ENSURE, id="credentials.E001"
            )
        ]
    try:
        keystore.load_private_key(key.private_key_file, key.public_key_multibase)
    except keystore.KeyFileError as exc:
        return [
            Error(
                f"The active signing key {key.key_id} is not usable: {exc}.",
                hint="Restore the key file from backup with mode 600, or run `skillcert keys rotate`.",
                id="credentials.E002",
            )
        ]
    return []
