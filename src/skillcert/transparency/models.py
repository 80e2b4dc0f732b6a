"""The log's rows: leaves, stored subtree hashes, the head, and signed checkpoints.

Leaves, nodes, commitments and checkpoints are append-only twice over: ``save`` on an
existing row and ``delete`` raise, and database triggers (``dbguard``) refuse
``UPDATE`` and ``DELETE`` from any client. Hashes are stored as lower-case hex.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import ImmutableRowError
from skillcert.transparency.choices import EventKind, SubjectType


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRowError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self._meta.label} rows are never deleted")


class LogLeaf(AppendOnly):
    """One event in the public log. No personal data: public ids and hashes only (``events`` enforces it).

    ``index`` is the leaf's position (0-based), which the leaf data binds; the
    leaf hash is ``SHA-256(0x00 ‖ leaf data)``. ``version`` is the leaf format the data
    is written in (:data:`~skillcert.transparency.events.LEAF_VERSIONS`; empty = 1): a
    row is rebuilt into exactly the bytes it was hashed as. Retention: for ever, never pruned.
    """

    index = models.PositiveBigIntegerField(_("index"), primary_key=True)
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    subject_type = models.CharField(_("subject type"), max_length=32, choices=SubjectType.choices)
    subject_id = models.CharField(_("subject"), max_length=64)
    payload = models.JSONField(_("payload"), default=dict)
    leaf_hash = models.CharField(_("leaf hash"), max_length=64)
    appended_at = models.DateTimeField(_("appended at"))
    # Empty for the entries written before formats were numbered here: they are all format 1.
    version = models.PositiveSmallIntegerField(_("leaf format"), null=True, blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["index"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="transparency_leaf_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject_id}"

    @property
    def leaf_format(self) -> int:
        """The leaf format of this row's data (rows from before the column are format 1)."""
        return self.version or 1


class LogNode(AppendOnly):
    """The hash of one completed perfect subtree (level ≥ 1), stored when it completes. No personal data.

    Node ``(level, index)`` covers leaves ``[index·2^level, (index+1)·2^level)``;
    level 0 is the leaves' own hashes. With these, a root or proof needs O(log n) reads.
    """

    level = models.PositiveSmallIntegerField(_("level"))
    index = models.PositiveBigIntegerField(_("index"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("log tree node")
        verbose_name_plural = _("log tree nodes")
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="%(app_label)s_%(class)s_unique_position"),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="%(app_label)s_%(class)s_level_above_leaves"),
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class LogHead(models.Model):
    """The log's size, one row; appends lock it so that they are numbered one after another. No personal data.

    Not evidence: auditors recompute everything from the leaves and the signed checkpoints, and the
    database audit checks that the size equals the number of stored leaves. Database triggers
    (``dbguard``) refuse deleting the row and any update that does not grow the size.
    """

    size = models.PositiveBigIntegerField(_("size"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log head")

    def __str__(self) -> str:
        return f"log head ({self.size} entries)"


class LeafCommitment(AppendOnly):
    """The private half of a leaf's ``facts_sha256`` (``commitments``): a salt and one digest per fact.

    Never published: with the salt, a guessed name could be tested against the digests. No
    personal data (salted digests only); the registry row the facts come from holds the values.
    Retention: as long as the leaf, for ever.
    """

    leaf_index = models.PositiveBigIntegerField(_("entry"), primary_key=True)
    salt = models.CharField(_("salt"), max_length=64)
    fact_digests = models.JSONField(_("fact digests"), default=dict)

    class Meta:
        verbose_name = _("entry commitment")
        verbose_name_plural = _("entry commitments")
        ordering = ["leaf_index"]

    def __str__(self) -> str:
        return f"commitment of #{self.leaf_index}"


class Checkpoint(AppendOnly):
    """A signed statement of the log's size and root hash (C2SP checkpoint in a signed note). No personal data."""

    origin = models.CharField(_("origin"), max_length=200)
    tree_size = models.PositiveBigIntegerField(_("tree size"))
    root_hash = models.CharField(_("root hash"), max_length=64)
    key_name = models.CharField(_("key name"), max_length=200)
    key_id = models.CharField(_("key id"), max_length=8)
    note = models.TextField(_("signed note"))
    published_at = models.DateTimeField(_("published at"), db_index=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["tree_size", "published_at"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "tree_size"], name="%(app_label)s_%(class)s_one_per_size"),
        ]

    def __str__(self) -> str:
        return f"{self.origin} @ {self.tree_size}"
