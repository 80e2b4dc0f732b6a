"""The tally rows themselves, value by value: what one certificate adds to each table, each grain and each month.

The incremental path and the rebuild share the roll-up, so comparing them cannot catch a wrong roll-up: these
tests state the rows a person reading the statistics relies on. Counts are from the ``known`` certificates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import F

from skillcert.certificates import services as certificate_services
from skillcert.certificates.models import Certificate
from skillcert.stats import services
from skillcert.stats.models import MONTH_KEY, ROLLUP_KEY, TALLY_KEY, CertificateTally, MonthTally, RollupTally

pytestmark = pytest.mark.django_db


def rows(model: Any, key: list[str], **filters: Any) -> dict[tuple[Any, ...], int]:
    return {tuple(r[:-1]): r[-1] for r in model.objects.filter(**filters).values_list(*key, "count") if r[-1]}


def test_a_skill_level_certificate_counts_in_one_tally_row_with_every_dimension(known: Any) -> None:
    chengdu = known["chengdu_institution"].pk
    assert rows(CertificateTally, TALLY_KEY, year=2025) == {
        (2025, "510100", "6", "6-18-02-04", "", 4, "skill_level", chengdu, "assessment", "valid"): 3
    }


def test_a_special_ability_and_a_provincial_qualification_count_without_what_they_lack(known: Any) -> None:
    assert rows(CertificateTally, TALLY_KEY, certificate_type="special_ability") == {
        (2026, "510100", "", "", "S510100-ZX-0099", 0, "special_ability", 0, "assessment", "valid"): 1
    }
    assert rows(CertificateTally, TALLY_KEY, certificate_type="qualification") == {
        (2026, "", "4", "4-07-05-01", "", 4, "qualification", 0, "manual", "valid"): 1
    }


def test_each_grain_rolls_up_its_own_value(known: Any) -> None:
    special = rows(RollupTally, ROLLUP_KEY, certificate_type="special_ability")
    assert special == {
        ("all", 2026, "510100", 0, "special_ability", "", "valid"): 1,
        ("major", 2026, "510100", 0, "special_ability", "", "valid"): 1,
        ("source", 2026, "510100", 0, "special_ability", "assessment", "valid"): 1,
        ("project", 2026, "510100", 0, "special_ability", "S510100-ZX-0099", "valid"): 1,
        ("institution", 2026, "510100", 0, "special_ability", "0", "valid"): 1,
    }  # no occupation row: a special ability certificate has no occupation
    chengdu = str(known["chengdu_institution"].pk)
    assert rows(RollupTally, ROLLUP_KEY, year=2025) == {
        ("all", 2025, "510100", 4, "skill_level", "", "valid"): 3,
        ("major", 2025, "510100", 4, "skill_level", "6", "valid"): 3,
        ("source", 2025, "510100", 4, "skill_level", "assessment", "valid"): 3,
        ("occupation", 2025, "510100", 4, "skill_level", "6-18-02-04", "valid"): 3,
        ("institution", 2025, "510100", 4, "skill_level", chengdu, "valid"): 3,
    }  # no project row: only special ability certificates have one


def test_each_issue_counts_in_its_month(known: Any) -> None:
    assert rows(MonthTally, MONTH_KEY) == {
        (2025, 3, "issued", "skill_level", "510100", 4): 3,
        (2026, 1, "issued", "skill_level", "510100", 3): 2,
        (2026, 2, "issued", "skill_level", "510700", 5): 2,
        (2026, 4, "issued", "special_ability", "510100", 0): 1,
        (2026, 5, "issued", "qualification", "", 4): 1,
    }


def test_a_revocation_moves_the_row_and_counts_in_the_month_it_happens(known: Any) -> None:
    first = known["certificates"][0]
    with time_machine.travel(dt.datetime(2026, 6, 30, 20, tzinfo=dt.UTC), tick=False):  # 1 July in Sichuan
        certificate_services.revoke_certificate(certificate=first, category="misconduct", reason="违规发证")
    chengdu = known["chengdu_institution"].pk
    assert rows(CertificateTally, TALLY_KEY, year=2025) == {
        (2025, "510100", "6", "6-18-02-04", "", 4, "skill_level", chengdu, "assessment", "valid"): 2,
        (2025, "510100", "6", "6-18-02-04", "", 4, "skill_level", chengdu, "assessment", "revoked"): 1,
    }
    assert rows(MonthTally, MONTH_KEY, event="revoked") == {(2026, 7, "revoked", "skill_level", "510100", 4): 1}
    assert rows(RollupTally, ROLLUP_KEY, grain="all", year=2025) == {
        ("all", 2025, "510100", 4, "skill_level", "", "valid"): 2,
        ("all", 2025, "510100", 4, "skill_level", "", "revoked"): 1,
    }


def test_a_suspension_moves_the_row_but_is_no_event_of_the_month(known: Any) -> None:
    certificate_services.suspend_certificate(
        certificate=known["certificates"][0], category="under_review", reason="核查"
    )
    assert rows(MonthTally, MONTH_KEY, event="revoked") == {}
    assert sum(rows(MonthTally, MONTH_KEY).values()) == 9
    assert rows(RollupTally, ROLLUP_KEY, grain="all", year=2025, status="suspended") == {
        ("all", 2025, "510100", 4, "skill_level", "", "suspended"): 1
    }


def test_a_change_to_the_same_status_counts_nothing(known: Any) -> None:
    certificate = known["certificates"][0]
    before = services.tally_snapshot()
    services.count_status_change(certificate, certificate.status)
    assert services.tally_snapshot() == before


def _imported(known: Any, status: str, changed: dt.datetime | None) -> Certificate:
    """A legacy record as the importer hands it over (counted when stored)."""
    template = known["certificates"][0]
    return Certificate(
        certificate_type="skill_level",
        number="S000051000777213000009",
        holder=template.holder,
        holder_name=template.holder_name,
        occupation_code="6-18-02-04",
        level=3,
        region=None,
        institution=None,
        issuer_name="老机构",
        issued_on=dt.date(2019, 5, 1),
        source="legacy",
        status=status,
        status_changed_at=changed,
    )


def test_a_record_imported_as_revoked_counts_its_issue_and_its_revocation(known: Any) -> None:
    changed = dt.datetime(2021, 12, 31, 17, tzinfo=dt.UTC)  # 1 January 2022 in Sichuan
    services.count_issued([_imported(known, "revoked", changed)])
    assert rows(MonthTally, MONTH_KEY, year__lt=2025) == {
        (2019, 5, "issued", "skill_level", "", 3): 1,
        (2022, 1, "revoked", "skill_level", "", 3): 1,
    }
    assert rows(CertificateTally, TALLY_KEY, year=2019) == {
        (2019, "", "6", "6-18-02-04", "", 3, "skill_level", 0, "legacy", "revoked"): 1
    }


def test_a_record_imported_as_revoked_without_a_date_is_revoked_in_its_issue_month(known: Any) -> None:
    services.count_issued([_imported(known, "revoked", None)])
    assert rows(MonthTally, MONTH_KEY, year__lt=2025) == {
        (2019, 5, "issued", "skill_level", "", 3): 1,
        (2019, 5, "revoked", "skill_level", "", 3): 1,
    }


def test_a_record_imported_as_valid_is_no_revocation(known: Any) -> None:
    services.count_issued([_imported(known, "valid", None)])
    assert rows(MonthTally, MONTH_KEY, year__lt=2025) == {(2019, 5, "issued", "skill_level", "", 3): 1}


def test_counting_no_certificates_writes_nothing(known: Any) -> None:
    before = services.tally_snapshot()
    services.count_issued([])
    assert services.tally_snapshot() == before


def test_the_snapshot_leaves_out_rows_at_zero(known: Any) -> None:
    CertificateTally.objects.filter(year=2025).update(count=0)
    tallies = services.tally_snapshot()[0]
    assert all(key[0] != 2025 for key in tallies)
    assert sum(tallies.values()) == 6


def test_drift_is_zero_in_step_and_counts_the_rows_that_differ(known: Any) -> None:
    assert services.count_drift() == 0
    RollupTally.objects.filter(grain="all", year=2025).update(count=F("count") + 5)
    assert services.count_drift() == 2  # the kept row and the recounted row differ
    MonthTally.objects.filter(year=2025).delete()
    assert services.count_drift() == 3
    assert not MonthTally.objects.filter(year=2025).exists()  # measuring changed nothing


def test_a_rebuild_writes_in_parts_and_says_how_many_rows(known: Any) -> None:
    written = services.rebuild_tallies()
    assert written == {
        "tallies": len(services.tally_snapshot()[0]),
        "months": 5,
        "rollups": len(services.tally_snapshot()[2]),
    }
    before = services.tally_snapshot()
    for model in (CertificateTally, MonthTally, RollupTally):
        model.objects.all().delete()
    rows_in = [(2020 + i, 1, "issued", "skill_level", "", 3, 1) for i in range(5)]
    assert services._bulk_insert(MonthTally, MONTH_KEY, iter(rows_in), chunk=2) == 5
    assert sorted(MonthTally.objects.values_list("year", flat=True)) == [2020, 2021, 2022, 2023, 2024]
    services.rebuild_tallies()
    assert services.tally_snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_vacuum_runs_only_on_postgresql_outside_a_transaction() -> None:
    services.vacuum_tallies()  # SQLite: nothing to do; PostgreSQL: VACUUM needs no open transaction
    with transaction.atomic():
        services.vacuum_tallies()  # inside a transaction: never attempted (VACUUM would fail)
    assert connection.vendor in ("sqlite", "postgresql")
