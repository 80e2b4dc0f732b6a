"""``skillcert log audit|checkpoint|status``: the transparency log from the command line.

``audit`` recomputes the log from a running instance (``--url``) or from this
installation's database (``--database``, the default) and compares it with the
signed checkpoints; it prints one line per finding and exits 0 when the log is
consistent, 1 on any divergence and 2 when something could not be checked.
``checkpoint`` signs and stores a checkpoint of the current tree now.
``status`` prints the size, the latest checkpoint and the verifier key.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.transparency import audit, keys, selectors, services
from skillcert.transparency.notes import NoteError, VerifierKey, parse_verifier_key


class Command(BaseCommand):
    help = "The transparency log: audit it, publish a checkpoint, or show its status."
    requires_system_checks: list[str] = []  # an audit must run even when this installation is misconfigured

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{audit,checkpoint,status}")
        run = actions.add_parser("audit", help="recompute the log and compare it with its signed checkpoints")
        where = run.add_mutually_exclusive_group()
        where.add_argument("--url", help="audit a running instance through its public API, e.g. https://zs.example.cn")
        where.add_argument("--database", action="store_true", help="audit this installation's database (default)")
        run.add_argument("--key", help="the log's verifier key to trust (<name>+<id>+<key>); default: ask the log")
        run.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed checkpoint saved earlier; the log must still be consistent with it (repeatable)",
        )
        run.add_argument("--sample", type=int, default=16, help="how many inclusion proofs to check (default 16)")
        actions.add_parser("checkpoint", help="sign and store a checkpoint of the current tree")
        actions.add_parser("status", help="size, latest checkpoint and verifier key")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "checkpoint":
            checkpoint = services.publish_checkpoint()
            self.stdout.write(checkpoint.note, ending="")
        elif action == "status":
            self.status()
        else:
            code = self.audit(options)
            if code:
                sys.exit(code)

    def status(self) -> None:
        checkpoint = selectors.latest_checkpoint()
        self.stdout.write(f"origin        {keys.origin()}")
        self.stdout.write(f"entries       {selectors.current_size()}")
        self.stdout.write(f"checkpoint    {checkpoint.tree_size} entries, signed {checkpoint.published_at.isoformat()}")
        self.stdout.write(f"verifier key  {keys.verifier().encode()}")

    def audit(self, options: dict[str, Any]) -> int:
        source: audit.AuditSource = audit.HttpSource(options["url"]) if options["url"] else audit.DatabaseSource()
        auditor = audit.Auditor(
            source,
            pinned_key=self._pinned_key(options["key"]),
            saved_checkpoints=[self._saved(path) for path in options["checkpoint"]],
            inclusion_sample=max(0, options["sample"]),
        )
        self.stdout.write(f"auditing {source.label}")
        for finding in auditor.run():
            style = self.style.ERROR if finding.status == audit.FAILED else (lambda text: text)
            self.stdout.write(style(finding.line()))
        return auditor.exit_code()

    @staticmethod
    def _pinned_key(value: str | None) -> VerifierKey | None:
        if not value:
            return None
        try:
            return parse_verifier_key(value)
        except NoteError as exc:
            raise CommandError(f"--key: {exc}") from exc

    @staticmethod
    def _saved(path: str) -> tuple[str, str]:
        try:
            return f"saved checkpoint {path}", Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--checkpoint {path}: {exc}") from exc
