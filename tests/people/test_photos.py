"""Holder photos: the pixel dimensions and the byte size are checked from the header, before any pixel is decoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.utils import translation
from PIL import Image, ImageFile

from skillcert.core.errors import InvalidInput
from skillcert.people.photos import MAX_PHOTO_PIXELS, clean_photo

SIDE = 9450  # 9450 × 9450 = 89.3 megapixels, just under Pillow's own default limit (89.5 megapixels)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def black_and_white_png(width: int, height: int) -> bytes:
    """A real, decodable 1-bit PNG: a few kilobytes on disk, ``width × height`` pixels once decoded."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Records every image Pillow decodes (``load``) or verifies (``verify`` reads the whole file)."""
    seen: list[tuple[int, int]] = []
    real_load, real_verify = ImageFile.ImageFile.load, Image.Image.verify

    def load(self, *args, **kwargs):
        seen.append(self.size)
        return real_load(self, *args, **kwargs)

    def verify(self, *args, **kwargs):
        seen.append(self.size)
        return real_verify(self, *args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    monkeypatch.setattr(Image.Image, "verify", verify)
    return seen


def test_an_89_megapixel_photo_is_refused_in_chinese_before_any_pixel_is_decoded(decodes):
    data = black_and_white_png(SIDE, SIDE)
    assert len(data) < 100_000  # cheap to send: the danger is in the decoding, not the upload
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        clean_photo(data)
    assert caught.value.as_dict()["message"] == "照片像素过多。"
    assert list(caught.value.fields) == ["photo"]
    assert decodes == []


def test_a_declared_size_just_over_the_limit_is_refused_and_one_at_the_limit_is_decoded(decodes):
    side = int(MAX_PHOTO_PIXELS**0.5)
    with pytest.raises(InvalidInput):
        clean_photo(black_and_white_png(side + 1, side + 1))
    assert decodes == []
    cleaned, extension = clean_photo(black_and_white_png(200, 200))
    assert extension == "png" and Image.open(io.BytesIO(cleaned)).size == (200, 200)
    assert (200, 200) in decodes  # the header check passed, so the image was decoded and re-encoded


def test_the_english_message_is_used_on_request(decodes):
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        clean_photo(black_and_white_png(SIDE, SIDE))
    assert caught.value.as_dict()["message"] == "The photo has far too many pixels."
    assert decodes == []


def test_pillow_refuses_oversized_images_everywhere_in_the_process():
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= MAX_PHOTO_PIXELS
