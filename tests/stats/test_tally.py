"""The tallies follow every issue and status change in the same transaction, and equal a rebuild from scratch."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from skillcert.certificates import services
from skillcert.certificates.legacy import HEADERS, _store_chunk, parse_row
from skillcert.core.errors import NotAllowed
from skillcert.stats import reports
from skillcert.stats.models import MONTH_KEY, ROLLUP_KEY, TALLY_KEY, CertificateTally, MonthTally, RollupTally
from skillcert.stats.selectors import StatsFilter, TallyView
from skillcert.stats.services import rebuild_tallies
from tests.factories import valid_id

pytestmark = pytest.mark.django_db


def snapshot() -> list[dict[tuple[Any, ...], int]]:
    """The three tables as {key: count}, rows at zero left out (a rebuild does not write them)."""
    return [
        {tuple(row[:-1]): row[-1] for row in model.objects.values_list(*key, "count") if row[-1]}
        for model, key in ((CertificateTally, TALLY_KEY), (MonthTally, MONTH_KEY), (RollupTally, ROLLUP_KEY))
    ]


def assert_incremental_equals_rebuilt() -> None:
    incremental = snapshot()
    rebuild_tallies()
    assert snapshot() == incremental


def totals() -> tuple[int, int, int]:
    total = TallyView(StatsFilter()).total
    return total.valid, total.suspended, total.revoked


def test_issuing_counts_every_certificate_at_once(known):
    assert totals() == (9, 0, 0)
    assert_incremental_equals_rebuilt()


def test_suspend_revoke_reinstate_and_reissue_move_the_counts(known):
    first, second, third, fourth = known["certificates"][:4]
    services.suspend_certificate(certificate=first, category="under_review", reason="投诉调查中")
    assert totals() == (8, 1, 0)
    services.revoke_certificate(certificate=second, category="misconduct", reason="违规发证")
    assert totals() == (7, 1, 1)
    services.reinstate_certificate(certificate=first, reason="调查结束，未发现问题")
    assert totals() == (8, 0, 1)
    new = services.reissue_certificate(certificate=third, reason="姓名更正")
    assert new.source == "reissue"
    assert totals() == (8, 0, 2)  # the new one counts, the superseded one is revoked
    services.suspend_certificate(certificate=fourth, category="under_review", reason="核查")
    services.revoke_certificate(certificate=fourth, category="misconduct", reason="核查属实")  # suspended → revoked
    assert totals() == (7, 0, 3)
    assert_incremental_equals_rebuilt()


def test_a_refused_change_leaves_the_counts_alone(known):
    revoked = services.revoke_certificate(
        certificate=known["certificates"][0], category="misconduct", reason="违规发证"
    )
    before = snapshot()
    with pytest.raises(NotAllowed):
        services.reinstate_certificate(certificate=revoked, reason="想恢复")
    assert snapshot() == before


def test_revocations_count_in_the_month_they_happen(known):
    services.revoke_certificate(certificate=known["certificates"][0], category="misconduct", reason="违规发证")
    months = TallyView(StatsFilter()).months()
    assert months[(2025, 3)]["issued"] == 3
    today = timezone.localdate()
    assert months[(today.year, today.month)]["revoked"] == 1
    assert sum(m["issued"] for m in months.values()) == 9


def test_legacy_import_is_counted_like_any_issue(known):
    values = [
        "职业技能等级证书",
        "S000051000777213000001",
        "王芳",
        "",
        valid_id("51010719880512002"),
        "",
        "6-18-02-04",
        "焊工",
        "",
        "三级",
        "",
        "老机构",
        "2021-05-01",
    ]
    row = parse_row(2, dict(zip(HEADERS, values, strict=True)))
    _store_chunk([row], "legacy-job-1", None)
    assert totals() == (10, 0, 0)
    by_year = {row[0]: row[1] for row in reports.by_year(TallyView(StatsFilter())).rows}
    assert by_year["2021"] == 1
    assert_incremental_equals_rebuilt()


def test_check_command_finds_a_count_edited_behind_the_services_back(known):
    out = io.StringIO()
    call_command("stats", "check", stdout=out)
    assert "agree" in out.getvalue()
    RollupTally.objects.filter(grain="all").update(count=F("count") + 5)
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("stats", "check")
    assert RollupTally.objects.filter(grain="all", count__gt=5).exists()  # the check changed nothing


def test_rebuild_command_recounts_from_scratch(known):
    for model in (CertificateTally, MonthTally, RollupTally):
        model.objects.all().delete()
    assert totals() == (0, 0, 0)
    out = io.StringIO()
    call_command("stats", "rebuild", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert totals() == (9, 0, 0)


def test_the_data_migration_path_counts_existing_certificates(known):
    """Migration stats.0002 calls the rebuild with a migration's app registry; it must count the same."""
    from django.apps import apps as registry

    incremental = snapshot()
    for model in (CertificateTally, MonthTally, RollupTally):
        model.objects.all().delete()
    written = rebuild_tallies(registry)
    assert snapshot() == incremental
    assert written["tallies"] == len(incremental[0]) and written["rollups"] == len(incremental[2])
