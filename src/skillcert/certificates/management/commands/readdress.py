"""``skillcert readdress [--chunk-size N]``: re-sign credentials issued before addresses at their address key.

Run once after upgrading (again at any time: certificates already at their address are left
alone). Prints the counts after every chunk and at the end.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.certificates.readdress import READDRESS_CHUNK, ReaddressCounts, readdress_certificates
from skillcert.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Re-sign every credential whose address is a certificate's public id at the certificate's unguessable "
        "address key; keeps the old document and logs one credential.replaced entry per certificate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size", type=int, default=READDRESS_CHUNK, help="certificates per transaction (1–5000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chunk_size = options["chunk_size"]
        if not 1 <= chunk_size <= 5000:
            raise CommandError("--chunk-size must be between 1 and 5000")

        def progress(counts: ReaddressCounts) -> None:
            self.stdout.write(counts.line())

        try:
            counts = readdress_certificates(chunk_size=chunk_size, progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.style.SUCCESS(f"done: {counts.line()}"))
