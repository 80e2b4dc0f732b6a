"""Hostile results files: spreadsheet bombs, oversized sheets, too many rows, and row errors that never echo cells."""

from __future__ import annotations

import io
import zipfile

import pytest

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.core.errors import InvalidInput
from tests.assessments.test_batches import good_rows, ids, results_csv, upload

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet_xml(dimension: str, cells: list[tuple[str, str]], padding: int = 0) -> bytes:
    """A hand-written worksheet: a declared dimension, inline-string cells, optional whitespace padding."""
    rows = "".join(f'<row><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>' for ref, text in cells)
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>'
    ).encode()
    return head + b" " * padding + f"{rows}</sheetData></worksheet>".encode()


def xlsx(sheet: bytes) -> bytes:
    """A minimal xlsx (zip) around one worksheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if the spreadsheet reaches the parser (the pre-checks must refuse it first)."""
    from skillcert.assessments import parsing

    def parse(*args, **kwargs):
        raise AssertionError("the spreadsheet reached the parser")

    monkeypatch.setattr(parsing, "parse_in_worker", parse)


def test_a_sane_handwritten_xlsx_is_read(batch, operator):
    header = ["姓名", "证件号码", "理论知识成绩", "操作技能成绩"]
    cells = [(f"{col}1", text) for col, text in zip("ABCD", header, strict=True)]
    cells += [("A2", "王芳"), ("B2", ids(1)[0]), ("C2", "80"), ("D2", "75")]
    upload(batch, operator, xlsx(sheet_xml("A1:D2", cells)), "结果.xlsx")
    batch.refresh_from_db()
    assert (batch.rows_total, batch.rows_passed) == (1, 1)


def test_one_cell_at_the_last_column_and_row_is_refused_with_a_message(batch, operator, no_parsing):
    data = xlsx(sheet_xml("A1:XFD1048576", [("A1", "姓名"), ("XFD1048576", "x")]))
    assert len(data) < 4096
    with pytest.raises(InvalidInput, match=r"1048576|列|行") as refused:
        upload(batch, operator, data, "炸弹.xlsx")
    assert "拆分" in str(refused.value.message) or "最多" in str(refused.value.message)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DECLARED


def test_a_zip_bomb_is_refused_before_decompression(batch, operator, no_parsing):
    sheet = sheet_xml("A1:D2", [("A1", "姓名")], padding=60 * 1024 * 1024)  # 60 MB of blanks, ~60 KB compressed
    data = xlsx(sheet)
    assert len(data) < 200 * 1024
    with pytest.raises(InvalidInput, match="压缩"):
        upload(batch, operator, data, "bomb.xlsx")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DECLARED


def test_a_zip_with_too_many_entries_is_refused(batch, operator, no_parsing):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(2000):
            archive.writestr(f"xl/media/{i}.bin", b"x")
    with pytest.raises(InvalidInput):
        upload(batch, operator, buffer.getvalue(), "many.xlsx")


def test_a_csv_over_the_row_cap_is_refused(batch, operator, settings):
    settings.RESULTS_MAX_ROWS = 20
    upload(batch, operator, results_csv(good_rows(20)))  # exactly the cap is fine
    batch.refresh_from_db()
    assert batch.rows_total == 20
    with pytest.raises(InvalidInput, match="20"):
        upload(batch, operator, results_csv(good_rows(21)))
    batch.refresh_from_db()
    assert batch.rows_total == 20


def test_an_xlsx_over_the_row_cap_is_refused_from_its_dimension(batch, operator, settings, no_parsing):
    settings.RESULTS_MAX_ROWS = 20
    with pytest.raises(InvalidInput, match="20"):
        upload(batch, operator, xlsx(sheet_xml("A1:D22", [("A1", "姓名")])), "many.xlsx")


def test_a_file_that_lies_about_its_dimension_is_refused_by_the_worker_not_a_crash(batch, operator):
    # The declared dimension passes the pre-check; the real last cell would need a 512 GiB sheet in the parser.
    data = xlsx(sheet_xml("A1:D2", [("A1", "姓名"), ("XFD1048576", "x")]))
    with pytest.raises(InvalidInput, match=r"无法读取|超出|限制"):
        upload(batch, operator, data, "lie.xlsx")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DECLARED


def test_the_worker_time_limit_gives_a_refusal(batch, operator, settings):
    settings.SPREADSHEET_WORKER_SECONDS = 0
    cells = [("A1", "姓名"), ("B1", "证件号码"), ("C1", "理论知识成绩"), ("D1", "操作技能成绩")]
    with pytest.raises(InvalidInput, match=r"超出|限制"):
        upload(batch, operator, xlsx(sheet_xml("A1:D1", cells)), "slow.xlsx")


def test_an_xls_larger_than_its_cap_is_refused(batch, operator, settings, no_parsing):
    settings.RESULTS_MAX_XLS_BYTES = 1024
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096
    with pytest.raises(InvalidInput, match="xls"):
        upload(batch, operator, data, "old.xls")


def test_row_errors_never_echo_the_cells(batch, operator):
    planted = ids(3)
    rows = good_rows(3)
    rows[0][2] = planted[2]  # an ID number typed into the ID type column
    header = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩", "等级", "工种"]
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow([*rows[0], "", ""])
    writer.writerow([*rows[1], planted[2], ""])  # an ID number in the level column
    writer.writerow([*rows[2][:5], planted[0], 75, "", ""])  # and one in the theory score column
    upload(batch, operator, buffer.getvalue().encode("utf-8-sig"))
    batch.refresh_from_db()
    stored = str(batch.latest_file.errors)
    assert batch.rows_with_errors == 3
    for number in planted:
        assert number not in stored
        assert number[:10] not in stored
    messages = {e["row"]: " ".join(e["messages"]) for e in batch.latest_file.errors}
    assert "证件类型" in messages[2] and "等级" in messages[3] and "理论" in messages[4]


def test_an_exception_inside_the_parser_is_a_refusal(batch, operator):
    data = b"PK\x03\x04" + b"not really a zip" * 10
    with pytest.raises(InvalidInput):
        upload(batch, operator, data, "broken.xlsx")


def test_check_file_refuses_without_storing(batch, operator, settings):
    settings.RESULTS_MAX_ROWS = 5
    with pytest.raises(InvalidInput):
        services.check_file(batch, "r.csv", results_csv(good_rows(6)))
