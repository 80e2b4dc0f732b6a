"""Sichuan-style certificate pages: one A4 page per certificate, from a plain data object.

The renderer knows nothing of the database: callers (the certificates app, the holder page,
batch jobs) fill a :class:`CertificateSheet` and get PDF bytes (:func:`render_certificate`)
or a file (:func:`render_batch`). What the page shows follows the national printing
requirements for 职业技能等级证书 (证书名称, 证书正文, 评价机构名称, 发证日期, 姓名, 证件类型,
证件号码, 职业名称, 工种/职业方向, 职业技能等级, 证书编号, 照片, 二维码, and the national query
address) and the Sichuan template (level colour, Chinese and English side by side, security
art from :mod:`skillcert.documents.art`). The printed wording is fixed bilingual text of
the document, not interface text: both languages are always printed, whatever the reader's
language, so it is not translated through gettext.

Batches: reportlab holds every page of a canvas until ``save()``. :func:`render_batch` renders
parts of :data:`PART_PAGES` pages and streams each to the file through
:class:`~skillcert.documents.pdfjoin.StreamingPdfJoiner`, so memory is bounded by one part,
whatever the number of certificates (``make bench`` prints the figure). Each part carries its
own font subset and art forms; that costs a few hundred kilobytes per part, not per page.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import segno
from django.utils.translation import gettext_lazy as _
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from skillcert.catalog.choices import LEVEL_STYLES
from skillcert.core.errors import InvalidInput
from skillcert.documents import art
from skillcert.documents.fonts import PRIMARY, font_chain, glyph_runs, missing_characters, text_width
from skillcert.documents.pdfjoin import StreamingPdfJoiner
from skillcert.documents.photos import print_copy

rl_config.useA85 = 0  # binary streams: ASCII85 would add a quarter to every file's size
PART_PAGES = 200

NATIONAL_QUERY = "http://jndj.osta.org.cn"
PROVINCIAL_QUERY = "http://rst.sc.gov.cn"
CENTRE_PROXY = "四川省职业技能鉴定指导中心（代章）"

# Colours of the two types whose covers are not coloured by level (a project choice, see docs/documents.md).
TYPE_COLOURS = {"qualification": "#0e6e6a", "special_ability": "#5b3a8c"}

TITLES = {
    "skill_level": ("职业技能等级证书", "Vocational Skill Level Certificate"),
    "qualification": ("职业资格证书", "Vocational Qualification Certificate"),
    "special_ability": ("专项职业能力证书", "Special Vocational Ability Certificate"),
}
BODY = {
    "skill_level": (
        "经评价，该同志职业技能等级达到下列等级，特发此证。",
        "This is to certify that the holder has been evaluated and has attained the skill level below.",
    ),
    "qualification": (
        "经考核合格，该同志取得下列职业资格，特发此证。",
        "This is to certify that the holder has passed the assessment for the vocational qualification below.",
    ),
    "special_ability": (
        "经考核合格，该同志具备下列专项职业能力，特发此证。",
        "This is to certify that the holder has passed the assessment of the special vocational ability below.",
    ),
}
LEVEL_NAMES = {
    5: ("初级（五级）", "Level 5 (Elementary)"),
    4: ("中级（四级）", "Level 4 (Intermediate)"),
    3: ("高级（三级）", "Level 3 (Advanced)"),
    2: ("技师（二级）", "Level 2 (Technician)"),
    1: ("高级技师（一级）", "Level 1 (Senior Technician)"),
}
STAMPS = {"revoked": ("已撤销", "REVOKED"), "suspended": ("已暂停", "SUSPENDED")}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Where a reader (and the tests) finds the design colour: inside the header band, right of the title.
COLOUR_PROBE = (art.INNER_RIGHT - 14, (art.HEADER_BOTTOM + art.INNER_TOP) / 2)
INK = (0.1, 0.1, 0.12)
GREY = (0.38, 0.38, 0.42)


@dataclass(frozen=True)
class CertificateSheet:
    """Everything printed on one certificate, as display text; personal data: holder fields, photo."""

    certificate_type: str  # "qualification" | "skill_level" | "special_ability"
    certificate_number: str
    holder_name: str
    holder_romanised_name: str
    id_type_label: str
    id_number_display: str
    gender_label: str
    occupation_name: str
    occupation_code: str
    job_type: str
    level: int | None
    project_name: str
    issuer_name: str
    issuer_on_behalf: str
    issued_on: datetime.date
    verify_url: str
    photo_bytes: bytes | None = None
    status: str = "valid"  # "valid" | "suspended" | "revoked"
    status_note: str = ""

    @property
    def colour_hex(self) -> str:
        """The design colour: the level's cover colour, or the type's own colour."""
        if self.certificate_type == "skill_level" and self.level in LEVEL_STYLES:
            return LEVEL_STYLES[self.level].rgb
        return TYPE_COLOURS.get(self.certificate_type, LEVEL_STYLES[5].rgb)

    def printed_text(self) -> str:
        """Every piece of text printed from the sheet (for the character check)."""
        return "".join(
            [
                self.holder_name,
                self.holder_romanised_name,
                self.id_type_label,
                self.id_number_display,
                self.gender_label,
                self.occupation_name,
                self.occupation_code,
                self.job_type,
                self.project_name,
                self.issuer_name,
                self.issuer_on_behalf,
                self.certificate_number,
                self.status_note,
            ]
        )


def check_sheet(sheet: CertificateSheet) -> None:
    """Refuse a sheet that cannot be printed correctly (nothing is ever printed half-right).

    Raises:
        InvalidInput: unknown type or status, a level missing or out of range, a required field
            empty, or a character no certificate font can draw.
    """
    if sheet.certificate_type not in TITLES:
        raise InvalidInput(
            _("Unknown certificate type."), fields={"certificate_type": [_("Unknown certificate type.")]}
        )
    if sheet.status not in ("valid", "suspended", "revoked"):
        raise InvalidInput(_("Unknown certificate status."), fields={"status": [_("Unknown certificate status.")]})
    if sheet.certificate_type != "special_ability" and sheet.level not in LEVEL_NAMES:
        raise InvalidInput(_("The level must be 1 to 5."), fields={"level": [_("The level must be 1 to 5.")]})
    required = {
        "certificate_number": sheet.certificate_number,
        "holder_name": sheet.holder_name,
        "issuer_name": sheet.issuer_name,
        "verify_url": sheet.verify_url,
    }
    for field, value in required.items():
        if not value.strip():
            raise InvalidInput(_("A required field of the certificate is empty."), fields={field: [_("Required.")]})
    missing = missing_characters(sheet.printed_text())
    if missing:
        message = _("These characters cannot be printed with the certificate font: %(chars)s") % {
            "chars": " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing)
        }
        raise InvalidInput(message, fields={"holder_name": [message]})


def render_certificate(sheet: CertificateSheet) -> bytes:
    """One certificate as a one-page A4 PDF."""
    check_sheet(sheet)
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, f"{TITLES[sheet.certificate_type][0]} {sheet.certificate_number}")
    draw_page(canvas, sheet)
    canvas.save()
    return buffer.getvalue()


def render_batch(sheets: Iterable[CertificateSheet], path: Path, progress: Callable[[int], None] | None = None) -> int:
    """Write every sheet as one page of the PDF at ``path``; return the number of pages.

    Sheets are read lazily and rendered in parts of :data:`PART_PAGES` pages, each streamed to
    the file, so memory does not grow with the batch. ``progress`` is called with the number of
    pages done after each part. A sheet that cannot be printed stops the batch with
    :class:`~skillcert.core.errors.InvalidInput` and the partial file is removed.
    """
    try:
        with StreamingPdfJoiner(path, title="证书批量打印 certificates") as joiner:
            part: list[CertificateSheet] = []
            for sheet in sheets:
                check_sheet(sheet)
                part.append(sheet)
                if len(part) == PART_PAGES:
                    _append_part(joiner, part, progress)
                    part = []
            if part or joiner.page_count == 0:
                _append_part(joiner, part, progress)
            return joiner.page_count
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _append_part(
    joiner: StreamingPdfJoiner, part: list[CertificateSheet], progress: Callable[[int], None] | None
) -> None:
    if not part:
        raise InvalidInput(_("There are no certificates to print."))
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, "")
    for sheet in part:
        draw_page(canvas, sheet)
        canvas.showPage()
    canvas.save()
    joiner.append(buffer.getvalue(), len(part))
    if progress:
        progress(joiner.page_count)


def _new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    font_chain()  # registers the fonts once per process
    canvas = Canvas(buffer, pagesize=(art.PAGE_W, art.PAGE_H), pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("skillcert")
    return canvas


def draw_page(canvas: Canvas, sheet: CertificateSheet) -> None:
    """Draw one certificate on the current page of ``canvas``."""
    palette = art.Palette(
        sheet.certificate_type if sheet.certificate_type != "skill_level" else f"level{sheet.level}",
        art.hex_rgb(sheet.colour_hex),
    )
    canvas.doForm(art.define_forms(canvas, palette))
    canvas.addLiteral(art.fibre_ops(sheet.certificate_number))
    _draw_header(canvas, sheet)
    _draw_fields(canvas, sheet)
    _draw_photo(canvas, sheet.photo_bytes)
    _draw_qr(canvas, sheet.verify_url)
    _draw_issuer(canvas, sheet, palette)
    _draw_footer(canvas, sheet)
    if sheet.status in STAMPS:
        _draw_stamp(canvas, sheet)


# -- text helpers --------------------------------------------------------------------------------------


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, *, align: str = "left", bold: bool = False
) -> None:
    """Draw ``text`` with the font chain; ``align`` is left, centre or right of ``x``."""
    if align != "left":
        width = text_width(text, size)
        x -= width if align == "right" else width / 2
    obj = canvas.beginText(x, y)
    if bold:  # the CJK font has one weight: fill and stroke the outlines to print it bolder
        canvas.setLineWidth(size / 40)
        obj.setTextRenderMode(2)
    for name, run in glyph_runs(text):
        obj.setFont(name, size)
        obj.textOut(run)
    if bold:
        obj.setTextRenderMode(0)  # the render mode outlives the text object in PDF: reset it
    canvas.drawText(obj)


def fit_lines(text: str, width: float, size: float, smallest: float) -> tuple[float, list[str]]:
    """Shrink ``text`` to fit ``width`` on one line, down to ``smallest``; else wrap it over two lines or more.

    Nothing is ever cut: the result always holds every character of ``text``.
    """
    current = size
    while current > smallest and text_width(text, current) > width:
        current -= 0.5
    if text_width(text, current) <= width:
        return current, [text]
    lines, line = [], ""
    for ch in text:
        if line and text_width(line + ch, current) > width:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    return current, lines


def _colour(canvas: Canvas, rgb: tuple[float, float, float]) -> None:
    canvas.setFillColorRGB(*rgb)


# -- the parts of the page -----------------------------------------------------------------------------


def _draw_header(canvas: Canvas, sheet: CertificateSheet) -> None:
    zh, en = TITLES[sheet.certificate_type]
    mid = (art.HEADER_BOTTOM + art.INNER_TOP) / 2
    centre = art.PAGE_W / 2 + 14
    _colour(canvas, (1, 1, 1))
    canvas.setStrokeColorRGB(1, 1, 1)
    draw_text(canvas, centre, mid + 2, zh, 29, align="centre", bold=True)
    draw_text(canvas, centre, mid - 24, en, 12.5, align="centre")
    body_zh, body_en = BODY[sheet.certificate_type]
    _colour(canvas, INK)
    draw_text(canvas, art.PAGE_W / 2, art.HEADER_BOTTOM - 26, body_zh, 11.5, align="centre")
    _colour(canvas, GREY)
    draw_text(canvas, art.PAGE_W / 2, art.HEADER_BOTTOM - 40, body_en, 7.6, align="centre")


FIELD_TOP = art.HEADER_BOTTOM - 74
ROW = 37.0
LABEL_X = art.INNER_LEFT + 22
VALUE_X = LABEL_X + 118
PHOTO = (art.INNER_RIGHT - 104, FIELD_TOP - 122, 90, 120)  # x, y, width, height (30 × 40 mm)


def _field_rows(sheet: CertificateSheet) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) in printed order, per certificate type."""
    name = sheet.holder_name + (f"  {sheet.holder_romanised_name}" if sheet.holder_romanised_name else "")
    rows = [
        ("姓　　名", "Name", name),
        ("性　　别", "Gender", sheet.gender_label),
        ("证件类型", "ID type", sheet.id_type_label),
        ("证件号码", "ID number", sheet.id_number_display),
    ]
    occupation = (
        f"{sheet.occupation_name}（{sheet.occupation_code}）" if sheet.occupation_code else sheet.occupation_name
    )
    if sheet.certificate_type == "special_ability":
        rows.append(("考核项目", "Assessment project", sheet.project_name))
        if sheet.occupation_name:
            rows.append(("相关职业", "Related occupation", occupation))
    else:
        rows.append(("职业名称", "Occupation", occupation))
        rows.append(("工种/职业方向", "Job type / direction", sheet.job_type or "—"))
        zh, en = LEVEL_NAMES[sheet.level or 5]
        label = ("职业技能等级", "Skill level") if sheet.certificate_type == "skill_level" else ("资格等级", "Level")
        rows.append((*label, f"{zh}  {en}"))
    rows.append(("证书编号", "Certificate No.", sheet.certificate_number))
    issuer = sheet.issuer_name + (f" / {sheet.issuer_on_behalf}" if sheet.issuer_on_behalf else "")
    rows.append((*_issuer_label(sheet), issuer))
    rows.append(("发证日期", "Date of issue", _date_line(sheet.issued_on)))
    return rows


def _issuer_label(sheet: CertificateSheet) -> tuple[str, str]:
    if sheet.certificate_type == "skill_level":
        return "评价机构", "Evaluation institution"
    return "发证机关", "Issuing authority"


def _date_line(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日  {day.day} {MONTHS[day.month - 1]} {day.year}"


def _draw_fields(canvas: Canvas, sheet: CertificateSheet) -> None:
    y = FIELD_TOP
    for zh, en, value in _field_rows(sheet):
        right = PHOTO[0] - 10 if y > PHOTO[1] - 8 else art.INNER_RIGHT - 14
        _colour(canvas, INK)
        draw_text(canvas, LABEL_X, y, zh, 10.5)
        _colour(canvas, GREY)
        draw_text(canvas, LABEL_X, y - 10, en, 6.8)
        _colour(canvas, INK)
        size, lines = fit_lines(value, right - VALUE_X, 12.5, 8.5)
        top = y if len(lines) == 1 else y + (len(lines) - 1) * size * 0.55
        for i, line in enumerate(lines):
            draw_text(canvas, VALUE_X, top - i * size * 1.15, line, size)
        canvas.setStrokeColorRGB(0.75, 0.75, 0.78)
        canvas.setLineWidth(0.4)
        canvas.line(VALUE_X, y - 7, right, y - 7)
        y -= ROW


def _draw_photo(canvas: Canvas, photo: bytes | None) -> None:
    x, y, w, h = PHOTO
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y, w, h, stroke=1, fill=1)
    if photo:
        canvas.drawImage(
            ImageReader(io.BytesIO(print_copy(photo))), x + 1, y + 1, w - 2, h - 2, preserveAspectRatio=True, anchor="c"
        )
        return
    canvas.setFillColorRGB(0.82, 0.83, 0.86)  # a silhouette: this certificate has no photo on record
    canvas.circle(x + w / 2, y + h * 0.64, w * 0.2, stroke=0, fill=1)
    canvas.wedge(x + w * 0.14, y - h * 0.16, x + w * 0.86, y + h * 0.5, 0, 180, stroke=0, fill=1)
    _colour(canvas, GREY)
    draw_text(canvas, x + w / 2, y + 6, "照片 Photo", 7, align="centre")


QR_SIZE = 86.0
QR_AT = (LABEL_X, art.INNER_BOTTOM + 58)


def qr_ops(url: str, x: float, y: float, size: float) -> str:
    """A QR code for ``url`` as filled rectangles on a white quiet zone (vector, sharp at any print size)."""
    code = segno.make(url, error="m", micro=False)
    matrix = code.matrix
    modules = len(matrix)
    unit = size / (modules + 6)
    parts = [f"q 1 1 1 rg {art.num(x)} {art.num(y)} {art.num(size)} {art.num(size)} re f 0 0 0 rg"]
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 3 + 1) * unit
        col = 0
        while col < modules:
            if row[col] & 1:
                start = col
                while col < modules and row[col] & 1:
                    col += 1
                parts.append(
                    f"{art.num(x + (start + 3) * unit)} {art.num(top)} {art.num((col - start) * unit + 0.01)} "
                    f"{art.num(unit + 0.01)} re"
                )
            else:
                col += 1
    parts.append("f Q")
    return "\n".join(parts)


def _draw_qr(canvas: Canvas, url: str) -> None:
    x, y = QR_AT
    canvas.addLiteral(qr_ops(url, x, y, QR_SIZE))
    _colour(canvas, INK)
    draw_text(canvas, x + QR_SIZE / 2, y - 11, "扫码查验 Scan to verify", 7.5, align="centre")


def _draw_issuer(canvas: Canvas, sheet: CertificateSheet, palette: art.Palette) -> None:
    centre, y = art.INNER_RIGHT - 130, QR_AT[1] + QR_SIZE - 8
    zh, en = _issuer_label(sheet)
    _colour(canvas, GREY)
    draw_text(canvas, centre, y, f"{zh}（盖章） {en} (seal)", 7.5, align="centre")
    _colour(canvas, INK)
    size, lines = fit_lines(sheet.issuer_name, 230, 13, 9)
    y -= 20
    for line in lines:
        draw_text(canvas, centre, y, line, size, align="centre", bold=True)
        y -= size * 1.3
    if sheet.issuer_on_behalf:
        _colour(canvas, palette.main)
        draw_text(canvas, centre, y, sheet.issuer_on_behalf, 10.5, align="centre")
        y -= 16
    _colour(canvas, INK)
    day = sheet.issued_on
    draw_text(canvas, centre, y - 6, f"{day.year}年{day.month}月{day.day}日", 11, align="centre")


def query_lines(certificate_type: str) -> tuple[str, str]:
    """The two query addresses a certificate's footer prints.

    职业技能等级证书 and 职业资格证书 are in 技能人才评价证书全国联网查询, so the national query
    comes first; 专项职业能力证书 are not: they are looked up in the province, at this
    registry's 专项 query and at the Sichuan HRSS site.
    """
    provincial = f"四川省人力资源和社会保障厅查询 Sichuan HRSS query: {PROVINCIAL_QUERY}"
    if certificate_type == "special_ability":
        return f"专项职业能力证书查询 Special ability query: {special_query_url()}", provincial
    return f"全国联网查询 National query: {NATIONAL_QUERY}", provincial


def special_query_url() -> str:
    """This registry's public 专项职业能力证书 query, at its public address."""
    from django.conf import settings
    from django.urls import reverse

    return f"{settings.PUBLIC_URL}{reverse('certificates:special_query')}"


def _draw_footer(canvas: Canvas, sheet: CertificateSheet) -> None:
    x, y = LABEL_X, art.INNER_BOTTOM + 20
    _colour(canvas, GREY)
    first, second = query_lines(sheet.certificate_type)
    size, lines = fit_lines(first, art.INNER_RIGHT - 14 - x, 7.5, 5.5)
    draw_text(canvas, x, y + 12, lines[0], size)
    draw_text(canvas, x, y, second, 7.5)
    size, lines = fit_lines(f"查验 Verify: {sheet.verify_url}", art.INNER_RIGHT - 14 - x, 7.5, 5.5)
    draw_text(canvas, x, y - 12, lines[0], size)


def _draw_stamp(canvas: Canvas, sheet: CertificateSheet) -> None:
    """A revoked or suspended certificate is never printed as valid: a diagonal stamp across the page."""
    zh, en = STAMPS[sheet.status]
    canvas.saveState()
    canvas.translate(art.PAGE_W / 2, art.PAGE_H / 2 - 20)
    canvas.rotate(38)
    canvas.setFillColorRGB(0.8, 0.05, 0.1, alpha=0.55)
    canvas.setStrokeColorRGB(0.8, 0.05, 0.1, alpha=0.7)
    canvas.setLineWidth(4)
    canvas.roundRect(-220, -70, 440, 170, 14, stroke=1, fill=0)
    draw_text(canvas, 0, 30, zh, 72, align="centre", bold=True)
    draw_text(canvas, 0, -14, en, 34, align="centre")
    if sheet.status_note:
        size, lines = fit_lines(sheet.status_note, 420, 13, 8)
        for i, line in enumerate(lines):
            draw_text(canvas, 0, -50 - i * size * 1.2, line, size, align="centre")
    canvas.restoreState()


__all__ = ["CENTRE_PROXY", "COLOUR_PROBE", "PRIMARY", "CertificateSheet", "render_batch", "render_certificate"]
