"""``skillcert export-bundle <certificate number or public id> [-o FILE]``: write an offline verification bundle.

The bundle holds the signed credential, the issuer's DID document, the status list
credentials it names, the latest signed checkpoint with inclusion proofs of the
certificate's log entries, and the log's verifier key. ``skillcert verify FILE``
checks it without network or database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q


class Command(BaseCommand):
    help = "Write a certificate's offline verification bundle (credential, DID document, status lists, log proofs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("certificate", help="certificate number or public id")
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        from skillcert.certificates.models import Certificate
        from skillcert.verification.selectors import stored_credential
        from skillcert.verification.sources import build_bundle

        key = str(options["certificate"]).strip()
        certificate = Certificate.objects.filter(Q(number=key) | Q(public_id=key)).first()
        if certificate is None:
            raise CommandError(f"没有这本证书 / no certificate has the number or id {key!r}")
        credential = stored_credential(certificate.public_id)
        if credential is None:
            raise CommandError(
                f"证书 {certificate.number} 没有签名凭证（导入的历史记录） / it has no signed credential"
            )
        body = json.dumps(build_bundle(credential), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(body, encoding="utf-8")
            self.stderr.write(f"{certificate.number} → {options['output']}")
        else:
            self.stdout.write(body, ending="")
