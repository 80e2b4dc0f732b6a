"""``skillcert keys ensure|list|rotate``: the issuer's signing keys.

``ensure`` creates the first key when there is none (``make run`` calls it);
``rotate`` retires the active key and starts a new one; ``list`` shows every key
with its validity window and whether its private key file is usable. Keys are
never deleted. The command runs without system checks so that it can repair
what the checks complain about.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from skillcert.credentials import keystore, selectors, services
from skillcert.credentials.did import issuer_did, verification_method_id
from skillcert.credentials.models import SigningKey


class Command(BaseCommand):
    help = "Manage the issuer's signing keys: ensure (create the first), list, rotate."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{ensure,list,rotate}")
        actions.add_parser("ensure", help="create the first signing key if there is none")
        actions.add_parser("list", help="list every key with its validity window")
        rotate = actions.add_parser("rotate", help="retire the active key and start a new one")
        rotate.add_argument("--note", default="", help="why the key is rotated (kept in the change log)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "ensure":
            had = selectors.active_signing_key()
            key = services.ensure_signing_key(actor=None)
            verb = "active signing key" if had else "created the first signing key"
            self.stdout.write(self.style.SUCCESS(f"{verb}: {verification_method_id(key.key_id)}"))
        elif action == "rotate":
            key = services.rotate_signing_key(note=options["note"], actor=None)
            self.stdout.write(self.style.SUCCESS(f"new signing key: {verification_method_id(key.key_id)}"))
        else:
            self.list_keys()

    def list_keys(self) -> None:
        self.stdout.write(f"issuer {issuer_did()}")
        for key in selectors.signing_keys():
            until = key.retired_at.isoformat() if key.retired_at else "now (active)"
            window = f"{key.valid_from.isoformat()} → {until}"
            self.stdout.write(f"{key.key_id}  {key.public_key_multibase}  {window}  {self.file_state(key)}")

    @staticmethod
    def file_state(key: SigningKey) -> str:
        try:
            keystore.load_private_key(key.private_key_file, key.public_key_multibase)
        except keystore.KeyFileError as exc:
            return f"key file: {exc}"
        return "key file ok"
