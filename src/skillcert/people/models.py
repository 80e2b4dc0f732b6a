"""Certificate holders and the surname readings used for their romanised names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.core.models import PublicModel, TimeStampedModel
from skillcert.people.choices import Gender
from skillcert.people.idnumbers import IdType


def photo_path(instance: Holder, filename: str) -> str:
    """A random file name: the holder's name or ID number never appears in a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"people/photos/{instance.public_id}.{extension}"


class Holder(PublicModel):
    """A person who holds (or will hold) certificates, identified by ID type and number.

    Personal data: name, romanised_name, ID number (hash, encrypted, masked), gender,
    photo; retention: as long as any certificate of the holder exists.

    The ID number itself is never stored in plain text: ``id_number_hash`` (HMAC-SHA256 with a
    server key) finds the holder, ``id_number_encrypted`` (Fernet) is readable by authorised
    staff through :func:`skillcert.people.services.reveal_id_number`, and ``id_number_masked``
    is what pages and the API show. Rows are changed only by the services in
    :mod:`skillcert.people.services`.
    """

    name = models.CharField(_("name"), max_length=64, db_index=True)
    romanised_name = models.CharField(_("romanised name"), max_length=128, blank=True)
    id_type = models.CharField(_("ID type"), max_length=32, choices=IdType.choices)
    id_number_hash = models.CharField(_("ID number (keyed hash)"), max_length=64, db_index=True, editable=False)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=32, editable=False)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNSPECIFIED)
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True, max_length=200)

    class Meta:
        verbose_name = _("certificate holder")
        verbose_name_plural = _("certificate holders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number_hash"], name="%(app_label)s_%(class)s_unique_id_number"
            ),
            models.CheckConstraint(condition=~models.Q(id_number_hash=""), name="%(app_label)s_%(class)s_hash_present"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"


class SurnameReading(TimeStampedModel):
    """A reading of a surname kept by centre staff; it overrides ``people/data/surnames.csv``. No personal data.

    A surname alone does not identify anyone: the table is reference data for romanising names.
    """

    surname = models.CharField(_("surname"), max_length=2, unique=True)
    reading = models.CharField(_("reading (pinyin without tones)"), max_length=32)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("surname reading")
        verbose_name_plural = _("surname readings")
        ordering = ["surname"]

    def __str__(self) -> str:
        return f"{self.surname} {self.reading}"
