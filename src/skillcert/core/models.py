"""Base models and the internal change log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.ids import new_public_id


class TimeStampedModel(models.Model):
    """Adds creation and modification times. No personal data."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PublicModel(TimeStampedModel):
    """Adds a random public id used in URLs and the API instead of the database id. No personal data."""

    public_id = models.CharField(_("public id"), max_length=32, unique=True, default=new_public_id, editable=False)

    class Meta:
        abstract = True


class ImmutableRowError(RuntimeError):
    """Raised when code tries to edit or delete a row that is append-only by law or design."""


class ChangeLogEntry(models.Model):
    """One change to a record: who, when, in which request or batch, before and after, and why.

    Personal data: ``actor`` (a staff account) and ``actor_label``; ``before`` and
    ``after`` hold only redacted snapshots (services mask ID numbers and contacts
    before logging). Retention: kept for as long as the records it describes,
    never pruned. Append-only: rows are never edited or deleted.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    batch_id = models.CharField(_("batch id"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_changelog_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRowError("change log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("change log entries are never deleted")


class Capability(models.Model):
    """Holder for the project's own permissions (roles are code, ). No personal data.

    No table: Django only needs a content type to hang the permissions on.
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("capability")

    def __str__(self) -> str:
        return "capability"


class JobStatus(models.TextChoices):
    """Where a background job is."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("finished")
    FAILED = "failed", _("failed")


class Job(PublicModel):
    """A background job (import, batch print, legacy migration) with progress for pages and the CLI.

    A running job beats (``heartbeat_at``, and the progress file while its work is
    inside one transaction); the reaper of :mod:`skillcert.core.jobs` fails a job
    whose heartbeat stopped because its worker died.

    No personal data: ``message`` and ``result`` hold counts and public ids only;
    error reports name rows by number, never by ID number.
    """

    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.PROTECT
    )
    subject_type = models.CharField(_("subject type"), max_length=64, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} {self.status}"

    @property
    def live(self) -> tuple[int, int]:
        """(done, total), live while the job runs."""
        from skillcert.core.jobs import read_progress

        return read_progress(self)

    @property
    def percent(self) -> int:
        """Progress in whole percent (0 when the total is not known yet)."""
        done, total = self.live
        return min(100, done * 100 // total) if total else (100 if self.is_finished else 0)

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class RateCounter(models.Model):
    """One client's count of requests in one rate-limit window, shared by every worker process.

    ``bucket`` is ``scope:client:window`` where the client is a keyed hash of its
    address or account name (never the address itself). No personal data. Rows
    expire with their window and are pruned by :mod:`skillcert.core.ratelimit`.
    """

    bucket = models.CharField(_("bucket"), max_length=128, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.BigIntegerField(_("expires at (Unix seconds)"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.bucket}={self.count}"


class StaffProfile(models.Model):
    """What a staff account acts for: a city bureau account's 市(州). No personal data beyond the account link.

    Set only by centre staff through :func:`skillcert.core.bureaus.set_bureau_region` (change-logged).
    A city bureau account without a region may do nothing region-scoped: it issues no 专项职业能力证书,
    reviews no institution and sees no staff report.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    region = models.ForeignKey(
        "catalog.Region", verbose_name=_("city or prefecture"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} → {self.region or '-'}"
