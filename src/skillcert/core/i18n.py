"""Translation catalogues: compile ``.po`` to ``.mo`` without system gettext, and check completeness.

Each app keeps its own catalogue in ``<app>/locale/``, so that apps can be worked on
independently; ``makemessages`` is run from inside the app's folder with ``django-admin``.
``python -m skillcert.core.i18n compile`` runs in ``make run`` and ``make test``
(``.mo`` files are build output, not committed). The Chinese catalogue must be
complete: :func:`untranslated` lists any msgid without a Chinese string, and a
test keeps that list empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHINESE = "zh_Hans"


def catalogues(language: str = "*") -> list[Path]:
    """Every app's ``locale/<language>/LC_MESSAGES/django.po`` (each app keeps its own catalogue)."""
    return sorted(PACKAGE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))


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
    """Return ``app: msgid`` for every entry without a translation or marked fuzzy, over all apps."""
    missing = []
    for path in catalogues(language):
        app = path.parents[3].name
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                missing.append(f"{app}: {entry.msgid}")
    return missing


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
