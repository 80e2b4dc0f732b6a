"""Every change to a 专项职业能力考核项目: record a draft, edit it, publish, retire, set the national record status.

Centre staff (``core.manage_reference_data``) keep the list of projects; a project goes
draft → published → retired, and retired is final: nothing is ever deleted, because old
certificates keep naming their project and its specification. Only a published project is
assessed and certified (:func:`check_project_issuable`, called by the certificates service).

Every change writes a change-log entry in the same transaction. A refused attempt (a
duplicate code, an unknown 市(州), retiring twice, publishing a retired project, an account
without the right) changes nothing and is written to the change log after the refused
transaction has rolled back, like the city bureaus' refused other-region attempts
(:mod:`skillcert.core.bureaus`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import ProjectStatus, RecordStatus
from skillcert.catalog.departments import department_for
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.catalog.selectors import looks_like_code
from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor
from skillcert.core.changelog import record_change, snapshot
from skillcert.core.errors import DomainError, InvalidInput, NotAllowed, PermissionDenied

OBJECT_TYPE = "catalog.special_ability_project"
CAPABILITY = "manage_reference_data"
PROVINCE_CODE = "510000"  # the form's value for a provincial project (no 市(州))
# Upper-case letters, digits and hyphens, starting with a letter: never mistaken for an occupation code.
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{2,31}$")
MAX_TEXT = 10_000
LOGGED_FIELDS = [
    "code",
    "name",
    "content",
    "assessment_method",
    "spec_code",
    "spec_version",
    "publisher",
    "region",
    "status",
    "published_on",
    "retired_on",
    "record_status",
    "record_reference",
    "record_date",
]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ProjectDetails:
    """What staff type for a project: its name, where it belongs, and its 考核规范."""

    name: str
    region_code: str  # a 市(州) code; "" or PROVINCE_CODE for a provincial project
    content: str
    assessment_method: str
    spec_code: str = ""
    spec_version: str = ""


# ---------------------------------------------------------------------------
# Refusals in the change log
# ---------------------------------------------------------------------------
def _subject(kwargs: dict[str, Any]) -> str:
    """The project a service call is about: the one given, else the code being recorded."""
    project = kwargs.get("project")
    if project is not None:
        return str(project.code)
    return str(kwargs.get("code") or "").strip().upper()[:64] or "-"


def _record_refusal(action: str, subject: str, error: DomainError, actor: Actor) -> None:
    """Write a refused attempt; the message is stored in Chinese, the language staff read the log in."""
    with translation.override("zh-hans"):
        message = str(error.message)
    record_change(
        action=f"catalog.project.refuse_{action}",
        object_type=OBJECT_TYPE,
        object_id=subject,
        after={"refused": error.code, "message": message},
        reason="refused",
        actor=actor,
    )


def logs_refusals(action: str) -> Callable[[F], F]:
    """Wrap a project service (outside its ``transaction.atomic``) so that a refused attempt is logged.

    The entry is written after the refused transaction has rolled back, so that it is kept
    while everything the attempt touched is undone.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except DomainError as exc:
                _record_refusal(action, _subject(kwargs), exc, kwargs.get("actor"))
                raise

        return wrapper  # type: ignore[return-value]

    return decorate


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
def _require_centre(actor: Actor) -> None:
    """Only centre staff keep the project list (``None`` is the system: CLI, demo, data loads)."""
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(f"core.{CAPABILITY}"):
        raise PermissionDenied(_("Only the provincial centre maintains the special ability assessment projects."))


def _invalid(field: str, message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code, fields={field: [message]})


def clean_code(code: str) -> str:
    """The project code in upper case, or a refusal saying what a code must look like."""
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code) or looks_like_code(code):
        raise _invalid(
            "code",
            _(
                "A project code is 3 to 32 letters, digits and hyphens and begins with a letter, "
                "for example S510100-ZX-0007."
            ),
            "invalid_project_code",
        )
    if SpecialAbilityProject.objects.filter(code=code).exists():
        raise _invalid(
            "code",
            _("The project code %(code)s is already used; every project keeps its own code for good.") % {"code": code},
            "duplicate_project_code",
        )
    return code


def _region(region_code: str) -> Region | None:
    code = (region_code or "").strip()
    if code in ("", PROVINCE_CODE):
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise _invalid(
            "region_code",
            _("No city or prefecture of Sichuan has the code %(code)s.") % {"code": code[:12]},
            "unknown_region",
        )
    return region


def _publisher(region: Region | None) -> str:
    """The HR department that publishes the specification: the 市(州)'s, or the province's.

    Read from the same clean table of department names that 专项 certificates print, so a
    project's publisher and its certificates' issuer are spelled alike.
    """
    try:
        return department_for(region)
    except ImproperlyConfigured as exc:
        raise _invalid(
            "region_code",
            _("No HR department is recorded for %(region)s.") % {"region": region},
            "no_department",
        ) from exc


def _text(value: str, field: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise _invalid(field, _("Fill in the %(field)s.") % {"field": label}, "required")
    if len(value) > limit:
        raise _invalid(
            field,
            _("The %(field)s is at most %(limit)d characters.") % {"field": label, "limit": limit},
            "too_long",
        )
    return value


def _short(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    return _text(value, field, label, 32) if value else ""


def _apply(project: SpecialAbilityProject, details: ProjectDetails) -> None:
    """Check every typed value and copy it onto the project (nothing is saved here)."""
    project.name = _text(details.name, "name", _("project name"), 120)
    project.region = _region(details.region_code)
    project.publisher = _publisher(project.region)
    project.content = _text(details.content, "content", _("assessment content"), MAX_TEXT)
    project.assessment_method = _text(details.assessment_method, "assessment_method", _("assessment method"), MAX_TEXT)
    project.spec_code = _short(details.spec_code, "spec_code", _("specification code"))
    project.spec_version = _short(details.spec_version, "spec_version", _("specification version"))


def _locked(project: SpecialAbilityProject) -> SpecialAbilityProject:
    """The project re-read under a row lock: decisions are taken on its current state, not a stale copy."""
    return SpecialAbilityProject.objects.select_for_update(of=("self",)).select_related("region").get(pk=project.pk)


def _log(
    action: str, project: SpecialAbilityProject, before: dict[str, Any] | None, actor: Actor, reason: str = ""
) -> None:
    record_change(
        action=action,
        object_type=OBJECT_TYPE,
        object_id=project.code,
        before=before,
        after=snapshot(project, LOGGED_FIELDS),
        reason=reason,
        actor=actor,
    )


def _refuse_retired(project: SpecialAbilityProject) -> None:
    if project.status == ProjectStatus.RETIRED:
        raise NotAllowed(
            _("The project %(code)s is retired; a retired project stays as it is. Nothing was changed.")
            % {"code": project.code},
            code="project_retired",
        )


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------
@logs_refusals("record")
@transaction.atomic
def record_project(*, code: str, details: ProjectDetails, actor: Actor) -> SpecialAbilityProject:
    """Record a new project as a draft: not public, not issuable, editable until it is published."""
    _require_centre(actor)
    project = SpecialAbilityProject(
        code=clean_code(code), status=ProjectStatus.DRAFT, record_status=RecordStatus.NOT_RECORDED
    )
    _apply(project, details)
    project.save()
    _log("catalog.project.record", project, None, actor)
    return project


@logs_refusals("edit")
@transaction.atomic
def edit_draft(*, project: SpecialAbilityProject, details: ProjectDetails, actor: Actor) -> SpecialAbilityProject:
    """Change a draft's name, 市(州) or specification; the code stays.

    Only drafts change: a published specification is what certificates were assessed against,
    so a new version is recorded as a new project and the old one retired.
    """
    _require_centre(actor)
    project = _locked(project)
    if project.status != ProjectStatus.DRAFT:
        raise NotAllowed(
            _(
                "Only a draft can be edited. %(code)s is %(status)s: its specification stays as certificates "
                "were assessed against it; record the new version as a new project. Nothing was changed."
            )
            % {"code": project.code, "status": project.get_status_display()},
            code="not_a_draft",
        )
    before = snapshot(project, LOGGED_FIELDS)
    _apply(project, details)
    project.save()
    _log("catalog.project.edit", project, before, actor)
    return project


@logs_refusals("publish")
@transaction.atomic
def publish_project(*, project: SpecialAbilityProject, actor: Actor) -> SpecialAbilityProject:
    """Publish a draft: it appears on the public look-up and certificates may be issued for it from today."""
    _require_centre(actor)
    project = _locked(project)
    _refuse_retired(project)
    if project.status == ProjectStatus.PUBLISHED:
        raise NotAllowed(
            _("The project %(code)s is already published. Nothing was changed.") % {"code": project.code},
            code="already_published",
        )
    before = snapshot(project, LOGGED_FIELDS)
    project.status = ProjectStatus.PUBLISHED
    project.published_on = timezone.localdate()
    project.save(update_fields=["status", "published_on"])
    _log("catalog.project.publish", project, before, actor)
    return project


@logs_refusals("retire")
@transaction.atomic
def retire_project(*, project: SpecialAbilityProject, reason: str, actor: Actor) -> SpecialAbilityProject:
    """Retire a project for good: no new certificate is issued for it; issued ones stay valid and readable.

    A draft may be retired too (that is how a draft recorded in error is set aside: nothing is
    deleted); it never becomes public.
    """
    _require_centre(actor)
    reason = _text(reason, "reason", _("reason"), 500)
    project = _locked(project)
    if project.status == ProjectStatus.RETIRED:
        raise NotAllowed(
            _("The project %(code)s was already retired on %(date)s. Nothing was changed.")
            % {"code": project.code, "date": project.retired_on or "—"},
            code="already_retired",
        )
    before = snapshot(project, LOGGED_FIELDS)
    project.status = ProjectStatus.RETIRED
    project.retired_on = timezone.localdate()
    project.save(update_fields=["status", "retired_on"])
    _log("catalog.project.retire", project, before, actor, reason)
    return project


@logs_refusals("record_status")
@transaction.atomic
def set_record_status(
    *, project: SpecialAbilityProject, status: str, reference: str = "", on: dt.date | None = None, actor: Actor
) -> SpecialAbilityProject:
    """Record where the project stands with 人社部: not recorded, submitted (with the date), or recorded.

    "Recorded" needs the record's reference number and date, "submitted" the date it was
    sent (its document number if there is one): the public look-up prints them as given.
    """
    _require_centre(actor)
    if status not in RecordStatus.values:
        raise _invalid("status", _("Choose the record status from the list."), "unknown_record_status")
    reference = (reference or "").strip()
    if len(reference) > 64:
        raise _invalid("reference", _("The reference is at most 64 characters."), "too_long")
    if status == RecordStatus.RECORDED and not reference:
        raise _invalid("reference", _("Give the record reference number of the Ministry."), "reference_required")
    if status != RecordStatus.NOT_RECORDED and on is None:
        raise _invalid("on", _("Give the date."), "date_required")
    if on is not None and on > timezone.localdate():
        raise _invalid("on", _("The date cannot be in the future."), "date_in_future")
    project = _locked(project)
    _refuse_retired(project)
    before = snapshot(project, LOGGED_FIELDS)
    project.record_status = status
    project.record_reference = "" if status == RecordStatus.NOT_RECORDED else reference
    project.record_date = None if status == RecordStatus.NOT_RECORDED else on
    project.save(update_fields=["record_status", "record_reference", "record_date"])
    _log("catalog.project.set_record_status", project, before, actor)
    return project


# ---------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------
class ProjectNotIssuable(NotAllowed):
    """A 专项职业能力证书 was asked for a draft or retired project; nothing was issued."""

    def __init__(self, project: SpecialAbilityProject, status: str) -> None:
        if status == ProjectStatus.RETIRED:
            message = _(
                "The assessment project %(code)s is retired; no certificates are issued for it. Nothing was issued."
            )
            code = "project_retired"
        else:
            message = _(
                "The assessment project %(code)s is not published yet; no certificates are issued for it "
                "until the provincial centre publishes it. Nothing was issued."
            )
            code = "project_not_published"
        super().__init__(message % {"code": project.code}, code=code)
        self.project, self.status = project, status

    def record(self, actor: Actor) -> None:
        """Write the attempt to the change log (called after the refused transaction has rolled back)."""
        self.recorded = True
        record_change(
            action="catalog.project.refuse_issue",
            object_type=OBJECT_TYPE,
            object_id=self.project.code,
            after={"refused": self.code, "status": self.status},
            reason="refused",
            actor=actor,
        )


def check_project_issuable(project: SpecialAbilityProject) -> None:
    """Refuse unless the project is published now.

    The status is read again from the database: a batch may have been declared while the
    project was published and be issued after the centre retired it.
    """
    status = SpecialAbilityProject.objects.filter(pk=project.pk).values_list("status", flat=True).first()
    if status != ProjectStatus.PUBLISHED:
        raise ProjectNotIssuable(project, status or ProjectStatus.RETIRED)


def logs_issuing_refusals(func: F) -> F:
    """Wrap an issuing service (outside its ``transaction.atomic``) so that an unpublished project is logged."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProjectNotIssuable as exc:
            exc.record(kwargs.get("actor"))
            raise

    return wrapper  # type: ignore[return-value]


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "catalog.project.record": gettext_lazy("Project recorded"),
        "catalog.project.edit": gettext_lazy("Project edited"),
        "catalog.project.publish": gettext_lazy("Project published"),
        "catalog.project.retire": gettext_lazy("Project retired"),
        "catalog.project.set_record_status": gettext_lazy("Project's record status set"),
        "catalog.project.refuse_record": gettext_lazy("Refused: recording a project"),
        "catalog.project.refuse_edit": gettext_lazy("Refused: editing a project"),
        "catalog.project.refuse_publish": gettext_lazy("Refused: publishing a project"),
        "catalog.project.refuse_retire": gettext_lazy("Refused: retiring a project"),
        "catalog.project.refuse_record_status": gettext_lazy("Refused: setting a project's record status"),
        "catalog.project.refuse_issue": gettext_lazy("Refused: issuing"),
    }
)
