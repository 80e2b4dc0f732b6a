"""Signing keys, status lists and the status-list index of each certificate."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.ids import new_public_id
from skillcert.core.models import ImmutableRowError, TimeStampedModel
from skillcert.credentials.choices import StatusPurpose

MIN_STATUS_LIST_SIZE = 131_072  # 16 KiB: the Bitstring Status List minimum, for herd privacy


class NeverDeleted(models.Model):
    """Rows with legal meaning: they are retired or superseded, never deleted."""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self._meta.label} rows are never deleted")


class SigningKey(TimeStampedModel, NeverDeleted):
    """An Ed25519 key the issuer signs credentials with. No personal data.

    The public key is stored here; the private key lives in a PKCS#8 PEM file
    ``private_key_file`` under ``<DATA_DIR>/keys/`` (directory 0700, file 0600),
    never in the database. Keys are never deleted: rotating retires the current key
    (``retired_at``) and it stays in the DID document with its validity window, so
    credentials signed with it keep verifying.
    """

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    public_key_multibase = models.CharField(_("public key (Multikey)"), max_length=64, unique=True)
    private_key_file = models.CharField(_("private key file"), max_length=200)
    valid_from = models.DateTimeField(_("valid from"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retired_at__isnull=True) | models.Q(retired_at__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_retired_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return self.key_id

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class StatusList(TimeStampedModel, NeverDeleted):
    """One Bitstring Status List (revocation or suspension) with its bits. No personal data.

    ``bits`` holds the raw bitstring (``size`` / 8 bytes, index 0 = most significant
    bit of the first byte); the published form is GZIP + base64url. ``version``
    grows with every change and ``changed_at`` dates the signed list credential.
    """

    list_id = models.CharField(_("list id"), max_length=32, unique=True, default=new_public_id)
    purpose = models.CharField(_("purpose"), max_length=16, choices=StatusPurpose.choices)
    size = models.PositiveIntegerField(_("size (entries)"), default=MIN_STATUS_LIST_SIZE)
    bits = models.BinaryField(_("bitstring"))
    allocated = models.PositiveIntegerField(_("entries allocated"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        ordering = ["purpose", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=MIN_STATUS_LIST_SIZE), name="%(app_label)s_%(class)s_size_minimum"
            ),
            models.CheckConstraint(
                condition=models.Q(allocated__lte=models.F("size")), name="%(app_label)s_%(class)s_allocated_le_size"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.list_id} v{self.version}"


class StatusAllocation(NeverDeleted):
    """The random index a certificate holds in one status list. No personal data.

    ``subject_id`` is the certificate's public id. Indexes are never reused.
    """

    status_list = models.ForeignKey(
        StatusList, verbose_name=_("status list"), on_delete=models.PROTECT, related_name="allocations"
    )
    index = models.PositiveIntegerField(_("index"))
    subject_id = models.CharField(_("subject"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=16, choices=StatusPurpose.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status list entry")
        verbose_name_plural = _("status list entries")
        constraints = [
            models.UniqueConstraint(fields=["status_list", "index"], name="%(app_label)s_%(class)s_unique_index"),
            models.UniqueConstraint(fields=["subject_id", "purpose"], name="%(app_label)s_%(class)s_one_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_id} → {self.status_list.list_id}#{self.index}"


class IssuedCredential(TimeStampedModel, NeverDeleted):
    """The signed credential of one certificate, exactly as issued (compose → sign → verify → store).

    Personal data: ``document`` holds the holder's name and romanised name and the
    salted hash of the ID number (never the number). Retention: as long as the
    certificate. ``subject_id`` is the certificate's public id (the credentials app
    does not depend on the certificates app); ``address`` is the certificate's address
    key, the last segment of the credential's ``id``: the credential is served at
    ``/credentials/<address>`` and only there. Rows issued before addresses existed have
    none and are not served until ``skillcert readdress`` re-signs them.

    Never edited and never deleted: re-signing a certificate's credential (a new address)
    stores a new row and marks the old one ``superseded_at`` — the only change a row ever
    sees, made by ``services.replace_credential`` — so every document the registry signed
    stays on record. ``sha256`` is the digest its log entry carries: of the JCS bytes (RFC
    8785) served at the address; rows without an address, of the sorted-key JSON as it was then.
    """

    subject_id = models.CharField(_("certificate"), max_length=32)
    address = models.CharField(_("address key"), max_length=40, blank=True)
    document = models.JSONField(_("credential"))
    sha256 = models.CharField(_("SHA-256 of the credential"), max_length=64, db_index=True)
    key_id = models.CharField(_("signed with key"), max_length=64)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_id"],
                condition=models.Q(superseded_at__isnull=True),
                name="%(app_label)s_%(class)s_one_current_per_subject",
            ),
            models.UniqueConstraint(
                fields=["address"], condition=~models.Q(address=""), name="%(app_label)s_%(class)s_unique_address"
            ),
        ]

    def __str__(self) -> str:
        return f"credential of {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRowError("issued credentials are never edited")
        super().save(*args, **kwargs)
