"""``skillcert demo``: load the demo data set (idempotent)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from skillcert.core.demo import demo_totp_code, run_demo


class Command(BaseCommand):
    help = "Create demo accounts and demo records for trying skillcert out. Never run it in production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="run even when SKILLCERT_HTTPS is set")
        parser.add_argument(
            "--totp-code", action="store_true", help="print the current authenticator code of the demo centre account"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HTTPS and not options["force"]:
            raise CommandError("This looks like a production deployment (SKILLCERT_HTTPS=true); demo data refused.")
        if options["totp_code"]:
            self.stdout.write(f"centre: {demo_totp_code()} (valid for about 30 seconds)")
            return
        with transaction.atomic():
            run_demo(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
