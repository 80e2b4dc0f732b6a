"""Sheets to render and ways to read the result as a person would: its text, its colours, its QR code."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pypdf
import pypdfium2
import zxingcpp
from PIL import Image

from skillcert.documents import art
from skillcert.documents.render import CertificateSheet
from skillcert.documents.samples import SAMPLE_SHEET

SCALE = 3  # 216 dpi: QR modules are ~7 px wide


def sheet(**changes: Any) -> CertificateSheet:
    """A complete 职业技能等级证书 sheet; keyword arguments replace fields."""
    base = dataclasses.replace(
        SAMPLE_SHEET,
        certificate_number="S000051000001263000001",
        id_number_display="51010519900101123X",
        level=3,
        verify_url="http://127.0.0.1:8000/verify/c/7fK2pQx9LmN4",
        photo_bytes=None,
    )
    return dataclasses.replace(base, **changes)


def text_of(pdf: bytes, page: int = 0) -> str:
    """The text layer of one page, as copy-and-paste or a search engine would read it."""
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text()


def flat(text: str) -> str:
    """Text with line breaks removed (a value wrapped over two lines reads as one)."""
    return text.replace("\n", "")


def raster(pdf: bytes, page: int = 0, scale: float = SCALE) -> Image.Image:
    """The page as a person sees it on screen."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def pixel_at(image: Image.Image, x_pt: float, y_pt: float, scale: float = SCALE) -> tuple[int, int, int]:
    """The colour at a point given in PDF points (origin bottom left)."""
    return image.getpixel((round(x_pt * scale), round((art.PAGE_H - y_pt) * scale)))  # type: ignore[return-value]


def close_to(actual: tuple[int, int, int], hex_colour: str, tolerance: int = 8) -> bool:
    expected = tuple(round(c * 255) for c in art.hex_rgb(hex_colour))
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def qr_texts(image: Image.Image) -> list[str]:
    """What a phone camera reads from the QR codes on the page."""
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def photo(size: tuple[int, int] = (300, 400), fmt: str = "JPEG", rgb: tuple[int, int, int] = (240, 120, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, rgb).save(out, fmt)
    return out.getvalue()
