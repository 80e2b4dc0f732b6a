"""Reads of supervision: a case by tracking code, what each role may see, the dashboard, public sanctions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skillcert.core.querysets import VIEW
from skillcert.supervision import codes
from skillcert.supervision.choices import OPEN_STAGES, Category, FilerKind, SanctionKind, Stage
from skillcert.supervision.models import Complaint, ComplaintNote, Inspection, Sanction

FOLLOW_UP_WINDOW_DAYS = 14  # the dashboard lists follow-ups and rectifications due within two weeks or passed


def by_tracking_code(code: str) -> Complaint | None:
    """The complaint with this tracking code, or ``None`` (malformed codes never reach the database)."""
    if not codes.normalise(code):
        return None
    return Complaint.objects.select_related("institution").filter(tracking_digest=codes.digest(code)).first()


def notes_for_filer(complaint: Complaint) -> QuerySet[ComplaintNote]:
    """What the complainant sees of the notes: their own additions (staff notes stay internal)."""
    return complaint.notes.filter(kind=FilerKind.FILER)


def is_case_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("core.handle_complaints"))


def is_inspector(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("core.record_inspection_outcomes"))


def cases_for(user: Any, action: str = VIEW) -> QuerySet[Complaint]:
    """The cases ``user`` may ``view`` or ``change`` (``Complaint.objects.restrict``), newest first."""
    return Complaint.objects.restrict(user, action).select_related("institution").order_by("-created_at")


def overdue(queryset: QuerySet[Complaint] | None = None) -> QuerySet[Complaint]:
    """Open cases whose stage deadline has passed, the longest overdue first."""
    queryset = queryset if queryset is not None else Complaint.objects.all()
    return (
        queryset.filter(stage__in=OPEN_STAGES, stage_due_on__lt=timezone.localdate())
        .select_related("institution")
        .order_by("stage_due_on", "pk")
    )


@dataclass(frozen=True)
class Dashboard:
    """Open cases by stage and category, overdue cases, institutions by complaint count."""

    stages: list[tuple[str, Any]]
    rows: list[tuple[Any, list[int], int]]  # category label, counts per open stage, total
    totals: list[int]
    overdue: list[Complaint]
    institutions: list[dict[str, Any]]
    follow_ups: list[Inspection]
    rectifications: list[Sanction]
    unrecorded: list[dict[str, Any]]  # organisations complained about by name that the directory does not list


def dashboard() -> Dashboard:
    """The staff dashboard: open cases, overdue cases, institutions by complaints, follow-ups coming due."""
    counts = {
        (row["category"], row["stage"]): row["n"]
        for row in Complaint.objects.filter(stage__in=OPEN_STAGES).values("category", "stage").annotate(n=Count("pk"))
    }
    stages = [(s, Stage(s).label) for s in OPEN_STAGES]
    rows = []
    for category in Category:
        per_stage = [counts.get((category.value, s), 0) for s, _label in stages]
        rows.append((category.label, per_stage, sum(per_stage)))
    totals = [sum(r[1][i] for r in rows) for i in range(len(stages))]
    ranked = (
        Complaint.objects.filter(institution__isnull=False)
        .values("institution__public_id", "institution__name", "institution__status")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(stage__in=OPEN_STAGES)))
        .order_by("-total", "institution__name")[:20]
    )
    institutions: list[dict[str, Any]] = [dict(row) for row in ranked]
    soon = timezone.localdate() + dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS)
    follow_ups = list(
        Inspection.objects.filter(follow_up_due__lte=soon).select_related("institution").order_by("follow_up_due")[:50]
    )
    rectifications = list(
        Sanction.objects.filter(kind=SanctionKind.RECTIFICATION, due_on__lte=soon)
        .select_related("institution")
        .order_by("due_on")[:50]
    )
    unrecorded = [
        dict(row)
        for row in Complaint.objects.filter(institution__isnull=True)
        .exclude(institution_named="")
        .values("institution_named")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(stage__in=OPEN_STAGES)))
        .order_by("-total", "institution_named")[:20]
    ]
    return Dashboard(
        stages, rows, [*totals, sum(totals)], list(overdue()[:50]), institutions, follow_ups, rectifications, unrecorded
    )


def public_sanctions(institution: Any) -> QuerySet[Sanction]:
    """The sanctions an institution's public page lists, newest first."""
    return Sanction.objects.filter(institution=institution).order_by("-imposed_on", "-pk")


def complaint_counts() -> list[tuple[str, str, int]]:
    """Complaints as ``(category, outcome, count)`` for talent statistics (no personal data).

    ``outcome`` is an ``Outcome`` code for concluded cases, ``"rejected"`` (the ``Stage``
    code) for complaints not accepted, and ``""`` while a case is still open.
    """
    rows = Complaint.objects.values("category", "stage", "outcome").annotate(n=Count("pk"))
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        if row["stage"] == Stage.CONCLUDED:
            outcome = row["outcome"]
        elif row["stage"] == Stage.REJECTED:
            outcome = Stage.REJECTED.value
        else:
            outcome = ""
        key = (row["category"], outcome)
        counts[key] = counts.get(key, 0) + row["n"]
    return [(category, outcome, n) for (category, outcome), n in sorted(counts.items())]


# ---------------------------------------------------------------------------
# The complainant's timeline (tracking page)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineStep:
    """One step of a case as the complainant sees it: what happened (or comes next) and when."""

    label: Any
    date: dt.date | None
    state: str  # "done", "current" (the stage the case is in now) or "next"
    own: bool = False  # the complainant's own addition, not a stage


ADDED_INFORMATION = "supervision.complaint.add_information"
FILER_STEPS: dict[str, Any] = {
    "supervision.complaint.file": gettext_lazy("Complaint received"),
    "supervision.complaint.add_information": gettext_lazy("You added information"),
    "supervision.complaint.accept": gettext_lazy("Accepted for handling"),
    "supervision.complaint.reject": gettext_lazy("Not accepted"),
    "supervision.complaint.investigate": gettext_lazy("Investigation started"),
    "supervision.complaint.refer": gettext_lazy("Referred to labour inspection"),
    "supervision.complaint.record_inspection_outcome": gettext_lazy("Labour inspection reported its findings"),
    "supervision.complaint.conclude": gettext_lazy("Concluded"),
}
"""Plain words for the steps the change log records; the log's reasons and staff names are never shown."""

_INVESTIGATION = gettext_lazy("Investigation")
_CONCLUSION = gettext_lazy("Conclusion of the case")
AHEAD: dict[str, list[Any]] = {
    Stage.RECEIVED: [gettext_lazy("Decision to accept or not"), _INVESTIGATION, _CONCLUSION],
    Stage.ACCEPTED: [_INVESTIGATION, _CONCLUSION],
    Stage.INVESTIGATING: [_CONCLUSION],
    Stage.REFERRED: [gettext_lazy("Findings of labour inspection"), _CONCLUSION],
}
"""What is still to come from each open stage; the first step carries the stage's deadline."""


def public_timeline(complaint: Complaint) -> list[TimelineStep]:
    """The case's history in order, oldest first, then the steps still ahead.

    Built from the change log (the one record of when each step happened) but reduced to a
    label and a date: who acted and why stays with the staff. The last stage step is the
    current one; the complainant's own additions are listed where they happened.
    """
    from skillcert.core.actions import canonical
    from skillcert.core.changelog import history
    from skillcert.supervision.services import COMPLAINT

    logged = [(canonical(e.action), e) for e in reversed(history(COMPLAINT, complaint.public_id))]
    entries = [(code, e) for code, e in logged if code in FILER_STEPS]  # old entries' codes read as new ones
    stage_steps = [i for i, (code, _e) in enumerate(entries) if code != ADDED_INFORMATION]
    current = stage_steps[-1] if stage_steps else None
    steps = [
        TimelineStep(
            label=FILER_STEPS[code],
            date=timezone.localdate(e.created_at),
            state="current" if i == current else "done",
            own=code == ADDED_INFORMATION,
        )
        for i, (code, e) in enumerate(entries)
    ]
    for n, label in enumerate(AHEAD.get(complaint.stage, [])):
        steps.append(TimelineStep(label=label, date=complaint.stage_due_on if n == 0 else None, state="next"))
    return steps
