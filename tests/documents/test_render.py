"""Rendered certificates, read as a person reads them: the words, the colours, the QR code."""

from __future__ import annotations

import pytest
from django.conf import settings

from skillcert.catalog.choices import LEVEL_STYLES
from skillcert.core.errors import InvalidInput
from skillcert.documents import render
from skillcert.documents.render import COLOUR_PROBE, TYPE_COLOURS, render_certificate
from tests.documents.helpers import close_to, flat, photo, pixel_at, qr_texts, raster, sheet, text_of

NATIONAL_FIELDS = [
    "姓　　名",
    "证件类型",
    "证件号码",
    "职业名称",
    "工种/职业方向",
    "职业技能等级",
    "证书编号",
    "评价机构",
    "发证日期",
    "扫码查验",
]


def required_values(s: render.CertificateSheet) -> list[str]:
    return [
        s.holder_name,
        s.holder_romanised_name,
        s.id_type_label,
        s.id_number_display,
        s.gender_label,
        s.certificate_number,
        s.issuer_name,
        "2026年3月5日",
        "5 March 2026",
        *query_addresses(s),
    ]


def query_addresses(s: render.CertificateSheet) -> list[str]:
    """专项 certificates point to the provincial queries; the other two types to the national one first."""
    if s.certificate_type == "special_ability":
        return [render.special_query_url(), render.PROVINCIAL_QUERY]
    return [render.NATIONAL_QUERY, render.PROVINCIAL_QUERY]


@pytest.mark.parametrize("level", [5, 4, 3, 2, 1])
def test_each_level_prints_every_required_field_in_its_colour_with_a_working_qr(level: int) -> None:
    s = sheet(level=level, verify_url=f"http://127.0.0.1:8000/verify/c/level-{level}-Xy7")
    pdf = render_certificate(s)
    text = text_of(pdf)
    zh, en = render.LEVEL_NAMES[level]
    for expected in [
        *NATIONAL_FIELDS,
        *required_values(s),
        "职业技能等级证书",
        "Vocational Skill Level Certificate",
        "经评价，该同志职业技能等级达到下列等级，特发此证。",
        s.occupation_name,
        s.occupation_code,
        s.job_type,
        zh,
        en,
    ]:
        assert expected in text, expected
    image = raster(pdf)
    assert close_to(pixel_at(image, *COLOUR_PROBE), LEVEL_STYLES[level].rgb)
    assert qr_texts(image) == [s.verify_url]


def test_the_title_is_exactly_the_national_title() -> None:
    first_line = text_of(render_certificate(sheet())).splitlines()[0]
    assert first_line == "职业技能等级证书"


@pytest.mark.parametrize(
    ("certificate_type", "title", "english", "labels"),
    [
        ("qualification", "职业资格证书", "Vocational Qualification Certificate", ["资格等级", "发证机关", "职业名称"]),
        ("special_ability", "专项职业能力证书", "Special Vocational Ability Certificate", ["考核项目", "发证机关"]),
    ],
)
def test_other_types_have_their_own_title_fields_and_colour(
    certificate_type: str, title: str, english: str, labels: list[str]
) -> None:
    s = sheet(
        certificate_type=certificate_type,
        level=None if certificate_type == "special_ability" else 4,
        project_name="川菜烹饪（回锅肉制作）" if certificate_type == "special_ability" else "",
        issuer_name="成都市人力资源和社会保障局",
    )
    pdf = render_certificate(s)
    text = text_of(pdf)
    assert text.splitlines()[0] == title
    for expected in [english, *labels, *required_values(s)]:
        assert expected in text, expected
    if certificate_type == "special_ability":
        assert "川菜烹饪（回锅肉制作）" in text
        assert "职业技能等级证书" not in text
        assert render.NATIONAL_QUERY not in text  # not in the national networked query
        assert f"{settings.PUBLIC_URL}/certificates/special/query/" in text  # this registry's 专项 query
    image = raster(pdf)
    assert close_to(pixel_at(image, *COLOUR_PROBE), TYPE_COLOURS[certificate_type])
    assert qr_texts(image) == [s.verify_url]


def test_rare_characters_are_printed_and_copied_back_exactly() -> None:
    s = sheet(holder_name="张㛃𠮷", holder_romanised_name="ZHANG JIEJI")
    text = text_of(render_certificate(s))
    assert "张㛃𠮷  ZHANG JIEJI" in text
    assert render.missing_characters(s.printed_text()) == []


def test_a_very_long_occupation_is_shrunk_or_wrapped_never_cut() -> None:
    occupation = "智能制造工程技术人员（智能装备与产线开发、智能装备与产线应用、智能生产管控方向）"
    job_type = "工业互联网设备数据采集与边缘计算系统集成运维（含工业视觉检测与机器人协同作业）"
    s = sheet(occupation_name=occupation, occupation_code="2-02-07-13", job_type=job_type)
    text = flat(text_of(render_certificate(s)))
    assert f"{occupation}（2-02-07-13）" in text
    assert job_type in text


def test_a_long_committee_name_with_the_centres_proxy_seal() -> None:
    committee = "第三届四川工匠杯职业技能大赛组织委员会办公室"
    s = sheet(issuer_name=committee, issuer_on_behalf=render.CENTRE_PROXY)
    text = flat(text_of(render_certificate(s)))
    assert f"{committee} / 四川省职业技能鉴定指导中心（代章）" in text
    assert text.count("四川省职业技能鉴定指导中心（代章）") == 2  # in the field and in the issuer lines


def test_no_photo_and_no_job_type_render_cleanly() -> None:
    s = sheet(photo_bytes=None, job_type="")
    pdf = render_certificate(s)
    text = text_of(pdf)
    assert "照片 Photo" in text  # the placeholder silhouette's caption
    assert "工种/职业方向" in text and "—" in text
    assert qr_texts(raster(pdf)) == [s.verify_url]


def test_the_photo_is_printed_in_the_photo_box() -> None:
    pdf = render_certificate(sheet(photo_bytes=photo(rgb=(240, 120, 10))))
    x, y, w, h = render.PHOTO
    assert close_to(pixel_at(raster(pdf), x + w / 2, y + h / 2), "#f0780a", tolerance=12)
    assert "照片 Photo" not in text_of(pdf)


def test_a_large_png_photo_is_reduced_for_print() -> None:
    pdf = render_certificate(sheet(photo_bytes=photo(size=(2000, 2600), fmt="PNG")))
    assert len(pdf) < 150_000


@pytest.mark.parametrize(
    ("status", "zh", "en"), [("revoked", "已撤销", "REVOKED"), ("suspended", "已暂停", "SUSPENDED")]
)
def test_a_revoked_or_suspended_certificate_is_stamped_across_the_page(status: str, zh: str, en: str) -> None:
    note = "2026年4月1日撤销：被编号S000051000001263000099的证书取代"
    pdf = render_certificate(sheet(status=status, status_note=note))
    text = flat(text_of(pdf))
    assert zh in text and en in text and note in text
    red = pixel_at(raster(pdf, scale=1), render.art.PAGE_W / 2 - 60, render.art.PAGE_H / 2 - 20 - 2, scale=1)
    assert red != pixel_at(raster(render_certificate(sheet())), render.art.PAGE_W / 2, 50)


def test_a_valid_certificate_has_no_stamp() -> None:
    text = text_of(render_certificate(sheet()))
    assert "已撤销" not in text and "REVOKED" not in text


def test_fibres_are_the_same_for_the_same_number_and_differ_between_numbers() -> None:
    assert render_certificate(sheet()) == render_certificate(sheet())
    assert render.art.fibre_ops("S1") == render.art.fibre_ops("S1")
    assert render.art.fibre_ops("S1") != render.art.fibre_ops("S2")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"certificate_type": "diploma"}, "certificate_type"),
        ({"level": 7}, "level"),
        ({"level": None}, "level"),
        ({"status": "lost"}, "status"),
        ({"holder_name": " "}, "holder_name"),
        ({"verify_url": ""}, "verify_url"),
        ({"holder_name": "王\U0002a6d6"}, "holder_name"),
    ],
)
def test_a_sheet_that_cannot_be_printed_right_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        render_certificate(sheet(**changes))
    assert field in error.value.fields


def test_a_character_no_font_has_is_named_in_the_refusal() -> None:
    with pytest.raises(InvalidInput) as error:
        render_certificate(sheet(holder_name="王\U0002a6d6"))
    assert "U+2A6D6" in str(error.value.message)
