"""``skillcert verify FILE [--lang en] [--log-key KEY] [--json]``: check a bundle or credential offline.

Works without network and without this installation's database: a bundle
carries everything the checks need; a bare credential can only be checked for
form and dates (the rest is "unknown", which is not valid) unless ``--online URL``
fetches the issuer's DID document and current status lists from a running registry. Prints each check;
the exit code is 0 only when every check passed, 1 when one failed, 2 when some
could not be made — among them a status older than its list's ``ttl`` ("unknown — status as
of DATE, check online": a bundle's status is a copy, not the status now). ``--json`` carries
``status_as_of`` (ISO 8601) and ``status_stale``.

The console script starts this command read-only (``skillcert.config.env.start_read_only``): it
creates nothing in the data directory — no database, no secrets, no job store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

MARKS = {"ok": "✔", "failed": "✘", "unknown": "?"}
WORDS = {
    "zh-hans": {"ok": "通过", "failed": "失败", "unknown": "未知"},
    "en": {"ok": "passed", "failed": "FAILED", "unknown": "unknown"},
}
EXIT = {"valid": 0, "invalid": 1, "unknown": 2}


class Command(BaseCommand):
    help = "Verify a credential or bundle file offline; exit code 0 only when it is valid."
    requires_system_checks: list[str] = []  # offline: no signing key or database needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a bundle (skillcert export-bundle) or a credential JSON file; - for stdin")
        parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the report (default zh)")
        parser.add_argument("--log-key", help="pin the log's verifier key (<name>+<id>+<key>) instead of the bundle's")
        parser.add_argument(
            "--did-document",
            metavar="FILE",
            help="pin the issuer's DID document (saved from /.well-known/did.json) instead of the bundle's",
        )
        parser.add_argument(
            "--online",
            metavar="URL",
            help="fetch the issuer's DID document and current status lists from this registry (e.g. https://zs.example.cn)",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from skillcert.verification.verifier import MAX_INPUT_BYTES, verify

        raw = self.read(options["file"], MAX_INPUT_BYTES)
        pinned = self.did_document(options.get("did_document"), MAX_INPUT_BYTES)
        language = "en" if options["lang"] == "en" else "zh-hans"
        with translation.override(language):
            report = verify(raw, log_key=options.get("log_key"), did_document=pinned, online=options.get("online"))
            if options["json"]:
                self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            else:
                self.print_report(report, language)
        code = EXIT[report.verdict]
        if code:
            sys.exit(code)

    def read(self, name: str, limit: int) -> bytes:
        """At most ``limit + 1`` bytes: a larger file is refused by the verifier without being read whole."""
        try:
            if name == "-":
                return sys.stdin.buffer.read(limit + 1)
            with Path(name).open("rb") as handle:
                return handle.read(limit + 1)
        except OSError as exc:
            raise CommandError(f"无法读取 / cannot read {name}: {exc.strerror}") from exc

    def did_document(self, name: str | None, limit: int) -> dict[str, Any] | None:
        if not name:
            return None
        try:
            document = json.loads(self.read(name, limit))
        except ValueError as exc:
            raise CommandError(f"DID 文档不是有效的 JSON / the DID document is not valid JSON: {name}") from exc
        if not isinstance(document, dict):
            raise CommandError(f"DID 文档不是 JSON 对象 / the DID document is not a JSON object: {name}")
        return document

    def print_report(self, report: Any, language: str) -> None:
        words = WORDS[language]
        for key, value in report.facts.items():
            self.stdout.write(f"  {key:<12} {value}")
        for check in report.checks:
            line = f"{MARKS[check.status]} [{words[check.status]}] {check.label}: {check.detail} ({check.code})"
            style = {"ok": self.style.SUCCESS, "failed": self.style.ERROR}.get(check.status, self.style.WARNING)
            self.stdout.write(style(line))
        self.stdout.write(report.verdict_text)
