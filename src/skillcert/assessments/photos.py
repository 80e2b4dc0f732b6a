"""Candidates' photos for a batch: a ZIP of JPEG or PNG files, each named by a candidate's ID number.

Without photos every certificate of a batch prints a silhouette, so an institution may upload a
ZIP such as ``510104199001011234.jpg``, ``…``. The ZIP is read like a hostile file: its directory
is inspected before anything is unpacked (number of entries, each entry's declared size and
compression ratio, the total), folders, paths, links and encrypted entries are refused, and each
name must be the ID number of a candidate in the batch's current results file. Each photo then
passes the holder photo rules of :mod:`skillcert.people.photos` (JPEG or PNG, at most 2 MB, pixel
count read from the header before decoding, at least 100×100) and, from its header, the print
rules: at most 4000×4000 pixels (:mod:`skillcert.documents.photos`) and upright, because the
certificate's photo box is 3:4 and a landscape picture would shrink to a strip.

Problems are reported per entry by its position and the masked name, never the full ID number.
Accepted photos are kept encrypted (they are personal data tied to an ID number) under
``<data dir>/uploads/photos/<batch>/``, one file per candidate named by the keyed hash of the
ID number, until the batch is issued.
"""

from __future__ import annotations

import io
import stat
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from skillcert.core.errors import InvalidInput
from skillcert.documents.photos import MAX_SIDE
from skillcert.people.photos import MAX_PHOTO_BYTES, clean_photo

MAX_ENTRIES = 500
"""Photos per ZIP; a larger batch sends several ZIPs (each adds to the photos already kept)."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 20
"""JPEG and PNG data is compressed already and barely shrinks in a ZIP; a far higher ratio is a bomb."""
RATIO_CHECKED_FROM = 64 * 1024
MIN_ASPECT, MAX_ASPECT = 0.5, 1.0
"""Width divided by height: an upright ID photo is about 0.75; square is tolerated, landscape is not."""
EXTENSIONS = ("jpg", "jpeg", "png")
MAX_REPORTED_ERRORS = 200
Keep = Callable[[str, bytes], None]
Checked = Callable[[int, int], None]
"""Hears (entries checked so far, entries in the ZIP) after each entry."""


@dataclass
class PhotoCheck:
    """What a ZIP's check found: how many entries, how many photos passed, and the entry errors."""

    entries: int = 0
    accepted: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def refuse(self, position: int, name: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"entry": position, "name": masked_name(name), "message": message})


def staging_dir(batch_public_id: str) -> Path:
    """Where the accepted photos of a batch wait for the issue."""
    return Path(settings.DATA_DIR) / "uploads" / "photos" / batch_public_id


def staged_hashes(batch_public_id: str) -> set[str]:
    """The keyed ID-number hashes of the candidates of a batch who have a photo waiting."""
    folder = staging_dir(batch_public_id)
    return {path.stem for path in folder.glob("*.bin")} if folder.is_dir() else set()


def read_staged(batch_public_id: str, id_hash: str) -> bytes:
    """The photo kept for one candidate, decrypted."""
    from skillcert.people.protection import decrypt_bytes

    return decrypt_bytes((staging_dir(batch_public_id) / f"{id_hash}.bin").read_bytes())


def masked_name(name: str) -> str:
    """An entry's file name as a report shows it: the ID number part masked like everywhere else."""
    from skillcert.people.protection import mask_id_number

    base = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    return mask_id_number(stem) + (f".{extension[:5]}" if dot else "")


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InvalidInput(_("The photo file is not a readable ZIP archive."), code="photo_zip_unreadable") from exc


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse the whole ZIP by what its directory declares, before any entry is unpacked."""
    if not entries:
        raise InvalidInput(_("The ZIP archive is empty."), code="photo_zip_empty")
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(
            _("The ZIP holds %(n)s entries; at most %(max)s photos are accepted per ZIP. Split it into several.")
            % {"n": len(entries), "max": MAX_ENTRIES},
            code="photo_zip_too_many",
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise InvalidInput(
            _("The ZIP unpacks to more than %(mb)s MB; it was not opened. Split it into several.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)},
            code="photo_zip_too_large",
        )


def _entry_problem(entry: zipfile.ZipInfo) -> str:
    """What is wrong with an entry by its directory record alone (empty when nothing is)."""
    mode = entry.external_attr >> 16
    if entry.is_dir():
        return _("Folders are not accepted; put the photos directly in the ZIP.")
    if stat.S_ISLNK(mode):
        return _("Links are not accepted; put the photo file itself in the ZIP.")
    if "/" in entry.filename or "\\" in entry.filename or entry.filename.startswith("."):
        return _("Paths are not accepted; put the photos directly in the ZIP, named by ID number.")
    if entry.flag_bits & 0x1:
        return _("Encrypted entries are not accepted.")
    if entry.file_size > MAX_PHOTO_BYTES:
        return _("The photo is larger than 2 MB; send a smaller file.")
    if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
        return _("The entry is compressed far more than a photo can be; it was not opened.")
    return ""


def _candidate_of(filename: str, candidates: Mapping[str, str]) -> tuple[str, str]:
    """(keyed hash of the candidate, "") for a good name, or ("", the problem)."""
    from skillcert.people.idnumbers import IdType, normalise_id_number, validate_id_number

    stem, dot, extension = filename.rpartition(".")
    if not dot or extension.lower() not in EXTENSIONS:
        return "", _("The name must be the ID number with .jpg, .jpeg or .png, e.g. 510104199001011234.jpg.")
    number = normalise_id_number("", stem)
    if number in candidates:
        return candidates[number], ""
    try:
        validate_id_number(IdType.RESIDENT_ID, number)
    except InvalidInput:
        return "", _("The name is not an ID number; name each photo by the candidate's ID number.")
    return "", _("No candidate of this batch's results file has this ID number.")


def _check_shape(data: bytes) -> str:
    """The print rules read from the header only: at most 4000×4000 pixels, upright or square.

    An unreadable header is left to :func:`~skillcert.people.photos.clean_photo`, which says why.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            width, height = Image.open(io.BytesIO(data)).size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("The photo must be at most 4000×4000 pixels.")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return ""
    if width > MAX_SIDE or height > MAX_SIDE:
        return _("The photo must be at most 4000×4000 pixels.")
    if height and not MIN_ASPECT <= width / height <= MAX_ASPECT:
        return _("The photo must be upright like an ID photo (width to height about 3:4); this one is %(w)s×%(h)s.") % {
            "w": width,
            "h": height,
        }
    return ""


def _photo_of(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[bytes, str]:
    """(cleaned photo bytes, "") or (b"", the problem): read at most the photo cap, then the photo rules."""
    try:
        with archive.open(entry) as stream:
            data = stream.read(MAX_PHOTO_BYTES + 1)
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
        return b"", _("The entry is damaged and cannot be unpacked.")
    if len(data) > MAX_PHOTO_BYTES:  # the directory lied about the size
        return b"", _("The photo is larger than 2 MB; send a smaller file.")
    problem = _check_shape(data)
    if problem:
        return b"", problem
    try:
        cleaned, _extension = clean_photo(data)
    except InvalidInput as exc:
        return b"", str(exc.message)
    return cleaned, ""


def check_photo_zip(
    data: bytes, candidates: Mapping[str, str], keep: Keep, progress: Checked | None = None
) -> PhotoCheck:
    """Check every entry of a photo ZIP; ``keep(id_hash, photo)`` receives each photo that passes.

    ``candidates`` maps the normalised ID numbers of the batch's candidates to their keyed hashes.
    Raises :class:`InvalidInput` when the ZIP as a whole is refused (unreadable, empty, too many
    entries, too large unpacked); entry problems are collected in the returned report instead, so
    the institution sees all of them at once.
    """
    check = PhotoCheck()
    with _open(data) as archive:
        entries = archive.infolist()
        _check_directory(entries)
        check.entries = len(entries)
        seen: set[str] = set()
        for position, entry in enumerate(entries, start=1):
            if progress is not None:
                progress(position - 1, check.entries)
            problem = _entry_problem(entry)
            id_hash = ""
            if not problem:
                id_hash, problem = _candidate_of(entry.filename, candidates)
            if not problem and id_hash in seen:
                problem = _("A second photo of the same candidate; keep one.")
            photo = b""
            if not problem:
                seen.add(id_hash)
                photo, problem = _photo_of(archive, entry)
            if problem:
                check.refuse(position, entry.filename, problem)
                continue
            keep(id_hash, photo)
            check.accepted += 1
    if progress is not None:
        progress(check.entries, check.entries)
    return check
