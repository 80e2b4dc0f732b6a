"""The review before a batch is issued, and the certificates it issued.

Issuing is irreversible (a wrong certificate can only be revoked, and the revocation is public),
so the staff see what the job will issue before they confirm: the rows of the stored file read
with the same checks the job uses, each with the name and ID number masked, the level and the
result. Nothing here changes data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from skillcert.assessments.models import Batch, ResultFile
from skillcert.assessments.services import rules_of
from skillcert.assessments.spreadsheet import read_rows
from skillcert.assessments.validation import validate_rows

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


@dataclass(frozen=True)
class ReviewRow:
    """One candidate of the review: row number, masked name and ID number, scores and whether a certificate follows."""

    row_no: int
    name: str
    id_number: str
    theory: Decimal | None
    practical: Decimal | None
    passed: bool


def review_rows(batch: Batch, result_file: ResultFile, limit: int = REVIEW_ROWS) -> list[ReviewRow]:
    """The first ``limit`` rows of the stored file as the issuing job will read them, masked."""
    from skillcert.people.protection import decrypt_bytes

    data = decrypt_bytes(Path(result_file.stored_path).read_bytes())
    rows = validate_rows(read_rows(data, result_file.original_name), rules_of(batch))
    return [
        ReviewRow(
            row.row_no, mask_name(row.name), row.masked_id, row.theory, row.practical, row.passed and not row.errors
        )
        for row in islice(rows, limit)
    ]


def issued_certificates(batch: Batch, limit: int = ISSUED_LISTED) -> Any:
    """The certificates this batch issued, by number (the first ``limit``)."""
    from skillcert.certificates.models import Certificate

    return Certificate.objects.filter(batch_id=batch.public_id).order_by("number")[:limit]
