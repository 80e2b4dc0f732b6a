"""The security artwork of the Sichuan certificate, drawn as vector paths (川人社函〔2021〕460号).

The notice describes the Sichuan paper: an "SC" watermark, a wave background, coloured fibres,
a metal thread carrying "SC", and a guilloche (防伪花边) frame. A PDF cannot carry paper, so the
page prints their likeness: interlaced sine curves and rosettes for the frame, sine waves for
the background, "SC" micro-text and a faint large "SC" for the watermark, a windowed silver
band for the thread, and short coloured strokes for the fibres.

Speed: everything but the fibres is the same for every certificate of one colour. It is built
once per process as PDF operator text (:func:`background_ops` and the small reusable pieces
below, cached), and once per PDF file it becomes a set of Form XObjects that every page of the
file draws with one ``Do``. The fibres depend on the certificate number and are drawn per page.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from fontTools.pens.basePen import BasePen
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import xObjectName
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
EDGE = 20.0  # paper edge to the outer rail of the guilloche frame
BAND = 16.0  # width of the guilloche frame
INNER_LEFT = EDGE + BAND + 6
INNER_RIGHT = PAGE_W - INNER_LEFT
INNER_BOTTOM = INNER_LEFT
INNER_TOP = PAGE_H - INNER_LEFT
HEADER_BOTTOM = INNER_TOP - 88  # the level-coloured header band spans HEADER_BOTTOM..INNER_TOP
THREAD_X = INNER_LEFT + 9  # the metal thread runs vertically here
PAPER = (0.992, 0.984, 0.957)

RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Palette:
    """The colours of one certificate design: its main colour and the tints derived from it."""

    key: str
    main: RGB

    def tint(self, amount: float) -> RGB:
        """The main colour mixed with white; ``amount`` 0 is the colour, 1 is white."""
        return (
            self.main[0] + (1 - self.main[0]) * amount,
            self.main[1] + (1 - self.main[1]) * amount,
            self.main[2] + (1 - self.main[2]) * amount,
        )


def hex_rgb(value: str) -> RGB:
    """``#1f7a3a`` as an RGB triple of floats between 0 and 1."""
    value = value.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def num(value: float) -> str:
    """A coordinate in PDF syntax, two decimals at most (1/7200 inch, far below printer resolution)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def colour(rgb: RGB, *, stroke: bool) -> str:
    """Set the stroke (``RG``) or fill (``rg``) colour."""
    return f"{num(rgb[0])} {num(rgb[1])} {num(rgb[2])} {'RG' if stroke else 'rg'}"


def polyline(points: list[tuple[float, float]], *, close: bool = False) -> str:
    """Path operators through ``points``."""
    first, *rest = points
    parts = [f"{num(first[0])} {num(first[1])} m"] + [f"{num(x)} {num(y)} l" for x, y in rest]
    if close:
        parts.append("h")
    return "\n".join(parts)


def sine_path(x0: float, x1: float, base: float, amp: float, period: float, phase: float) -> str:
    """A sine curve from ``x0`` to ``x1`` as cubic Béziers, one per quarter period (Hermite fit)."""
    step = period / 4
    count = max(1, round((x1 - x0) / step))
    step = (x1 - x0) / count
    k = 2 * math.pi / period

    def point(x: float) -> tuple[float, float, float]:
        angle = k * (x - x0) + phase
        return base + amp * math.sin(angle), amp * k * math.cos(angle), x

    y, slope, x = point(x0)
    parts = [f"{num(x)} {num(y)} m"]
    for i in range(1, count + 1):
        y2, slope2, x2 = point(x0 + i * step)
        c1 = (x + step / 3, y + slope * step / 3)
        c2 = (x2 - step / 3, y2 - slope2 * step / 3)
        parts.append(f"{num(c1[0])} {num(c1[1])} {num(c2[0])} {num(c2[1])} {num(x2)} {num(y2)} c")
        y, slope, x = y2, slope2, x2
    return "\n".join(parts)


def rosette_path(radius: float, lobes: int, strands: int, depth: float, samples: int = 240) -> str:
    """Interlaced closed curves r(t) = R·(1 − depth + depth·cos(lobes·t + shift)), centred on the origin."""
    parts = []
    for strand in range(strands):
        shift = 2 * math.pi * strand / (lobes * strands)
        points = []
        for i in range(samples):
            t = 2 * math.pi * i / samples
            r = radius * (1 - depth + depth * (0.5 + 0.5 * math.cos(lobes * t + shift * lobes)))
            points.append((r * math.cos(t), r * math.sin(t)))
        parts.append(polyline(points, close=True))
    return "\n".join(parts)


class _OpsPen(BasePen):
    """A fontTools pen that writes a glyph outline as PDF path operators, scaled and moved."""

    def __init__(self, glyph_set: Any, scale: float, dx: float) -> None:
        super().__init__(glyph_set)
        self.scale, self.dx = scale, dx
        self.parts: list[str] = []

    def _xy(self, point: tuple[float, float]) -> str:
        return f"{num(point[0] * self.scale + self.dx)} {num(point[1] * self.scale)}"

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.parts.append(f"{self._xy(pt)} m")

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.parts.append(f"{self._xy(pt)} l")

    def _curveToOne(self, pt1: Any, pt2: Any, pt3: Any) -> None:
        self.parts.append(f"{self._xy(pt1)} {self._xy(pt2)} {self._xy(pt3)} c")

    def _closePath(self) -> None:
        self.parts.append("h")


@cache
def letters_path(text: str, height: float) -> tuple[str, float]:
    """Outline of Latin ``text`` (e.g. "SC") from the certificate font, cap height ≈ ``height``; and its width."""
    from fontTools.pens.recordingPen import replayRecording

    from skillcert.documents.fonts import glyph_outlines

    scale = height / 733  # Noto Sans CJK's cap height in font units
    pen, advance = _OpsPen(None, scale, 0.0), 0.0
    for operations, width in glyph_outlines(text):
        pen.dx = advance
        replayRecording(operations, pen)
        advance += width * scale
    return "\n".join(pen.parts), advance


def _place(name_ops: str, matrices: Sequence[Sequence[float]]) -> str:
    """Draw a form once per transformation matrix."""
    return "\n".join(f"q {' '.join(num(v) for v in m)} cm {name_ops} Do Q" for m in matrices)


# -- the reusable pieces (each becomes one Form XObject per PDF) -------------------------------------------

GUILLOCHE_PERIOD = 12.0


def _guilloche_tile() -> str:
    """One period of the frame: four interlaced sine strands between two rails, 0..PERIOD × 0..BAND."""
    mid, amp = BAND / 2, BAND / 2 - 2.2
    strands = [sine_path(0, GUILLOCHE_PERIOD, mid, amp, GUILLOCHE_PERIOD, k * math.pi / 2) for k in range(4)]
    strands.append(sine_path(0, GUILLOCHE_PERIOD, mid, amp * 0.45, GUILLOCHE_PERIOD / 2, 0))
    rails = f"0 0.6 m {num(GUILLOCHE_PERIOD)} 0.6 l 0 {num(BAND - 0.6)} m {num(GUILLOCHE_PERIOD)} {num(BAND - 0.6)} l"
    return "0.3 w\n" + "\n".join(strands) + "\nS\n0.7 w\n" + rails + "\nS"


def _corner_rosette() -> str:
    """The rosette that covers each corner of the frame; white underneath so the strands end cleanly."""
    r = BAND * 0.95
    disk = polyline([(r * math.cos(a / 24 * math.pi), r * math.sin(a / 24 * math.pi)) for a in range(48)], close=True)
    return "\n".join(
        [
            "q 1 1 1 rg",
            disk,
            "f Q",
            "0.35 w",
            rosette_path(r, 9, 3, 0.55, 180),
            "S",
            rosette_path(r * 0.45, 6, 2, 0.6, 90),
            "S",
        ]
    )


def _wave_line(width: float, phase: float) -> str:
    return sine_path(0, width, 3.0, 2.6, 52.0, phase) + "\nS"


SC_UNIT = 10.0  # the "sc" form's letters are 10 pt tall; placements scale them down to micro size


def _micro_row(width: float) -> str:
    """A row of "SC" micro-text, 2.2 pt tall: reads as a rule, magnifies to SCSCSC."""
    _, advance = letters_path("SC", SC_UNIT)
    scale = 2.2 / SC_UNIT
    step = advance * scale + 1.2
    return _place("@sc@", [(scale, 0, 0, scale, i * step, 0) for i in range(int(width // step))])


@cache
def form_pieces() -> dict[str, tuple[tuple[float, float, float, float], str]]:
    """The Form XObjects shared by every design: name → (bounding box, operators), in definition order.

    Cached per process. A piece may draw an earlier one through an ``@name@`` placeholder.

    The pieces set no colour: they draw in the colour set where they are placed, so one file
    holding several levels defines them once.
    """
    body_w = INNER_RIGHT - INNER_LEFT
    sc_path, sc_w = letters_path("SC", 160)
    unit_path, unit_w = letters_path("SC", SC_UNIT)
    return {
        "sc": ((0, -1, unit_w, SC_UNIT + 1), unit_path + "\nf"),
        "tile": ((0, 0, GUILLOCHE_PERIOD, BAND), _guilloche_tile()),
        "corner": ((-BAND, -BAND, BAND, BAND), _corner_rosette()),
        "wave-a": ((0, 0, body_w, 6), _wave_line(body_w, 0)),
        "wave-b": ((0, 0, body_w, 6), _wave_line(body_w, math.pi * 0.6)),
        "micro": ((0, -1, body_w, 3), _micro_row(body_w)),
        "rosette": (
            (-150, -150, 150, 150),
            "0.3 w\n" + rosette_path(145, 18, 4, 0.42, 300) + "\nS\n" + rosette_path(80, 12, 3, 0.5, 200) + "\nS",
        ),
        "watermark": ((0, -10, sc_w, 170), sc_path + "\nf"),
    }


def _frame_matrices() -> list[tuple[float, ...]]:
    """Where the guilloche tile goes: along the four sides of the frame, scaled to fit whole periods."""
    matrices: list[tuple[float, ...]] = []
    start, end = EDGE, PAGE_W - EDGE
    count = round((end - start) / GUILLOCHE_PERIOD)
    sx = (end - start) / (count * GUILLOCHE_PERIOD)
    for i in range(count):
        x = start + i * sx * GUILLOCHE_PERIOD
        matrices.append((sx, 0, 0, 1, x, EDGE))
        matrices.append((sx, 0, 0, 1, x, PAGE_H - EDGE - BAND))
    start, end = EDGE, PAGE_H - EDGE
    count = round((end - start) / GUILLOCHE_PERIOD)
    sy = (end - start) / (count * GUILLOCHE_PERIOD)
    for i in range(count):
        y = start + i * sy * GUILLOCHE_PERIOD
        matrices.append((0, sy, 1, 0, EDGE, y))
        matrices.append((0, sy, 1, 0, PAGE_W - EDGE - BAND, y))
    return matrices


def _thread_ops() -> str:
    """The metal thread: a silver band with dark windows, "SC" repeated along it in white."""
    width, top = 5.0, HEADER_BOTTOM
    ops = [f"0.78 0.8 0.83 rg {num(THREAD_X)} {num(INNER_BOTTOM)} {num(width)} {num(top - INNER_BOTTOM)} re f"]
    ops.append(f"0.91 0.92 0.94 rg {num(THREAD_X + 1.5)} {num(INNER_BOTTOM)} 1.4 {num(top - INNER_BOTTOM)} re f")
    y = INNER_BOTTOM
    while y + 18 < top:
        ops.append(f"0.62 0.64 0.68 rg {num(THREAD_X)} {num(y + 12)} {num(width)} 6 re f")
        y += 30
    scale = 2.4 / SC_UNIT
    ops.append("1 1 1 rg")
    ops.append(
        _place("@sc@", [(0, scale, -scale, 0, THREAD_X + 3.7, y) for y in _frange(INNER_BOTTOM + 2, top - 7, 9)])
    )
    return "\n".join(ops)


@cache
def background_ops(key: str, main: RGB) -> str:
    """The whole static page for one design, as operators that use the pieces of :func:`form_pieces`.

    Form names are written as ``@name@`` placeholders; :func:`define_forms` fills in the
    XObject names reportlab gives them.
    """
    palette = Palette(key, main)
    body_w = INNER_RIGHT - INNER_LEFT
    ops = [
        f"{colour(PAPER, stroke=False)} 0 0 {num(PAGE_W)} {num(PAGE_H)} re f",
        colour(palette.tint(0.8), stroke=True),
    ]
    waves = [(1, 0, 0, 1, INNER_LEFT, y) for y in _frange(INNER_BOTTOM, HEADER_BOTTOM - 6, 7.5)]
    ops.append(_place("@wave-a@", waves[0::2]))
    ops.append(_place("@wave-b@", waves[1::2]))
    ops.append(colour(palette.tint(0.88), stroke=True))
    ops.append(_place("@rosette@", [(1, 0, 0, 1, PAGE_W / 2, 430)]))
    ops.append(colour(palette.tint(0.94), stroke=False))
    _, sc_w = letters_path("SC", 160)
    ops.append(_place("@watermark@", [(1, 0, 0, 1, PAGE_W / 2 - sc_w / 2, 350)]))
    ops.append(_thread_ops())
    ops.append(colour(palette.main, stroke=True))
    ops.append(_place("@tile@", _frame_matrices()))
    corners = [(EDGE + BAND / 2, EDGE + BAND / 2), (PAGE_W - EDGE - BAND / 2, EDGE + BAND / 2)]
    corners += [(x, PAGE_H - y) for x, y in corners]
    ops.append(_place("@corner@", [(1, 0, 0, 1, x, y) for x, y in corners]))
    ops.append(
        f"0.8 w {num(INNER_LEFT - 2)} {num(INNER_BOTTOM - 2)} {num(body_w + 4)} "
        f"{num(INNER_TOP - INNER_BOTTOM + 4)} re S"
    )
    ops.append(
        f"{colour(palette.main, stroke=False)} {num(INNER_LEFT)} {num(HEADER_BOTTOM)} {num(body_w)} "
        f"{num(INNER_TOP - HEADER_BOTTOM)} re f"
    )
    ops.append(_header_emblem(palette))
    ops.append(colour(palette.tint(0.35), stroke=False))
    ops.append(_place("@micro@", [(1, 0, 0, 1, INNER_LEFT, HEADER_BOTTOM - 4.5), (1, 0, 0, 1, INNER_LEFT, 262)]))
    return "\n".join(ops)


def _header_emblem(palette: Palette) -> str:
    """A white rosette with "SC" on the left of the header band: the evaluation logo's place."""
    cx, cy = INNER_LEFT + 44, (HEADER_BOTTOM + INNER_TOP) / 2
    path, width = letters_path("SC", 13)
    return "\n".join(
        [
            f"q 1 0 0 1 {num(cx)} {num(cy)} cm 1 1 1 RG 0.4 w",
            rosette_path(32, 14, 3, 0.35, 200),
            "S",
            f"1 1 1 rg q 1 0 0 1 {num(-width / 2)} {num(-6.5)} cm\n{path}\nf Q Q",
        ]
    )


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = int((stop - start) // step) + 1
    return [start + i * step for i in range(count)]


def define_forms(canvas: Canvas, palette: Palette) -> str:
    """Make this design's forms in ``canvas`` (once per file) and return the background form's name."""
    name = f"bg-{palette.key}"
    if canvas.hasForm(name):
        return name
    pieces = form_pieces()
    for piece, (bbox, ops) in pieces.items():
        if not canvas.hasForm(piece):
            _define_form(canvas, piece, bbox, ops, pieces)
    _define_form(canvas, name, (0, 0, PAGE_W, PAGE_H), background_ops(palette.key, palette.main), pieces)
    return name


def _define_form(canvas: Canvas, name: str, bbox: tuple[float, ...], ops: str, pieces: Iterable[str]) -> None:
    """One Form XObject from operator text, its ``@piece@`` placeholders resolved."""
    canvas.beginForm(name, *bbox)
    for piece in pieces:
        placeholder = f"@{piece}@"
        if placeholder not in ops:
            continue
        ops = ops.replace(placeholder, "/" + xObjectName(piece))
        # makes the piece a resource of this form; drawn far off its bounding box, so never seen
        canvas.saveState()
        canvas.translate(-10 * PAGE_W, -10 * PAGE_H)
        canvas.doForm(piece)
        canvas.restoreState()
    canvas.addLiteral(ops)
    canvas.endForm()


FIBRE_COLOURS: tuple[RGB, ...] = ((0.86, 0.16, 0.22), (0.16, 0.36, 0.86), (0.93, 0.72, 0.08), (0.18, 0.6, 0.32))


def fibre_ops(seed_text: str, count: int = 46) -> str:
    """Short coloured fibres scattered over the body, the same every time for the same certificate number."""
    rng = random.Random(hashlib.sha256(seed_text.encode("utf-8")).digest())
    parts = ["0.45 w 1 J"]
    for _ in range(count):
        x = rng.uniform(INNER_LEFT + 16, INNER_RIGHT - 6)
        y = rng.uniform(INNER_BOTTOM + 6, HEADER_BOTTOM - 10)
        angle, length, bend = rng.uniform(0, math.pi), rng.uniform(5, 13), rng.uniform(-3, 3)
        dx, dy = math.cos(angle) * length, math.sin(angle) * length
        nx, ny = -math.sin(angle) * bend, math.cos(angle) * bend
        parts.append(colour(rng.choice(FIBRE_COLOURS), stroke=True))
        parts.append(
            f"{num(x)} {num(y)} m {num(x + dx / 3 + nx)} {num(y + dy / 3 + ny)} "
            f"{num(x + 2 * dx / 3 - nx)} {num(y + 2 * dy / 3 - ny)} {num(x + dx)} {num(y + dy)} c S"
        )
    return "\n".join(parts)
