"""The CJK font of the certificates: obtained from PyPI, converted once to TrueType, registered with reportlab.

Why this way:

- Certificates must print rare name characters (㛃 U+36C3 in Extension A, 𠮷 U+20BB7 in
  Extension B) with no system font packages. The ``noto-cjk-sans-otc`` wheel (SIL OFL 1.1)
  ships Noto Sans CJK 2.004, whose SC face covers the whole URO, all but ten of Extension A and
  the ~2,100 Extension B characters used in names in China, Japan and Korea.
- reportlab embeds only TrueType (``glyf``) outlines, and Noto Sans CJK is CFF. The SC face is
  converted once with fontTools (cubic to quadratic curves, cu2qu) into
  ``<SKILLCERT_DATA_DIR>/fonts/``; only glyphs reachable from the character map are converted
  (reportlab does no shaping, so the others are never drawn). That takes ~30 s, once per data
  directory; ``skillcert prepare_fonts`` does it ahead of time.
- reportlab embeds a subset of the glyphs a PDF uses. Its ToUnicode map writes characters
  beyond the BMP as 5-digit hex, which readers reject, so :class:`CertificateFont` writes
  UTF-16 (surrogate pairs) instead, and copying or searching 𠮷 in a PDF gives back 𠮷.

:func:`font_chain` is ordered: text is split into runs by the first font that has each
character (:func:`glyph_runs`). A wider Extension B font can be appended here later; a
character that no font has is refused before anything is drawn (:func:`missing_characters`),
never printed as a missing-glyph box.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SOURCE_PACKAGE = "noto_cjk_sans_otc"
SOURCE_FILE = "NotoSansCJK-Regular.ttc"
SOURCE_FACE = "Noto Sans CJK SC"  # the collection holds JP/KR/SC/TC/HK faces: Simplified Chinese glyph forms
CONVERTED_NAME = "NotoSansCJKsc-Regular-glyf.ttf"
PRIMARY = "SkillcertSans"

_TABLES_DROPPED = ("CFF ", "GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG")
_lock = threading.Lock()


def font_dir() -> Path:
    """Where converted fonts are cached: ``<SKILLCERT_DATA_DIR>/fonts``."""
    return Path(settings.DATA_DIR) / "fonts"


def converted_font_path(directory: Path | None = None) -> Path:
    """Return the TrueType file of the primary font, converting it first if it is not cached yet."""
    directory = directory or font_dir()
    target = directory / CONVERTED_NAME
    if target.exists():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    # Another process (a second test worker, a job) may be converting at the same time: take turns.
    with open(directory / ".convert.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        if not target.exists():
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            convert_cff_to_truetype(_source_font_path(), SOURCE_FACE, temporary)
            temporary.replace(target)
    return target


def _source_font_path() -> Path:
    """The OpenType collection inside the installed ``noto-cjk-sans-otc`` package."""
    return Path(str(resources.files(SOURCE_PACKAGE).joinpath(SOURCE_FILE)))


def convert_cff_to_truetype(source: Path, face_name: str, target: Path) -> None:
    """Write ``face_name`` from the collection ``source`` as a TrueType-outline font to ``target``."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    font = next(f for f in TTCollection(str(source)).fonts if f["name"].getDebugName(4) == face_name)
    reachable = set(font.getBestCmap().values()) | {".notdef"}
    glyph_set = font.getGlyphSet()
    glyphs: dict[str, Any] = {}
    for name in font.getGlyphOrder():
        if name not in reachable:
            glyphs[name] = Glyph()  # keeps glyph ids stable; never drawn
            continue
        pen = TTGlyphPen(None)
        # max error of one font unit (1/1000 em): invisible at any print size
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = font.getGlyphOrder(), glyphs
    for tag in _TABLES_DROPPED:
        if tag in font:
            del font[tag]
    font["loca"], font["glyf"] = newTable("loca"), glyf
    _truetype_maxp(font["maxp"])
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: 65,535 names would only add size
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(target))


def _truetype_maxp(maxp: Any) -> None:
    """Turn a CFF ``maxp`` (version 0.5) into the TrueType version 1.0; fontTools recomputes the counts."""
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1


def _utf16_hex(code: int) -> str:
    """A character as the hex of its UTF-16BE encoding (a surrogate pair beyond the BMP)."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap mapping the single-byte codes of one embedded subset to UTF-16 text."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    # a bfchar block holds at most 100 entries (PDF reference, CMap syntax)
    for start in range(0, len(subset), 100):
        block = subset[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{start + i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(block)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class CertificateFont(TTFont):
    """reportlab's embedded TrueType font, with a ToUnicode map that is right beyond the BMP."""

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            ref_name = f"toUnicodeCMap:{self._subset_base_name(number)}"
            stream = doc.idToObject.get(ref_name)
            if stream is not None:
                stream.content = to_unicode_cmap(self._subset_base_name(number), subset)

    def _subset_base_name(self, number: int) -> str:
        from reportlab.pdfbase.ttfonts import SUBSETN

        return b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")


@dataclass(frozen=True)
class ChainFont:
    """One font of the chain: its reportlab name and the characters it can draw."""

    name: str
    characters: frozenset[int]


@cache
def font_chain() -> tuple[ChainFont, ...]:
    """Register the certificate fonts with reportlab (once per process) and return them in order."""
    with _lock:
        font = CertificateFont(PRIMARY, str(converted_font_path()))
        pdfmetrics.registerFont(font)
        covered = frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)
        return (ChainFont(PRIMARY, covered),)


@cache
def glyph_outlines(text: str) -> tuple[tuple[list[tuple[str, tuple[Any, ...]]], float], ...]:
    """Each character of ``text`` in the primary font: its outline as recorded pen operations, and its advance.

    For the letters drawn as art (the "SC" watermark, micro-text and emblem, documents.art). Opening
    the converted font with fontTools and reading its glyphs takes about a second, so it is done once
    per process and per text, not once per size drawn.
    """
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    with TTFont(str(converted_font_path()), lazy=True) as font:
        glyph_set, cmap = font.getGlyphSet(), font.getBestCmap()
        outlines = []
        for ch in text:
            glyph = glyph_set[cmap[ord(ch)]]
            pen = RecordingPen()
            glyph.draw(pen)
            outlines.append((pen.value, float(glyph.width)))
    return tuple(outlines)


ART_LETTERS = "SC"  # the only letters documents.art draws from the font


def load() -> None:
    """Read and register the certificate fonts now rather than on the first PDF (which then took ~4 s).

    Called once in every server worker as it starts (``skillcert.config.gunicorn``), before it
    takes a request; not at Django start-up, so that management commands and tests that never
    render a certificate do not pay for it. Idempotent: everything it loads is cached per process.
    """
    font_chain()
    glyph_outlines(ART_LETTERS)


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` that no certificate font can draw (they would print as boxes)."""
    chain = font_chain()
    return sorted({ch for ch in text if not ch.isspace() and not any(ord(ch) in f.characters for f in chain)})


def glyph_runs(text: str) -> Iterator[tuple[str, str]]:
    """Split ``text`` into ``(font name, run)`` pieces, each drawn by the first font that has its characters."""
    chain = font_chain()
    current, run = chain[0].name, ""
    for ch in text:
        name = next((f.name for f in chain if ord(ch) in f.characters), chain[0].name)
        if name != current and run:
            yield current, run
            run = ""
        current = name
        run += ch
    if run:
        yield current, run


def text_width(text: str, size: float) -> float:
    """Width in points of ``text`` set at ``size`` with the font chain."""
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in glyph_runs(text))
