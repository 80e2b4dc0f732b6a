"""The public opens the statistics dashboard, filters to one 市(州) and a level, sees the chart change, gets the CSV."""

import csv
import datetime as dt
import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build_certificates():
    """成都: 3 × level 4 and 2 × level 3; 绵阳: 2 × level 5 and 1 × level 4 (one of the level 5 revoked)."""
    from skillcert.certificates import services
    from tests.factories import holders, make_institution, make_mianyang_institution, make_user, skill

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


def open_numbers(page, key):
    """Open the folded "数据表" under a chart, as a reader who wants the numbers does."""
    details = page.locator(f"[data-testid=numbers-{key}]")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def region_rows(page):
    open_numbers(page, "by_region")
    return page.inner_text("[data-testid=table-by_region] tbody")


def chart_text(page, key):
    """Every text the chart drew, in order, with the line breaks of wrapped labels taken out."""
    return "".join(page.locator(f"[data-testid=chart-{key}] svg text").all_text_contents())


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
    open_numbers(page, "by_level")
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


def level_labels(page):
    return [t.strip() for t in page.locator("[data-testid=table-by_level] tbody th").all_text_contents()]


def test_the_dashboard_fits_the_screen_and_every_level_is_labelled(page):
    """At 1366 px the charts sit in a grid with their tables folded; on a phone nothing spills sideways."""
    from skillcert.certificates import services
    from skillcert.people.services import register_holder
    from tests.factories import make_institution, make_user, skill, valid_id

    build_certificates()
    centre = make_user("centre-levels", "centre_staff")
    every_level = make_institution(centre, name="四川省技师评价中心", serial=9, levels=(1, 2, 3, 4, 5))
    people = [
        register_holder(name=name, id_type="resident_id", id_number=valid_id(f"5101071991040{i}123"), gender="male")
        for i, name in enumerate(["孙丽", "马超", "朱红", "胡军", "郭敏"], start=1)
    ]
    services.issue_certificates(specs=[skill(every_level, people[i], 5 - i, dt.date(2026, 5, 4)) for i in range(5)])

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base + "/stats/")
    page.wait_for_selector("[data-testid=chart-by_level][data-drawn=true]")
    page.wait_for_selector("[data-testid=chart-trend][data-drawn=true]")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, f"the dashboard is {height} px tall at 1366 px"  # 13,000 px before the grid and folds
    tops = page.evaluate("['by_year', 'by_region'].map(k => document.getElementById(k).getBoundingClientRect().top)")
    assert tops[0] == tops[1]  # two charts side by side, not one under the other

    labels = level_labels(page)
    assert labels == ["初级（五级）", "中级（四级）", "高级（三级）", "技师（二级）", "高级技师（一级）"]
    drawn = chart_text(page, "by_level")
    assert all(label in drawn for label in labels), drawn

    # The filter form: labelled fields, 应用 and 重置 (back to everything).
    form = page.locator("[data-testid=stats-filters]")
    assert form.locator("label[for=id_region]").inner_text() == "市（州）"
    page.select_option("#id_level", "5")
    page.click("[data-testid=apply-filters]")
    page.wait_for_selector("[data-testid=chart-by_level][data-drawn=true]")
    assert level_labels(page) == ["初级（五级）"]
    assert page.inner_text("[data-testid=apply-filters]") == "应用"
    page.click("[data-testid=reset-filters]")
    page.wait_for_selector("[data-testid=chart-by_level][data-drawn=true]")
    assert "?" not in page.url and len(level_labels(page)) == 5

    # Long tables show their first rows and a button for the rest (all 21 市(州), zeros included).
    open_numbers(page, "by_region")
    rows = page.locator("[data-testid=table-by_region] tbody tr")
    assert rows.count() == 21 and page.locator("[data-testid=table-by_region] tbody tr:visible").count() == 12
    page.click("[data-testid=unfold-by_region]")
    assert page.locator("[data-testid=table-by_region] tbody tr:visible").count() == 21

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/stats/")
    page.wait_for_selector("[data-testid=chart-by_level][data-drawn=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    drawn = chart_text(page, "by_level")
    assert all(label in drawn for label in labels), drawn
