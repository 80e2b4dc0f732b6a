"""``skillcert render-samples``: render the sample certificates as PNG images (``docs/images/`` by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from skillcert.documents.samples import write_samples


class Command(BaseCommand):
    help = "Render one sample certificate per level and type as PNG images, for the documentation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="docs/images", help="folder for the PNG files")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_samples(Path(options["out"])):
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")
