"""Batch states and the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.transitions import Move, move


class BatchStatus(models.TextChoices):
    """declared → checked (a file was uploaded and previewed) → committing → committed.

    A failed commit returns the batch to checked.
    """

    DECLARED = "declared", _("declared, waiting for results")
    CHECKED = "checked", _("results checked")
    COMMITTING = "committing", _("issuing certificates")
    COMMITTED = "committed", _("certificates issued")


B = BatchStatus
# action → (statuses it may start from, status it leads to); only the assessment services move a batch.
BATCH_TRANSITIONS: dict[str, Move] = {
    "upload_results": move({B.DECLARED, B.CHECKED}, B.CHECKED),
    "commit": move({B.CHECKED}, B.COMMITTING),
    "complete": move({B.COMMITTING}, B.COMMITTED),
    "fail": move({B.COMMITTING}, B.CHECKED),
    "interrupt": move({B.COMMITTING}, B.CHECKED),
}

DEFAULT_PASS_MARK = 60
