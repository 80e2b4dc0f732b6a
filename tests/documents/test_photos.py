"""Photo uploads: only real JPEG or PNG photos of a sensible size get through, with a clear message otherwise."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from PIL import Image

from skillcert.core.errors import InvalidInput
from skillcert.documents.photos import print_copy, validate_photo
from tests.documents.helpers import photo


def refusal(data: bytes, language: str = "zh-hans") -> str:
    with translation.override(language):
        with pytest.raises(InvalidInput) as error:
            validate_photo(data)
        assert list(error.value.fields) == ["photo"]
        return error.value.as_dict()["message"]


def test_jpeg_and_png_photos_are_accepted() -> None:
    validate_photo(photo(fmt="JPEG"))
    validate_photo(photo(fmt="PNG"))


def test_a_file_that_is_not_an_image_is_refused_in_chinese_and_english() -> None:
    assert refusal(b"%PDF-1.4 not a photo") == "照片必须是 JPEG 或 PNG 格式的图片。"
    assert refusal(b"%PDF-1.4 not a photo", "en") == "The photo must be a JPEG or PNG image."


def test_another_image_format_is_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 200)).save(out, "GIF")
    assert "JPEG" in refusal(out.getvalue())


def test_a_photo_over_2_mb_is_refused() -> None:
    assert "2 MB" in refusal(photo() + b"\0" * (2 * 1024 * 1024))


def test_too_small_and_too_large_dimensions_are_refused() -> None:
    assert "100×100" in refusal(photo(size=(80, 120)))
    assert "4000×4000" in refusal(photo(size=(4200, 150), fmt="PNG"))


def test_a_decompression_bomb_is_refused_without_being_expanded() -> None:
    out = io.BytesIO()
    Image.new("1", (30000, 30000)).save(out, "PNG")  # a few kB on disk, 900 megapixels decoded
    assert len(out.getvalue()) < 2 * 1024 * 1024
    assert "4000×4000" in refusal(out.getvalue())


def test_a_truncated_photo_is_refused() -> None:
    data = photo(size=(400, 400), fmt="PNG")
    assert "损坏" in refusal(data[: len(data) // 2])


def test_an_empty_upload_is_refused() -> None:
    assert refusal(b"", "en") == "The photo file is empty."


def test_the_print_copy_of_a_large_photo_is_a_small_jpeg() -> None:
    copy = print_copy(photo(size=(3000, 4000), fmt="PNG"))
    image = Image.open(io.BytesIO(copy))
    assert image.format == "JPEG" and image.width <= 354 and image.height <= 472
    small = photo(size=(300, 400))
    assert print_copy(small) == small
