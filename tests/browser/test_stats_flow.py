"""The public opens the statistics dashboard, filters to one 市(州) and a level, sees the chart change, gets the CSV."""

import csv
import datetime as dt
import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_certificates():
    """成都: 3 × level 4 and 2 × level 3; 绵阳: 2 × level 5 and 1 × level 4 (one of the level 5 revoked)."""
    from skillcert.certificates import services
    from tests.certificates.conftest import make_institution
    from tests.conftest import make_user
    from tests.stats.conftest import holders, make_mianyang_institution, skill

    centre = make_user("centre-stats", "centre_staff")
    chengdu = make_institution(centre, name="四川省焊接技能评价中心", serial=1)
    mianyang = make_mianyang_institution(centre)
    people = holders(8)
    specs = [skill(chengdu, people[i], 4, dt.date(2026, 3, 2)) for i in range(3)]
    specs += [skill(chengdu, people[3 + i], 3, dt.date(2026, 3, 2)) for i in range(2)]
    specs += [skill(mianyang, people[5 + i], 5, dt.date(2026, 4, 1)) for i in range(2)]
    specs.append(skill(mianyang, people[7], 4, dt.date(2026, 4, 1)))
    issued = services.issue_certificates(specs=specs)
    services.revoke_certificate(certificate=issued[5], category="misconduct", reason="违规发证")


def region_rows(page):
    return page.inner_text("[data-testid=table-by_region] tbody")


def test_filter_the_dashboard_and_download_the_csv(page):
    build_certificates()
    page.goto(page.base + "/")
    page.click("nav >> text=人才统计")
    assert "已撤销的证书不计入本页任何数字" in page.inner_text("[data-testid=revoked-note]")
    page.wait_for_selector("[data-testid=chart-by_region][data-drawn=true]")
    assert "7" in page.inner_text("[data-testid=summary]")  # 8 issued, 1 revoked
    rows = region_rows(page)
    assert "成都市\t5\t0" in rows and "绵阳市\t2\t0" in rows
    assert "成都市" in page.inner_text("[data-testid=chart-by_region]")  # the chart's axis labels

    page.select_option("#id_region", label="绵阳市")
    page.select_option("#id_level", label="初级（五级）")
    page.click("[data-testid=apply-filters]")
    page.wait_for_selector("[data-testid=chart-by_region][data-drawn=true]")
    assert "region=510700" in page.url and "level=5" in page.url
    assert region_rows(page).strip() == "绵阳市\t1\t0"
    chart = page.inner_text("[data-testid=chart-by_region]")
    assert "绵阳市" in chart and "成都市" not in chart
    levels = page.inner_text("[data-testid=table-by_level] tbody")
    assert "初级（五级）\t1\t0" in levels and "中级" not in levels

    with page.expect_download() as caught:
        page.click("[data-testid=csv-by_region]")
    download = caught.value
    assert download.suggested_filename.startswith(
        "skillcert-stats-by_region-"
    ) and download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows == [["市（州）", "有效", "已暂停"], ["绵阳市", "1", "0"]]
