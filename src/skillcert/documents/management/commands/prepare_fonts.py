"""``skillcert prepare-fonts``: convert the certificate font to TrueType now instead of at the first PDF."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from skillcert.documents.fonts import converted_font_path, font_chain


class Command(BaseCommand):
    help = "Convert the CJK certificate font to TrueType once (about 30 s) and cache it in the data directory."

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        path = converted_font_path()
        characters = sum(len(font.characters) for font in font_chain())
        self.stdout.write(f"{path} ({characters} characters, {time.perf_counter() - start:.1f} s)")
