"""The printed page, element by element: layout, refusals and the small rules of the certificate's wording.

The page layout is fixed by the design (docs/documents.md): where every title, label, value, line, box, QR module
and stamp sits, in which size and colour. ``test_the_page_is_drawn_exactly_as_designed`` compares every drawing
instruction of three pages (the security art of :mod:`skillcert.documents.art` left out: it has its own tests)
with the reviewed listing in ``tests/documents/layout/``. After a deliberate change of the design, regenerate the
listings with ``SKILLCERT_UPDATE_LAYOUT=1 .venv/bin/pytest tests/documents/test_render_layout.py`` and review the diff.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.utils import translation
from pypdf.generic import ContentStream

from skillcert.catalog.choices import LEVEL_STYLES
from skillcert.core.errors import InvalidInput
from skillcert.documents import art, render
from skillcert.documents.fonts import text_width
from skillcert.documents.render import CertificateSheet, check_sheet, fit_lines, render_certificate
from tests.documents.helpers import flat, photo, sheet, text_of

LAYOUT = Path(__file__).parent / "layout"

PAGES = {
    "skill_level_valid": {},
    "special_ability_revoked": {
        "certificate_type": "special_ability",
        "certificate_number": "ZX51000001202600000123",
        "level": None,
        "occupation_name": "中式烹调师",
        "occupation_code": "4-03-02-01",
        "project_name": "川菜烹饪（回锅肉制作）",
        "issuer_name": "第三届四川工匠杯职业技能大赛组织委员会办公室",
        "issuer_on_behalf": render.CENTRE_PROXY,
        "holder_romanised_name": "",
        "status": "revoked",
        "status_note": "2026年4月1日撤销：被编号S000051000001263000099的证书取代，原证书作废，请以新证书为准",
        "issued_on": datetime.date(2026, 12, 31),
    },
    "qualification_suspended_photo": {
        "certificate_type": "qualification",
        "certificate_number": "ZG5100000123",
        "level": 2,
        "job_type": "",
        "issuer_name": "成都市人力资源和社会保障局",
        "status": "suspended",
        "photo_bytes": photo(size=(60, 80), fmt="PNG"),
        "issued_on": datetime.date(2025, 1, 9),
    },
}


def _number(value: object) -> str:
    return f"{float(value):.2f}" if isinstance(value, int | float) else repr(value)


def drawing(pdf: bytes, fibres: str) -> str:
    """Every drawing instruction of the page, one a line, numbers to 0.01 pt; the fibres of the art left out."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert fibres in content
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    stream = ContentStream(pypdf.generic.DecodedStreamObject(), reader)
    stream.set_data(content.replace(fibres, "").encode("latin-1"))
    lines = []
    for operands, operator in stream.operations:
        lines.append(" ".join([*(_number(o) for o in operands), operator.decode()]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_is_drawn_exactly_as_designed(name: str, settings: Any) -> None:
    settings.PUBLIC_URL = "http://127.0.0.1:8000"  # a 专项 footer prints the registry's own query address
    s = sheet(**PAGES[name])
    listing = drawing(render_certificate(s), art.fibre_ops(s.certificate_number))
    expected = LAYOUT / f"{name}.txt"
    if os.environ.get("SKILLCERT_UPDATE_LAYOUT") == "1":
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(listing, "utf-8")
    assert listing == expected.read_text("utf-8")


# -- what each page says -----------------------------------------------------------------------------------


def test_a_special_ability_page_names_the_project_the_related_occupation_and_the_proxy_seal() -> None:
    s = sheet(**PAGES["special_ability_revoked"])
    text = flat(text_of(render_certificate(s)))
    for expected in [
        "专项职业能力证书",
        "经考核合格，该同志具备下列专项职业能力，特发此证。",
        "考核项目",
        "Assessment project",
        "川菜烹饪（回锅肉制作）",
        "相关职业",
        "Related occupation",
        "中式烹调师（4-03-02-01）",
        "发证机关",
        "Issuing authority",
        "发证机关（盖章） Issuing authority (seal)",
        "2026年12月31日  31 December 2026",
        "已撤销",
        "REVOKED",
    ]:
        assert expected in text, expected
    for absent in ["职业技能等级", "工种/职业方向", "评价机构", "资格等级"]:
        assert absent not in text, absent


def test_a_special_ability_without_an_occupation_has_no_occupation_row() -> None:
    text = text_of(render_certificate(sheet(**{**PAGES["special_ability_revoked"], "occupation_name": ""})))
    assert "相关职业" not in text and "Related occupation" not in text


def test_a_qualification_page_prints_its_level_and_its_wording() -> None:
    text = flat(text_of(render_certificate(sheet(**PAGES["qualification_suspended_photo"]))))
    for expected in [
        "职业资格证书",
        "经考核合格，该同志取得下列职业资格，特发此证。",
        "This is to certify that the holder has passed the assessment for the vocational qualification below.",
        "资格等级",
        "技师（二级）  Level 2 (Technician)",
        "职业名称",
        "电工（6-31-01-03）",
        "工种/职业方向",
        "—",
        "2025年1月9日  9 January 2025",
        "已暂停",
        "SUSPENDED",
    ]:
        assert expected in text, expected
    assert "职业技能等级" not in text


def test_a_skill_level_page_names_the_evaluation_institution_and_its_seal() -> None:
    text = flat(text_of(render_certificate(sheet(issuer_on_behalf=""))))
    assert "评价机构（盖章） Evaluation institution (seal)" in text
    assert "四川省建设职业技能评价中心有限公司 /" not in text  # no proxy seal: no separator
    assert "This is to certify that the holder has been evaluated and has attained the skill level below." in text
    assert "高级（三级）  Level 3 (Advanced)" in text
    assert "Verify: http://127.0.0.1:8000/verify/c/7fK2pQx9LmN4" in text


def test_an_occupation_without_a_code_is_printed_alone() -> None:
    text = text_of(render_certificate(sheet(occupation_code="")))
    assert "电工" in text and "（" not in text.split("电工", 1)[1][:2]


def test_a_name_without_romanisation_is_printed_alone() -> None:
    lines = text_of(render_certificate(sheet(holder_romanised_name=""))).splitlines()
    assert "王小明" in lines


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_printed_by_its_english_name(month: int) -> None:
    names = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    assert render._date_line(datetime.date(2026, month, 2)) == f"2026年{month}月2日  2 {names[month - 1]} 2026"


# -- the design colour ------------------------------------------------------------------------------------


def test_the_design_colour_of_each_type_and_level() -> None:
    for level in (1, 2, 3, 4, 5):
        assert sheet(level=level).colour_hex == LEVEL_STYLES[level].rgb
    assert sheet(certificate_type="qualification", level=1).colour_hex == render.TYPE_COLOURS["qualification"]
    assert sheet(certificate_type="special_ability", level=None).colour_hex == render.TYPE_COLOURS["special_ability"]
    assert sheet(level=None).colour_hex == LEVEL_STYLES[5].rgb
    assert sheet(certificate_type="diploma").colour_hex == LEVEL_STYLES[5].rgb


# -- refusals ---------------------------------------------------------------------------------------------


LEVEL = ("等级必须为一级至五级。", "The level must be 1 to 5.")
REQUIRED = ("证书的必填项为空。", "A required field of the certificate is empty.")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"certificate_type": "diploma"}, "certificate_type", ("未知的证书类型。", "Unknown certificate type.")),
        ({"status": "lost"}, "status", ("未知的证书状态。", "Unknown certificate status.")),
        ({"level": 0}, "level", LEVEL),
        ({"level": 6}, "level", LEVEL),
        ({"certificate_type": "qualification", "level": None}, "level", LEVEL),
        ({"certificate_number": " "}, "certificate_number", REQUIRED),
        ({"issuer_name": ""}, "issuer_name", REQUIRED),
        ({"holder_name": "\t"}, "holder_name", REQUIRED),
        ({"verify_url": " "}, "verify_url", REQUIRED),
    ],
)
def test_each_refusal_names_its_field_and_says_why(changes: dict, field: str, message: tuple[str, str]) -> None:
    with pytest.raises(InvalidInput) as error:
        check_sheet(sheet(**changes))
    assert list(error.value.fields) == [field]
    field_message = ("必填。", "Required.") if message == REQUIRED else message
    for language, index in (("zh-hans", 0), ("en", 1)):
        with translation.override(language):
            assert str(error.value.message) == message[index]
            assert [str(m) for m in error.value.fields[field]] == [field_message[index]]


@pytest.mark.parametrize("status", ["valid", "suspended", "revoked"])
def test_every_status_and_a_special_ability_without_level_may_be_printed(status: str) -> None:
    check_sheet(sheet(status=status))
    check_sheet(sheet(certificate_type="special_ability", level=None, project_name="川菜烹饪"))
    check_sheet(sheet(level=1))
    check_sheet(sheet(level=5))


@pytest.mark.parametrize(
    "field",
    [
        "holder_romanised_name",
        "id_type_label",
        "id_number_display",
        "gender_label",
        "occupation_name",
        "occupation_code",
        "job_type",
        "project_name",
        "issuer_on_behalf",
        "status_note",
    ],
)
def test_a_character_no_font_has_is_refused_in_every_printed_field(field: str) -> None:
    for language, words in (
        ("zh-hans", "以下字符无法用证书字体打印："),
        ("en", "These characters cannot be printed with the certificate font: "),
    ):
        with translation.override(language), pytest.raises(InvalidInput) as error:
            check_sheet(sheet(**{field: "王\U0002a6d6"}))
        assert str(error.value.message) == f"{words}\U0002a6d6 (U+2A6D6)"
        assert list(error.value.fields) == ["holder_name"]


def test_the_printed_text_holds_every_printed_field_in_order() -> None:
    s = CertificateSheet(
        certificate_type="skill_level", certificate_number="N", holder_name="A", holder_romanised_name="B",
        id_type_label="C", id_number_display="D", gender_label="E", occupation_name="F", occupation_code="G",
        job_type="H", level=3, project_name="I", issuer_name="J", issuer_on_behalf="K",
        issued_on=datetime.date(2026, 1, 1), verify_url="http://x", status_note="L",
    )  # fmt: skip
    assert s.printed_text() == "ABCDEFGHIJKNL"


# -- fitting text -------------------------------------------------------------------------------------------


def test_text_that_fits_keeps_its_size_and_one_line() -> None:
    width = text_width("四川省", 12)
    assert fit_lines("四川省", width, 12, 8) == (12, ["四川省"])


def test_text_a_little_too_wide_shrinks_by_half_points_to_the_first_size_that_fits() -> None:
    text = "四川省职业技能鉴定指导中心"
    width = text_width(text, 11.5)
    assert fit_lines(text, width, 12, 8) == (11.5, [text])
    assert fit_lines(text, width - 0.01, 12, 8) == (11.0, [text])


def test_text_too_wide_at_the_smallest_size_wraps_without_losing_a_character() -> None:
    text = "四川省职业技能鉴定指导中心"
    width = text_width("四川省职业", 8)
    size, lines = fit_lines(text, width, 12, 8)
    assert size == 8
    assert lines == ["四川省职业", "技能鉴定指", "导中心"]
    assert fit_lines(text, text_width(text, 8), 12, 8) == (8, [text])
