"""An institution imports results with two bad rows, fixes them and issues; the public finds the certificate."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import make_institution, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩"]
PEOPLE = [("王芳", "51010719880512002"), ("李强", "51010719900101003"), ("刘洋", "51010719920304005")]


def csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture
def operator_login(page):
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    centre = make_user("centre-browser", CENTRE_STAFF)
    institution = make_institution(centre, name="四川省焊接技能评价中心", serial=11)
    operator = make_user("welder-browser", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    page.goto(page.base + "/account/login/")
    page.fill("#id_username", "welder-browser")
    page.fill("#id_password", "correct-horse-battery")
    page.click("main button[type=submit]")
    return page


def test_import_with_errors_fix_commit_then_public_query(operator_login, tmp_path):
    page = operator_login
    page.goto(page.base + "/assessments/declare/")
    page.select_option("#id_occupation_code", "6-18-02-04")
    page.select_option("#id_level", "4")
    page.fill("#id_assessment_date", "2026-10-18")
    page.fill("#id_evaluators", "王考评\n李考评")
    page.click("button:has-text('申报')")
    assert "批次已申报" in page.inner_text("main")

    rows = [[i + 1, name, "", valid_id(first17), "", 85, 78] for i, (name, first17) in enumerate(PEOPLE)]
    bad = [list(r) for r in rows]
    bad[1][3] = bad[1][3][:-1] + ("1" if bad[1][3][-1] != "1" else "2")  # wrong check digit
    bad[2][1] = "刘洋2"  # a digit in the name
    bad_file = tmp_path / "认定结果.csv"
    bad_file.write_bytes(csv_bytes(bad))
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(bad_file))
    page.click("button:has-text('上传并校验')")
    errors = page.inner_text("[data-testid=row-errors]")
    assert "校验位" in errors and "数字" in errors
    assert "3" in errors and "4" in errors  # the spreadsheet rows, header being row 1
    assert page.locator("[data-testid=commit]").count() == 0

    good_file = tmp_path / "认定结果-改正.csv"
    good_file.write_bytes(csv_bytes(rows))
    page.set_input_files("[data-testid=upload-form] input[type=file]", str(good_file))
    page.click("button:has-text('上传并校验')")
    assert page.locator("[data-testid=row-errors]").count() == 0
    page.click("[data-testid=commit]")  # the review, then the confirmation
    page.check("[data-testid=confirm]")
    page.click("[data-testid=issue]")
    assert "已颁发 3 本证书" in page.inner_text("[data-testid=issued]")
    assert page.get_attribute("[role=progressbar]", "aria-valuenow") == "100"

    page.click("[data-testid=print-start]")  # the batch PDF, as a background job with progress
    assert page.get_attribute("[data-testid=print] [role=progressbar]", "aria-valuenow") == "100", page.inner_text(
        "[data-testid=print]"
    )
    with page.expect_download() as download:
        page.click("[data-testid=print-download]")
    batch_pdf = tmp_path / "batch.pdf"
    download.value.save_as(batch_pdf)
    from pypdf import PdfReader

    assert len(PdfReader(str(batch_pdf)).pages) == 3

    from skillcert.certificates.models import Certificate

    number = Certificate.objects.get(holder_name="李强").number
    public = page.context.new_page()
    public.goto(page.base + "/certificates/query/")
    public.fill("#id_name", "李强")
    public.fill("#id_id_number", valid_id(PEOPLE[1][1]))
    public.click("button:has-text('查询')")
    assert number in public.inner_text("[data-testid=query-results]")
    assert valid_id(PEOPLE[1][1]) not in public.content()
    public.click("[data-testid=holder-link]")  # the holder's own page: download the PDF
    with public.expect_download() as download:
        public.click("[data-testid=pdf]")
    holder_pdf = tmp_path / "holder.pdf"
    download.value.save_as(holder_pdf)
    text = PdfReader(str(holder_pdf)).pages[0].extract_text()
    assert number in text and "李强" in text

    public.goto(page.base + "/certificates/query/")
    public.check("input[value=number]")
    public.fill("#id_name", "李强")
    public.fill("#id_certificate_number", number)
    public.click("button:has-text('查询')")
    assert "有效" in public.inner_text("[data-testid=query-results]")

    public.goto(page.base + "/certificates/query/")
    public.check("input[value=number]")
    public.fill("#id_name", "王芳")  # the right number with someone else's name
    public.fill("#id_certificate_number", number)
    public.click("button:has-text('查询')")
    assert public.locator("[data-testid=no-match]").is_visible()
    assert public.locator("[data-testid=certificate]").count() == 0
