"""``skillcert reencrypt_personal_data``: re-encrypt every stored ID number under the newest key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from skillcert.core.context import acting_as
from skillcert.people.services import reencrypt_id_numbers


class Command(BaseCommand):
    help = (
        "Re-encrypt every holder's ID number under the first key of SKILLCERT_PII_ENCRYPTION_KEYS "
        "(run after putting a new key first; then the old key can be removed)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as():
            count = reencrypt_id_numbers(actor=None)
        self.stdout.write(f"{count} ID numbers re-encrypted under the newest key")
