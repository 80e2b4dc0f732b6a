"""What the renderer's surviving mutants broke, stated as what a reader of the printed page would notice.

Each test reads the PDF back: where a line of text starts, at which size, in which frame (the page, or the
rotated frame of the revoked stamp), the file's own metadata, and what a phone reads from the QR code. The
positions are the design's (docs/documents.md); a change of design changes them here and in the pinned
layout of ``test_render_layout.py`` together.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from django.utils import translation
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from skillcert.core.errors import InvalidInput
from skillcert.documents import art, render
from skillcert.documents.fonts import text_width
from skillcert.documents.render import draw_text, render_batch, render_certificate
from tests.documents.helpers import qr_texts, raster, sheet, text_of

A4 = (595.2756, 841.8898)  # ISO 216 in PDF points, as the file's media box writes it


@dataclass(frozen=True)
class Placed:
    """One line of text as drawn: where it starts (in its own frame), its size, and whether it is rotated."""

    text: str
    x: float
    y: float
    size: float
    rotated: bool


def placed_text(pdf: bytes, page: int = 0) -> list[Placed]:
    """Every line of text on the page with its starting point, in drawing order.

    Text drawn in the rotated frame of the stamp keeps that frame's coordinates (origin at the stamp's
    centre, x along the stamp), so its layout can be read without trigonometry.
    """
    found: list[Placed] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        rotated = abs(cm[1]) > 1e-6
        x, y = round(tm[4], 2), round(tm[5], 2)
        last = found[-1] if found else None
        if last and (last.x, last.y, last.size, last.rotated) == (x, y, size, rotated):
            found[-1] = Placed(last.text + text.strip("\n"), x, y, size, rotated)  # one line in several runs
        else:
            found.append(Placed(text.strip("\n"), x, y, size, rotated))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def line_of(lines: list[Placed], start: str) -> Placed:
    matches = [line for line in lines if line.text.startswith(start)]
    assert len(matches) == 1, (start, matches)
    return matches[0]


def value_lines(lines: list[Placed], label: str) -> list[Placed]:
    """The value printed in a field row: the lines at the value column between this row and the next."""
    row = line_of(lines, label)
    return [line for line in lines if line.x == render.VALUE_X and row.y - render.ROW / 2 < line.y < row.y + 15]


# -- the file -------------------------------------------------------------------------------------------------


def test_a_certificate_is_one_a4_page_titled_with_its_name_and_number() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(sheet())))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.01)
    assert reader.metadata is not None
    assert reader.metadata.title == "职业技能等级证书 S000051000001263000001"
    assert reader.metadata.creator == "skillcert"


def test_the_page_stays_a4_and_compressed_whatever_reportlabs_site_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """reportlab reads site settings (a ``reportlab_settings`` module): an American default must not leak in."""
    compressed = render_certificate(sheet())
    monkeypatch.setattr(rl_config, "defaultPageSize", (612.0, 792.0))  # US Letter
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    pdf = render_certificate(sheet())
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
    assert page["/Contents"].get_object()["/Filter"] == ["/FlateDecode"]
    assert pdf == compressed  # the same file, byte for byte


# -- text placement --------------------------------------------------------------------------------------------


def test_right_aligned_text_ends_at_its_anchor() -> None:
    """draw_text's three alignments put the start, the middle or the end of the text at ``x``."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(art.PAGE_W, art.PAGE_H))
    draw_text(canvas, 400, 700, "发证日期 Date", 12, align="right")
    draw_text(canvas, 400, 600, "发证日期 Date", 12, align="centre")
    draw_text(canvas, 400, 500, "发证日期 Date", 12)
    canvas.save()
    width = text_width("发证日期 Date", 12)
    starts = {line.y: line.x for line in placed_text(buffer.getvalue())}
    assert starts == {
        700: pytest.approx(400 - width, abs=0.01),
        600: pytest.approx(400 - width / 2, abs=0.01),
        500: 400,
    }


OCCUPATION_2_LINES = "智能制造工程技术人员（智能装备与产线开发、智能装备与产线应用、智能生产管控方向）"
OCCUPATION_3_LINES = (
    OCCUPATION_2_LINES + "工业互联网设备数据采集与边缘计算系统集成运维（含工业视觉检测与机器人协同作业）"
)


@pytest.mark.parametrize(
    ("occupation", "count"), [(OCCUPATION_2_LINES, 2), (OCCUPATION_3_LINES, 3)], ids=["two-lines", "three-lines"]
)
def test_a_wrapped_value_is_centred_on_its_row_with_even_line_spacing(occupation: str, count: int) -> None:
    """A long value wraps downwards from above the row's baseline, 1.15 × its size apart, centred on the row."""
    lines = placed_text(render_certificate(sheet(occupation_name=occupation, occupation_code="2-02-07-13")))
    row = line_of(lines, "职业名称")
    value = value_lines(lines, "职业名称")
    assert "".join(line.text for line in value) == f"{occupation}（2-02-07-13）"
    assert len(value) == count
    size = value[0].size
    assert size == 8.5  # shrunk to the smallest size before wrapping
    assert value[0].y == pytest.approx(row.y + (count - 1) * size * 0.55, abs=0.01)
    for above, below in itertools.pairwise(value):
        assert above.y - below.y == pytest.approx(size * 1.15, abs=0.01)
    block_middle = (value[0].y + value[-1].y) / 2
    assert abs(block_middle - row.y) < 1  # balanced around the row: never drifting into the next one
    next_label = line_of(lines, "工种/职业方向")
    assert value[-1].y - next_label.y > size  # the last line stays clear of the next row


def test_a_single_line_value_sits_on_its_rows_baseline() -> None:
    lines = placed_text(render_certificate(sheet()))
    for label, value in [("职业名称", "电工（6-31-01-03）"), ("证书编号", "S000051000001263000001")]:
        row = line_of(lines, label)
        [printed] = value_lines(lines, label)
        assert (printed.text, printed.y, printed.size) == (value, row.y, 12.5)


# -- the issuer's block and the footer -------------------------------------------------------------------------------


ISSUER_TOP = render.QR_AT[1] + render.QR_SIZE - 8 - 20  # the first line of the issuer's name, under the seal caption
ISSUER_CENTRE = art.INNER_RIGHT - 130


def issuer_block(pdf: bytes, name: str, proxy: str, date: str) -> tuple[list[Placed], list[Placed], Placed]:
    """The issuer's name lines, the proxy seal line and the date, as printed under the seal caption."""
    lines = [line for line in placed_text(pdf) if line.y <= ISSUER_TOP + 0.01 and line.y > render.QR_AT[1]]
    name_lines = [line for line in lines if line.text in name and line.text]
    proxy_lines = [line for line in lines if proxy and line.text == proxy]
    return name_lines, proxy_lines, line_of(lines, date)


@pytest.mark.parametrize("proxy", ["", render.CENTRE_PROXY], ids=["own-seal", "proxy-seal"])
def test_an_issuer_name_too_long_for_one_line_wraps_and_pushes_the_date_down(proxy: str) -> None:
    name = "四川省人力资源和社会保障厅职业技能鉴定指导中心第二评价站"
    pdf = render_certificate(sheet(issuer_name=name, issuer_on_behalf=proxy))
    name_lines, proxy_lines, date = issuer_block(pdf, name, proxy, "2026年3月5日")
    assert "".join(line.text for line in name_lines) == name
    assert len(name_lines) == 2
    assert {line.size for line in name_lines} == {9}  # shrunk to the smallest size, then wrapped
    assert [line.y for line in name_lines] == pytest.approx([ISSUER_TOP, ISSUER_TOP - 9 * 1.3], abs=0.01)
    for line in name_lines:
        assert line.x + text_width(line.text, 9) / 2 == pytest.approx(ISSUER_CENTRE, abs=0.01)
    below = ISSUER_TOP - 2 * 9 * 1.3
    if proxy:
        [proxy_line] = proxy_lines
        assert (proxy_line.y, proxy_line.size) == (pytest.approx(below, abs=0.01), 10.5)
        below -= 16
    assert date.y == pytest.approx(below - 6, abs=0.01)
    assert date.x + text_width(date.text, 11) / 2 == pytest.approx(ISSUER_CENTRE, abs=0.01)


def test_an_issuer_name_a_little_too_long_shrinks_to_9_5_points_on_one_line() -> None:
    name = "中国石油天然气集团有限公司四川石化分公司评价中心"  # 24 characters: 240 pt at 10 pt, the room is 230
    name_lines, _, _ = issuer_block(render_certificate(sheet(issuer_name=name)), name, "", "2026年3月5日")
    assert [(line.text, line.size, line.y) for line in name_lines] == [(name, 9.5, ISSUER_TOP)]


FOOTER_ROOM = art.INNER_RIGHT - 14 - render.LABEL_X  # the verify line ends 14 pt before the inner frame


@pytest.mark.parametrize(("token_length", "size"), [(74, 7.0), (88, 6.5), (110, 5.5)])
def test_a_long_verify_address_is_printed_whole_in_the_largest_size_that_fits(token_length: int, size: float) -> None:
    url = "https://zs.rst.sc.gov.cn/verify/c/" + ("7fK2pQx9LmN4" * 10)[:token_length]
    text = f"查验 Verify: {url}"
    line = line_of(placed_text(render_certificate(sheet(verify_url=url))), "查验 Verify:")
    assert (line.text, line.x, line.size) == (text, render.LABEL_X, size)
    assert text_width(text, size) <= FOOTER_ROOM  # clear of the frame
    assert text_width(text, size + 0.5) > FOOTER_ROOM  # and no smaller than it has to be


def test_a_short_verify_address_is_printed_at_7_5_points_under_the_query_addresses() -> None:
    lines = placed_text(render_certificate(sheet()))
    verify = line_of(lines, "查验 Verify:")
    national = line_of(lines, "全国联网查询 National query:")
    provincial = line_of(lines, "四川省人力资源和社会保障厅查询")
    assert [(line.x, line.y, line.size) for line in (national, provincial, verify)] == [
        (render.LABEL_X, art.INNER_BOTTOM + 32, 7.5),
        (render.LABEL_X, art.INNER_BOTTOM + 20, 7.5),
        (render.LABEL_X, art.INNER_BOTTOM + 8, 7.5),
    ]


# -- the QR code -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://a.cn", "http://sc.cn/"])
def test_even_a_short_verify_address_is_a_standard_qr_code_a_phone_reads(url: str) -> None:
    """Phone cameras read standard QR codes only: a short address must not become a Micro QR symbol."""
    assert qr_texts(raster(render_certificate(sheet(verify_url=url)))) == [url]


# -- the stamp ---------------------------------------------------------------------------------------------------


def stamp_note(pdf: bytes) -> list[Placed]:
    """The lines of the status note inside the rotated stamp (below its English word)."""
    return [line for line in placed_text(pdf) if line.rotated and line.y <= -50]


def test_a_short_note_on_the_stamp_is_printed_at_13_points_centred() -> None:
    note = "2026年4月1日撤销"
    [line] = stamp_note(render_certificate(sheet(status="revoked", status_note=note)))
    assert (line.text, line.size, line.y) == (note, 13, -50)
    assert line.x == pytest.approx(-text_width(note, 13) / 2, abs=0.01)


def test_a_note_just_wider_than_the_stamp_text_box_shrinks_by_half_a_point() -> None:
    """The note may use 420 pt of the 440 pt stamp: 10 pt clear of the frame on each side."""
    note = "1月5日撤销：被编号S000051000001263000099的证书取代，原证书作废"
    assert 420 < text_width(note, 13) < 421
    [line] = stamp_note(render_certificate(sheet(status="revoked", status_note=note)))
    assert (line.text, line.size) == (note, 12.5)
    assert text_width(note, line.size) <= 420


def test_a_long_note_shrinks_to_8_points_then_wraps_downwards_centred() -> None:
    note = "撤销原因：持证人在评价过程中提供虚假材料，经核查属实，依据评价机构管理规定撤销其证书。" * 3
    lines = stamp_note(render_certificate(sheet(status="revoked", status_note=note)))
    assert "".join(line.text for line in lines) == note
    assert len(lines) >= 3
    assert {line.size for line in lines} == {8}
    for i, line in enumerate(lines):
        assert line.y == pytest.approx(-50 - i * 8 * 1.2, abs=0.01)
        assert line.x == pytest.approx(-text_width(line.text, 8) / 2, abs=0.01)
        assert text_width(line.text, 8) <= 420


# -- refusals ---------------------------------------------------------------------------------------------------


def test_every_unprintable_character_is_named_in_the_refusal_one_space_apart() -> None:
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        render.check_sheet(sheet(holder_name="王\U0002a6d6", job_type="\U0002a6d7工"))
    assert str(error.value.message) == (
        "These characters cannot be printed with the certificate font: \U0002a6d6 (U+2A6D6) \U0002a6d7 (U+2A6D7)"
    )


# -- batches -----------------------------------------------------------------------------------------------------


def batch_sheets(count: int) -> list[render.CertificateSheet]:
    return [
        sheet(
            certificate_number=f"S0000510000012630{i:05d}",
            holder_name=f"测试{i}号",
            verify_url=f"http://127.0.0.1:8000/verify/c/batch-{i}",
        )
        for i in range(count)
    ]


def test_a_batch_of_exactly_whole_parts_has_every_page_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "PART_PAGES", 2)
    sheets = batch_sheets(4)
    done: list[int] = []
    path = tmp_path / "batch.pdf"
    assert render_batch(sheets, path, done.append) == 4
    assert done == [2, 4]
    reader = pypdf.PdfReader(path)
    numbers = [s.certificate_number for s in sheets]
    assert [next(n for n in numbers if n in page.extract_text()) for page in reader.pages] == numbers


def test_a_batch_file_is_titled_for_the_print_room(tmp_path: Path) -> None:
    path = tmp_path / "batch.pdf"
    render_batch(batch_sheets(1), path)
    reader = pypdf.PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "证书批量打印 certificates"
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.01)


def test_an_empty_batch_is_refused_with_a_message_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    with pytest.raises(InvalidInput) as error:
        render_batch(iter([]), path)
    assert not path.exists()
    for language, message in (("zh-hans", "没有需要打印的证书。"), ("en", "There are no certificates to print.")):
        with translation.override(language):
            assert str(error.value.message) == message


def test_a_batch_into_a_missing_folder_reports_that_one_error(tmp_path: Path) -> None:
    """The clean-up of a file never written must not raise a second error over the first."""
    path = tmp_path / "no-such-folder" / "batch.pdf"
    with pytest.raises(FileNotFoundError) as error:
        render_batch(batch_sheets(1), path)
    assert error.value.__context__ is None
    assert error.value.filename == str(path)


def test_a_bad_sheet_in_a_later_part_removes_the_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PART_PAGES", 1)
    path = tmp_path / "batch.pdf"
    done: list[int] = []
    with pytest.raises(InvalidInput) as error:
        render_batch([*batch_sheets(2), sheet(level=9)], path, done.append)
    assert "level" in error.value.fields
    assert done == [1, 2]  # two parts were already written when the third sheet was refused
    assert not path.exists()


def test_a_batch_page_reads_like_the_single_certificate(tmp_path: Path) -> None:
    path = tmp_path / "batch.pdf"
    [one] = batch_sheets(1)
    render_batch([one], path)
    assert text_of(path.read_bytes()) == text_of(render_certificate(one))
