"""Translation catalogues: compile ``.po`` to ``.mo`` without system gettext, and check completeness.

``python -m skillcert.core.i18n compile`` runs in ``make run`` and ``make test``
(``.mo`` files are build output, not committed). The Chinese catalogue must be
complete: :func:`untranslated` lists any msgid without a Chinese string, and a
test keeps that list empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CHINESE = "zh_Hans"


def catalogues() -> list[Path]:
    """Every ``django.po`` under the project's locale directory."""
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def compile_all() -> int:
    """Compile each catalogue whose ``.mo`` is missing or older; return how many were written."""
    written = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written += 1
    return written


def untranslated(language: str = CHINESE) -> list[str]:
    """Return msgids of the catalogue that have no translation or are marked fuzzy."""
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    return [entry.msgid for entry in po if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)]


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        compile_all()
        return 0
    if argv[:1] == ["check"]:
        missing = untranslated()
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        return 1 if missing else 0
    print("usage: python -m skillcert.core.i18n compile|check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
