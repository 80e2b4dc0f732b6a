"""Pre-aggregated certificate counts (ADR 0008): kept in step by the certificate services, rebuilt on demand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The columns that key a tally row, in the order of the unique constraint and the upsert.
TALLY_KEY = [
    "year",
    "region_code",
    "major_code",
    "occupation_code",
    "project_code",
    "level",
    "certificate_type",
    "institution_ref",
    "source",
    "status",
]
MONTH_KEY = ["year", "month", "event", "certificate_type", "region_code", "level"]
ROLLUP_KEY = ["grain", "year", "region_code", "level", "certificate_type", "value", "status"]


class CertificateTally(models.Model):
    """How many certificates share one combination of the public dimensions. No personal data.

    ``level`` 0 means "no level" (special ability certificates), ``region_code`` ""
    means issued by the province (or unknown for legacy imports), ``institution_ref``
    0 means no recorded institution (a department or a competition committee issued it).
    ``institution_ref`` is the institution's database id: it never leaves the server.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    region_code = models.CharField(_("city or prefecture code"), max_length=6, blank=True)
    major_code = models.CharField(_("major category"), max_length=1, blank=True)
    occupation_code = models.CharField(_("occupation code"), max_length=16, blank=True)
    project_code = models.CharField(_("project code"), max_length=32, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    certificate_type = models.CharField(_("certificate type"), max_length=16)
    institution_ref = models.PositiveIntegerField(_("institution"), default=0)
    source = models.CharField(_("source"), max_length=16)
    status = models.CharField(_("status"), max_length=16)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("certificate tally")
        verbose_name_plural = _("certificate tallies")
        constraints = [models.UniqueConstraint(fields=TALLY_KEY, name="%(app_label)s_%(class)s_one_row_per_key")]
        indexes = [
            models.Index(fields=["year", "status", "region_code", "level"], name="stats_tally_public_idx"),
            models.Index(fields=["institution_ref", "year"], name="stats_tally_institution_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.certificate_type} {self.status}: {self.count}"


class MonthTally(models.Model):
    """How many certificates were issued, or revoked, in one month. No personal data.

    Issuance counts every certificate issued that month (also those revoked later);
    revocations count by the month of the revocation.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    event = models.CharField(_("event (issued or revoked)"), max_length=16)
    certificate_type = models.CharField(_("certificate type"), max_length=16)
    region_code = models.CharField(_("city or prefecture code"), max_length=6, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        constraints = [models.UniqueConstraint(fields=MONTH_KEY, name="%(app_label)s_%(class)s_one_row_per_key")]
        indexes = [models.Index(fields=[*MONTH_KEY, "count"], name="stats_month_cover_idx")]  # trends from the index

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.event}: {self.count}"


class RollupTally(models.Model):
    """The tally summed to one dimension (its ``grain``) beside the four public filters. No personal data.

    Each public chart reads one grain only: a few thousand rows instead of the
    whole tally, whatever the number of certificates. Grains: ``all`` (``value``
    empty: charts by year, 市(州), level and type), ``major``, ``source``,
    ``occupation``, ``project`` and ``institution`` (``value`` = the institution's
    database id, "0" for none).
    """

    grain = models.CharField(_("grain"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    region_code = models.CharField(_("city or prefecture code"), max_length=6, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    certificate_type = models.CharField(_("certificate type"), max_length=16)
    value = models.CharField(_("value"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=16)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("statistics roll-up")
        verbose_name_plural = _("statistics roll-ups")
        constraints = [models.UniqueConstraint(fields=ROLLUP_KEY, name="%(app_label)s_%(class)s_one_row_per_key")]
        indexes = [
            # Covers every chart query: rows of one grain come out grouped by value and status,
            # filtered on the other columns, without touching the table (5x faster at 1M certificates).
            models.Index(
                fields=["grain", "value", "status", "year", "region_code", "level", "certificate_type", "count"],
                name="stats_rollup_cover_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.year} {self.value}: {self.count}"
