"""The review before a batch is issued, and the certificates it issued.

Issuing is irreversible (a wrong certificate can only be revoked, and the revocation is public),
so the staff see what the job will issue before they confirm: the rows of the stored file read
with the same checks the job uses, each with the name and ID number masked, the level and the
result, and the photo each certificate will show (uploaded with the batch, already on record, or
none: a silhouette). Nothing here changes data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from skillcert.assessments.models import Batch, ResultFile
from skillcert.assessments.photos import staged_hashes
from skillcert.assessments.services import rules_of
from skillcert.assessments.spreadsheet import read_rows
from skillcert.assessments.validation import ResultRow, validate_rows

REVIEW_ROWS = 1000
"""The review lists at most this many rows of the file (the counts always cover every row)."""
ISSUED_LISTED = 500
"""The batch page lists at most this many certificate numbers; the certificate search shows the rest."""


def mask_name(name: str) -> str:
    """``张*``, ``王*明``, ``欧**娜``: the first character and, from three characters on, the last one stay visible.

    Enough for staff to match a row against their own list without the full name on screen.
    """
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class Photo(StrEnum):
    """Which photo a candidate's certificate will show."""

    UPLOADED = "uploaded"  # from a ZIP uploaded to this batch
    ON_RECORD = "on_record"  # the holder's photo already in the registry (it is kept)
    NONE = "none"  # no photo: the certificate shows a silhouette


@dataclass(frozen=True)
class ReviewRow:
    """One candidate of the review: row number, masked name and ID number, scores, whether a certificate follows,
    and the photo it will show."""

    row_no: int
    name: str
    id_number: str
    theory: Decimal | None
    practical: Decimal | None
    passed: bool
    photo: Photo = Photo.NONE


@dataclass(frozen=True)
class Review:
    """The rows listed (the first :data:`REVIEW_ROWS`) and, over every row, how many certificates get a photo."""

    rows: list[ReviewRow]
    with_photo: int


def _photos_on_record(keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (ID type, keyed hash) holders already have a photo in the registry."""
    from skillcert.people.models import Holder

    found: set[tuple[str, str]] = set()
    hashes = sorted({id_hash for _type, id_hash in keys})
    for start in range(0, len(hashes), 500):
        holders = Holder.objects.filter(id_number_hash__in=hashes[start : start + 500]).exclude(photo="")
        found.update((id_type, id_hash) for id_type, id_hash in holders.values_list("id_type", "id_number_hash"))
    return found & keys


def review(batch: Batch, result_file: ResultFile, limit: int = REVIEW_ROWS) -> Review:
    """The rows of the stored file as the issuing job will read them, masked, each with the photo it will get."""
    from skillcert.people.protection import decrypt_bytes, hash_id_number

    data = decrypt_bytes(Path(result_file.stored_path).read_bytes())
    first: list[ResultRow] = []
    passed: dict[int, tuple[str, str]] = {}  # row number → (ID type, keyed hash), over every row
    for row in validate_rows(read_rows(data, result_file.original_name), rules_of(batch)):
        if _passes(row):
            passed[row.row_no] = (row.id_type, hash_id_number(row.id_type, row.id_number))
        if len(first) < limit:
            first.append(row)
    uploaded = staged_hashes(batch.public_id)
    on_record = _photos_on_record(set(passed.values()))

    def photo(row: ResultRow) -> Photo:
        key = passed.get(row.row_no)
        if key is None:
            return Photo.NONE
        if key in on_record:
            return Photo.ON_RECORD  # an uploaded photo does not replace it
        return Photo.UPLOADED if key[1] in uploaded else Photo.NONE

    listed = [
        ReviewRow(row.row_no, mask_name(row.name), row.masked_id, row.theory, row.practical, _passes(row), photo(row))
        for row in first
    ]
    with_photo = sum(1 for key in passed.values() if key in on_record or key[1] in uploaded)
    return Review(listed, with_photo)


def _passes(row: ResultRow) -> bool:
    return row.passed and not row.errors


def issued_certificates(batch: Batch, limit: int = ISSUED_LISTED) -> Any:
    """The certificates this batch issued, by number (the first ``limit``)."""
    from skillcert.certificates.models import Certificate

    return Certificate.objects.filter(batch_id=batch.public_id).order_by("number")[:limit]
