"""Competition final results share the assessments reader: bombs are refused, row errors never echo cells."""

from __future__ import annotations

import csv
import io

import pytest

from skillcert.competitions import services
from skillcert.competitions.models import ResultImport
from skillcert.core.errors import InvalidInput
from tests.assessments.test_hostile_files import sheet_xml, xlsx
from tests.factories import HEADER, approved, final, valid_id

pytestmark = pytest.mark.django_db


def upload(competition, host, data, name):
    return services.upload_results(
        competition=competition, stage=final(competition), actor=host, filename=name, data=data
    )


def test_a_results_bomb_is_refused_and_nothing_is_kept(host_user, centre_user):
    competition = approved(host_user, centre_user)
    with pytest.raises(InvalidInput, match="1048576"):
        upload(competition, host_user, xlsx(sheet_xml("A1:XFD1048576", [("A1", "姓名")])), "决赛.xlsx")
    with pytest.raises(InvalidInput, match="压缩"):
        upload(competition, host_user, xlsx(sheet_xml("A1:J2", [], padding=40 * 1024 * 1024)), "决赛.xlsx")
    assert not ResultImport.objects.exists()


def test_row_errors_of_results_never_echo_the_cells(host_user, centre_user):
    competition = approved(host_user, centre_user)
    planted = valid_id("51010719900101123")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerow([1, "王建国", "", valid_id("51010719800101001"), "", planted, 1, "一等奖", "", ""])  # event
    writer.writerow([2, "李小龙", "", valid_id("51010719810202002"), "", "焊工", 2, "二等奖", planted, ""])  # prior
    writer.writerow([3, "张海燕", "", valid_id("51010719820303003"), "", "焊工", 3, "三等奖", "", planted])  # stage
    result_import = upload(competition, host_user, buffer.getvalue().encode("utf-8-sig"), "决赛.csv")
    stored = str(result_import.errors)
    assert result_import.rows_with_errors == 3
    assert planted not in stored and planted[:10] not in stored
    messages = {e["row"]: " ".join(e["messages"]) for e in result_import.errors}
    assert "赛项" in messages[2] and "原有等级" in messages[3] and "赛段" in messages[4]
