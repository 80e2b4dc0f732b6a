"""Holder photos: JPEG or PNG, at most 2 MB, at least 100×100 pixels, stored without metadata.

Order of the checks: the byte size first, then the format and the pixel dimensions read from
the image header (Pillow's ``Image.open`` is lazy and reads the header only), and only then is
the image decoded. A "decompression bomb" (a few kilobytes that decode to 89 megapixels or
more) is thus refused before a single pixel is expanded. Pillow's own process-wide limit is
lowered to the same number, so no other code path decodes such an image either.
"""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from skillcert.core.errors import InvalidInput

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MIN_PHOTO_PIXELS = 100
MAX_PHOTO_PIXELS = 40_000_000  # far above any ID photo; refuses decompression bombs
FORMATS = {"JPEG": "jpg", "PNG": "png"}

# Pillow warns above this many pixels and refuses twice as many outright (its default is 89 megapixels).
Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, code="invalid_photo", fields={"photo": [message]})


def _header(data: bytes) -> Image.Image:
    """Open the image lazily (header only) and refuse it by format or pixel dimensions."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _invalid(_("The photo has far too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _invalid(_("The photo is not a readable JPEG or PNG image.")) from exc
    if image.format not in FORMATS:
        raise _invalid(_("The photo must be a JPEG or PNG image."))
    width, height = image.size
    if width * height > MAX_PHOTO_PIXELS:
        raise _invalid(_("The photo has far too many pixels."))
    if width < MIN_PHOTO_PIXELS or height < MIN_PHOTO_PIXELS:
        raise _invalid(
            _("The photo must be at least 100×100 pixels; this one is %(width)d×%(height)d.")
            % {"width": width, "height": height}
        )
    return image


def _decode(data: bytes) -> Image.Image:
    """Decode an image whose header passed :func:`_header`; a truncated or corrupt file is refused."""
    try:
        Image.open(io.BytesIO(data)).verify()  # detects truncated or corrupt files
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _invalid(_("The photo is not a readable JPEG or PNG image.")) from exc
    return image


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """Return (image bytes without metadata, file extension), or raise :class:`InvalidInput`.

    The image is decoded and encoded again, which drops EXIF data such as the place a
    phone photo was taken; its orientation is applied first so that it still stands upright.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise _invalid(_("The photo is larger than 2 MB; send a smaller file."))
    if not data:
        raise _invalid(_("The photo file is empty."))
    image_format = str(_header(data).format)
    upright = ImageOps.exif_transpose(_decode(data))
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, format=image_format, **({"quality": 92} if image_format == "JPEG" else {}))
    return out.getvalue(), FORMATS[image_format]
