"""Batch states and the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    """declared → checked (a file was uploaded and previewed) → committing → committed.

    A failed commit returns the batch to checked.
    """

    DECLARED = "declared", _("declared, waiting for results")
    CHECKED = "checked", _("results checked")
    COMMITTING = "committing", _("issuing certificates")
    COMMITTED = "committed", _("certificates issued")


DEFAULT_PASS_MARK = 60
