"""Deadlines in working days: weekends are skipped, and so are the holidays in ``SKILLCERT_HOLIDAYS``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from skillcert.supervision.choices import DEFAULT_DEADLINES


def holidays() -> frozenset[dt.date]:
    """Public holidays from settings (ISO dates or dates); none by default."""
    values = getattr(settings, "SKILLCERT_HOLIDAYS", ()) or ()
    return frozenset(v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) for v in values)


def is_working_day(day: dt.date, off: frozenset[dt.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    off = holidays()
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, off):
            left -= 1
    return day


def deadline_days(stage: str) -> int | None:
    """Working days allowed in ``stage`` (None: no deadline, e.g. a closed case)."""
    configured = getattr(settings, "SKILLCERT_COMPLAINT_DEADLINES", None) or {}
    return {**DEFAULT_DEADLINES, **configured}.get(stage)


def due_date(stage: str, entered_on: dt.date) -> dt.date | None:
    """When a case that entered ``stage`` on ``entered_on`` must have moved on."""
    days = deadline_days(stage)
    return add_working_days(entered_on, days) if days is not None else None
