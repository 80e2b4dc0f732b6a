"""Level cover colours against the source table, not against the constant the renderer reads.

The centre's notice gives the cover colour of each level by name: 初级（五级）green, 中级（四级）blue,
高级（三级）red, 技师（二级）brown, 高级技师（一级）dark red. The product's shades of those colours are written
out here (the same values as the README's sample certificates) and also checked by colour family, so that a
swapped or mistyped constant fails even if the table here were updated carelessly. The printed page is read
back at the probe point inside the header band.
"""

from __future__ import annotations

import colorsys

import pytest

from skillcert.documents.render import COLOUR_PROBE, render_certificate
from tests.documents.helpers import pixel_at, raster, sheet

# level → (notice's name, the product's shade)
SOURCE_TABLE = {
    5: ("初级（五级）", "green", "#1f7a3a"),
    4: ("中级（四级）", "blue", "#1d4f91"),
    3: ("高级（三级）", "red", "#c0272d"),
    2: ("技师（二级）", "brown", "#7a4a21"),
    1: ("高级技师（一级）", "dark red", "#7b1023"),
}


def rgb_of(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def family(rgb: tuple[int, int, int]) -> str:
    """Name a printed colour the way a person would: hue for the family, lightness for 'dark'."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    degrees = hue * 360
    if saturation < 0.25:
        return "grey"
    if 90 <= degrees < 170:
        return "green"
    if 190 <= degrees < 260:
        return "blue"
    if 15 <= degrees < 45:
        return "brown" if lightness < 0.45 else "orange"
    if degrees >= 330 or degrees < 15:
        return "dark red" if lightness < 0.33 else "red"
    return "other"


def test_the_source_table_is_what_the_notice_names():
    assert [SOURCE_TABLE[level][1] for level in (5, 4, 3, 2, 1)] == ["green", "blue", "red", "brown", "dark red"]
    for _zh, name, shade in SOURCE_TABLE.values():
        assert family(rgb_of(shade)) == name, shade


@pytest.mark.parametrize("level", [5, 4, 3, 2, 1])
def test_each_level_is_printed_in_the_notices_colour(level: int) -> None:
    zh, name, shade = SOURCE_TABLE[level]
    pdf = render_certificate(sheet(level=level, certificate_number=f"S00005100000126{level}000001"))
    printed = pixel_at(raster(pdf), *COLOUR_PROBE)
    assert family(printed) == name, (zh, printed)
    assert all(abs(p - e) <= 8 for p, e in zip(printed, rgb_of(shade), strict=True)), (zh, printed, shade)


def test_the_five_levels_are_five_different_colours() -> None:
    printed = {
        level: pixel_at(raster(render_certificate(sheet(level=level))), *COLOUR_PROBE) for level in (5, 4, 3, 2, 1)
    }
    assert len(set(printed.values())) == 5
