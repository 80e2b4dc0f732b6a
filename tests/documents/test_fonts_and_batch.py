"""The certificate font covers what names need; batches stream to disk page by page."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from skillcert.core.errors import InvalidInput
from skillcert.documents import fonts, render
from skillcert.documents.render import render_batch
from tests.documents.helpers import qr_texts, raster, sheet

RARE = "㛃𠮷喆堃昇燊珺琤玥䶮龑"


def test_every_character_of_rare_names_and_occupations_has_a_real_glyph() -> None:
    font = TTFont(str(fonts.converted_font_path()), lazy=True)
    cmap = font.getBestCmap()
    glyf = font["glyf"]
    text = RARE + "智能制造工程技术人员（智能装备与产线开发）"
    for ch in text:
        assert ord(ch) in cmap, ch  # no .notdef box
        assert glyf[cmap[ord(ch)]].numberOfContours > 0, ch  # and the glyph has outlines
    assert fonts.missing_characters(text) == []


def test_text_beyond_the_basic_plane_reads_back_as_written() -> None:
    pdf = render.render_certificate(sheet(holder_name=RARE[:6], holder_romanised_name=""))
    reader = pypdf.PdfReader(__import__("io").BytesIO(pdf))
    lines = reader.pages[0].extract_text().splitlines()
    assert RARE[:6] in lines


def test_the_font_is_embedded_as_a_subset() -> None:
    pdf = render.render_certificate(sheet())
    assert len(pdf) < 200_000  # the full font is ~12 MB
    reader = pypdf.PdfReader(__import__("io").BytesIO(pdf))
    fonts_used = reader.pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]) for f in fonts_used.values()]
    embedded = [n for n in names if n != "/Helvetica"]  # reportlab's initial font: named, never used, not embedded
    assert embedded and all("+NotoSansCJKsc" in n for n in embedded)  # "ABCDEF+" marks a subset


def test_unicode_map_writes_surrogate_pairs() -> None:
    cmap = fonts.to_unicode_cmap("X", [0, 0x20BB7, 0x4E00])
    assert "<01> <D842DFB7>" in cmap
    assert "<02> <4E00>" in cmap


def test_glyph_runs_keep_every_character() -> None:
    text = "Zhang 张㛃𠮷"
    assert "".join(run for _, run in fonts.glyph_runs(text)) == text


def test_a_batch_writes_one_page_per_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PART_PAGES", 20)  # several parts joined into one file
    sheets = [
        sheet(
            certificate_number=f"S0000510000012630{i:05d}",
            level=5 - i % 5,
            holder_name=f"测试{i}号",
            verify_url=f"http://127.0.0.1:8000/verify/c/batch-{i}",
        )
        for i in range(50)
    ]
    done: list[int] = []
    path = tmp_path / "batch.pdf"
    assert render_batch(iter(sheets), path, done.append) == 50
    assert done == [20, 40, 50]
    pdf = path.read_bytes()
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 50
    for i in (0, 19, 20, 37, 49):
        text = reader.pages[i].extract_text()
        assert sheets[i].certificate_number in text and sheets[i].holder_name in text
    assert qr_texts(raster(pdf, page=37)) == [sheets[37].verify_url]


def test_a_batch_with_a_bad_sheet_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.pdf"
    with pytest.raises(InvalidInput):
        render_batch([sheet(), sheet(level=9)], path)
    assert not path.exists()


def test_an_empty_batch_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        render_batch([], tmp_path / "empty.pdf")
