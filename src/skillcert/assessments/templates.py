"""The downloadable results template (xlsx, Chinese headers, an instructions sheet)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from skillcert.assessments.spreadsheet import TEMPLATE_HEADERS

INSTRUCTIONS = [
    "填写说明 / Instructions",
    "1. 第一行为表头，请勿修改；每行填写一名考生。The first row is the header; one candidate per row.",
    "2. 姓名：与证件一致，不含数字和符号；少数民族姓名中间用“·”。",
    "3. 证件类型：留空即为居民身份证；也可填 港澳居民来往内地通行证、台湾居民来往大陆通行证、护照、外国人永久居留身份证、港澳台居民居住证。",  # noqa: E501
    "4. 证件号码：居民身份证为18位，最后一位可为X，系统校验校验位。请将该列设为“文本”格式，避免被转成科学计数法。",
    "5. 性别：男 或 女，可留空。",
    "6. 理论知识成绩、操作技能成绩：0–100 的数字；两项均达到批次合格线（默认60分）者颁发证书。",
    "7. 等级、工种：可留空；填写时必须与批次申报的一致。",
    "8. 同一证件号码在一个文件中只能出现一次。上传后先预览，所有错误改正后才能提交。",
    "9. 照片（可选）：上传本表后，可在批次页面上传考生照片的 ZIP 压缩包，每张照片以考生证件号码命名，如 510104199001011234.jpg；JPEG 或 PNG，竖版证件照（宽高约 3:4），100×100 至 4000×4000 像素，每张不超过 2 MB，每个压缩包不超过 500 张，不要放在文件夹中。没有照片的证书显示剪影。",  # noqa: E501
]


def results_template() -> bytes:
    """Return the xlsx template bytes of an assessment batch's results."""
    widths = (6, 12, 16, 22, 6, 14, 14, 10, 16)
    return spreadsheet_template("认定结果", TEMPLATE_HEADERS, INSTRUCTIONS, widths=widths, rows=2000)


def spreadsheet_template(
    title: str, headers: list[str], instructions: list[str], *, widths: tuple[int, ...] = (), rows: int = 1000
) -> bytes:
    """An xlsx template: the header row in the registry's red, the ID number column (D) kept as
    text so Excel does not round 18 digits, and an instructions sheet (also used by competitions)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B5121B")
    for column, width in zip("ABCDEFGHIJKLMNOP", widths, strict=False):
        sheet.column_dimensions[column].width = width
    for row in range(2, rows + 2):
        sheet.cell(row=row, column=4).number_format = "@"
    notes = workbook.create_sheet("填写说明")
    for line in instructions:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
