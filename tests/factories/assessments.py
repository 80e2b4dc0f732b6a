"""Assessment batches declared through ``assessments.services``, as an institution's operator declares them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from skillcert.assessments.models import Batch


class BatchFactory(factory.Factory):
    """A declared 焊工 level 4 batch assessed on 2026-10-18; pass ``actor`` (the operator) and ``institution``."""

    class Meta:
        model = Batch

    actor = None
    institution = None
    occupation_code = "6-18-02-04"
    level = 4
    assessment_date = dt.date(2026, 10, 18)
    evaluators = "王考评\n李考评"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from skillcert.assessments.services import declare_batch

        return declare_batch(**kwargs)
