"""The public dashboard, its filters and downloads, the staff reports and the API, against known counts."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from skillcert.certificates import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_dashboard_shows_valid_counts_and_says_revoked_are_excluded(client: Client, known):
    services.revoke_certificate(certificate=known["certificates"][0], category="misconduct", reason="违规发证")
    services.suspend_certificate(certificate=known["certificates"][1], category="under_review", reason="投诉调查中")
    response = client.get("/stats/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert "已撤销的证书不计入本页任何数字" in html
    assert 'data-testid="chart-by_region"' in html and "/static/stats/vendor/echarts.min.js" in html
    assert "<caption>按市（州）</caption>" in html and 'role="img"' in html  # every chart has its table
    summary = response.context["summary"].rows
    assert [row[1] for row in summary] == [7, 1, 1, 1]  # valid, suspended, revoked (excluded), competition


def test_region_table_ranks_all_21_cities_and_the_province(client: Client, known):
    rows = client.get("/stats/").context["tables"][2].rows
    assert len(rows) == 22
    assert rows[0][:3] == ["成都市", 6, 0] and rows[1][:3] == ["绵阳市", 2, 0]
    assert {row[0]: row[1] for row in rows}["省本级或未归属市（州）"] == 1  # the qualification certificate
    assert rows[-1][1] == 0
    assert sum(r[1] for r in rows) == 9


def test_filters_narrow_every_table(client: Client, known):
    response = client.get("/stats/", {"region": "510100", "level": "4"})
    tables = {t.key: t for t in response.context["tables"]}
    assert tables["summary"].rows[0][1] == 3
    assert tables["by_region"].rows == [["成都市", 3, 0]]
    assert tables["by_year"].rows == [["2025", 3, 0]]
    years = client.get("/stats/", {"year_from": "2026", "year_to": "2026"}).context["tables"]
    assert years[0].rows[0][1] == 6


def test_a_bad_filter_is_refused_with_a_message_and_no_numbers(client: Client, known):
    response = client.get(
        "/stats/", {"year_from": "2026", "year_to": "2020", "level": "9"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "结束年份不能早于起始年份" in html
    assert response.context["tables"] == []


def test_csv_and_xlsx_downloads_follow_the_filter(client: Client, known):
    response = client.get("/stats/export/by_level.csv", {"region": "510700"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert rows[1][1:] == ["2", "0"] and len(rows) == 2
    xlsx = client.get("/stats/export/by_level.xlsx", {"region": "510700"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][1:] == [2, 0]


def test_unknown_table_or_format_is_not_found_and_bad_filter_is_400(client: Client, known):
    assert client.get("/stats/export/nothing.csv").status_code == 404
    assert client.get("/stats/export/by_level.pdf").status_code == 404
    bad = client.get("/stats/export/by_level.csv", {"level": "9"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 400 and "筛选条件" in bad.content.decode()
    bad = client.get("/stats/export/by_level.csv", {"level": "x"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 400 and "“level”必须是只用数字 0–9 写成的整数" in bad.content.decode()


def test_formula_injection_is_neutralised_in_both_formats(client: Client, known, centre_user):
    from skillcert.institutions.models import Institution
    from skillcert.stats.exports import safe_cell, to_csv, to_xlsx
    from skillcert.stats.reports import Table

    for text in ["=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]:
        assert safe_cell(text) == "'" + text
    assert safe_cell(-3) == -3 and safe_cell("成都市") == "成都市"
    table = Table("t", "t", ["名称", "数量"], [['=HYPERLINK("http://x")', 1]])
    assert csv_rows(to_csv(table))[1][0] == '\'=HYPERLINK("http://x")'
    from openpyxl import load_workbook

    cell = load_workbook(io.BytesIO(to_xlsx(table))).active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    # through the page too: an institution whose registered name starts with "="
    Institution.objects.filter(pk=known["mianyang"].pk).update(name="=绵阳九洲焊接评价站")
    rows = csv_rows(client.get("/stats/export/by_institution.csv").content)
    assert "'=绵阳九洲焊接评价站" in [r[0] for r in rows]


def test_staff_reports_need_view_reports(client: Client, known):
    assert client.get("/stats/reports/").status_code in (302, 403)
    operator = make_user("someone-else", "institution_operator")
    client.force_login(operator)
    assert client.get("/stats/reports/").status_code == 403
    assert client.get("/stats/reports/export/institutions.csv").status_code == 403


def test_staff_report_per_institution_includes_revoked(centre_client: Client, known):
    services.revoke_certificate(certificate=known["certificates"][0], category="misconduct", reason="违规发证")
    response = centre_client.get("/stats/reports/")
    assert response.status_code == 200
    institutions = {row[0]: row for row in response.context["tables"][0].rows}
    assert institutions["四川省焊接技能评价中心"][4:] == [4, 0, 1]
    assert institutions["绵阳九洲焊接评价站"][4:] == [2, 0, 0]
    rows = csv_rows(centre_client.get("/stats/reports/export/institutions.csv").content)
    assert len(rows) == 3


def test_api_lists_every_chart_and_answers_each(client: Client, known):
    index = client.get("/api/v1/stats/").json()
    keys = [c["key"] for c in index["charts"]]
    assert "by_region" in keys and "trend" in keys
    for key in keys:
        response = client.get(f"/api/v1/stats/{key}")
        if key == "complaints" and response.status_code == 404:
            continue  # only when the supervision app does not publish complaint counts
        assert response.status_code == 200, key
    body = client.get("/api/v1/stats/by_level", {"region": "510100", "type": "skill_level"}).json()
    assert body["filters"] == {"region": "510100", "type": "skill_level"}
    assert [row[1:] for row in body["rows"]] == [[3, 0], [2, 0]]  # level 4 then level 3, in Chengdu


def test_api_refuses_bad_filters_in_the_one_error_shape(client: Client, known):
    response = client.get("/api/v1/stats/by_year", {"year_from": "2027", "year_to": "2020"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and "year_to" in body["fields"]
    assert client.get("/api/v1/stats/no_such_chart").status_code in (404, 422)


def test_complaints_appear_when_the_supervision_app_publishes_counts(client: Client, known, monkeypatch):
    from skillcert.stats import selectors

    monkeypatch.setattr(selectors, "complaint_counts", lambda: [("乱收费", "属实", 2), ("其他", "处理中", 1)])
    response = client.get("/api/v1/stats/complaints")
    assert response.status_code == 200 and response.json()["rows"] == [["乱收费", "属实", 2], ["其他", "处理中", 1]]
    assert "complaints" in [t.key for t in client.get("/stats/").context["tables"]]
    monkeypatch.setattr(selectors, "complaint_counts", lambda: None)
    assert client.get("/api/v1/stats/complaints").status_code == 404
    assert "complaints" not in [t.key for t in client.get("/stats/").context["tables"]]


def test_openapi_documents_the_statistics_endpoints(client: Client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/stats/" in paths and "/api/v1/stats/{key}" in paths
    parameters = {p["name"] for p in paths["/api/v1/stats/{key}"]["get"]["parameters"]}
    assert {"key", "year_from", "year_to", "region", "level", "type"} <= parameters


def test_complaints_chart_counts_real_cases_by_category_and_outcome(client: Client, db, centre_user):
    from skillcert.supervision import services
    from skillcert.supervision.choices import Category, Outcome

    open_case, _code = services.file_complaint(category=Category.FEES, description="加收资料费")
    rejected, _code = services.file_complaint(category=Category.FEES, description="与证书无关")
    concluded, _code = services.file_complaint(category=Category.NATIONAL_WORDS, description="国家级证书")
    services.reject_complaint(complaint=rejected, reason="不属于受理范围", actor=centre_user)
    services.accept_complaint(complaint=concluded, actor=centre_user)
    services.start_investigation(complaint=concluded, actor=centre_user)
    services.conclude_complaint(
        complaint=concluded, outcome=Outcome.SUBSTANTIATED, public_summary="已责令整改", actor=centre_user
    )
    rows = client.get("/api/v1/stats/complaints", HTTP_ACCEPT_LANGUAGE="en").json()["rows"]
    assert sorted(rows) == sorted(
        [
            ["Illegal charging: extra fee items or raised fee standards", "Open", 1],
            ["Illegal charging: extra fee items or raised fee standards", "Not accepted", 1],
            ['Illegal use of words and marks such as "China" and "National"', "Substantiated", 1],
        ]
    )
    assert open_case.is_open


def test_a_city_bureau_sees_only_its_own_regions_staff_reports(client: Client, known):
    from tests.factories import make_bureau

    client.force_login(make_bureau("mianyang-bureau", "510700"))
    response = client.get("/stats/reports/", {"region": "510100"})  # asking for 成都 gives 绵阳 anyway
    assert response.status_code == 200
    institutions = [row[0] for row in response.context["tables"][0].rows]
    assert institutions == ["绵阳九洲焊接评价站"]
    rows = csv_rows(client.get("/stats/reports/export/institutions.csv", {"region": "-"}).content)
    assert [r[0] for r in rows[1:]] == ["绵阳九洲焊接评价站"]
    assert "四川省焊接技能评价中心" not in response.content.decode()
