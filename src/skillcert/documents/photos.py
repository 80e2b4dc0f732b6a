"""Holder photos: the upload check other apps reuse, and the copy that goes onto a certificate.

A photo is checked by its content, never by its file name or declared type: only JPEG and
PNG, at most 2 MB, between 100×100 and 4000×4000 pixels. The size is read from the image
header before any pixel is decoded, so a "decompression bomb" (a small file that expands to
gigapixels) is refused without being expanded; then the whole image is decoded once so that
a truncated or corrupt file is refused at upload and not when a certificate is printed.
"""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from skillcert.core.errors import InvalidInput

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MIN_SIDE = 100
MAX_SIDE = 4000
ACCEPTED_FORMATS = {"JPEG", "PNG"}
PRINT_SIZE = (354, 472)  # 3:4 at ~300 dpi for the 30×40 mm photo box: enough for print, small in the PDF


def _refuse(message: object) -> InvalidInput:
    return InvalidInput(message, fields={"photo": [message]})


def validate_photo(data: bytes) -> None:
    """Refuse anything that is not a usable JPEG or PNG holder photo.

    Raises:
        InvalidInput: with a message in the active language naming what is wrong.
    """
    if not data:
        raise _refuse(_("The photo file is empty."))
    if len(data) > MAX_PHOTO_BYTES:
        raise _refuse(_("The photo is larger than 2 MB; please upload a smaller JPEG or PNG file."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            if image.format not in ACCEPTED_FORMATS:
                raise _refuse(_("The photo must be a JPEG or PNG image."))
            _check_dimensions(*image.size)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("The photo must be at most 4000×4000 pixels.")) from None
    except UnidentifiedImageError:
        raise _refuse(_("The photo must be a JPEG or PNG image.")) from None
    except (OSError, SyntaxError, ValueError):
        raise _refuse(_("The photo file is damaged or incomplete; please upload it again.")) from None


def _check_dimensions(width: int, height: int) -> None:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise _refuse(_("The photo must be at least 100×100 pixels."))
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _refuse(_("The photo must be at most 4000×4000 pixels."))


def print_copy(data: bytes) -> bytes:
    """The photo as it goes onto a certificate: a JPEG no larger than :data:`PRINT_SIZE`.

    A small JPEG is used as it is (the PDF then carries the original bytes); anything else
    is converted once, so a batch of thousands of certificates stays small.
    """
    source = Image.open(io.BytesIO(data))
    if source.format == "JPEG" and source.mode in ("RGB", "L") and source.width <= 600 and source.height <= 800:
        return data
    image = source.convert("RGB")
    image.thumbnail(PRINT_SIZE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
