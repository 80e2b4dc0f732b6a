"""Sample certificates (fictitious people) for the documentation and for looking at the design."""

from __future__ import annotations

import dataclasses
import datetime
import io
from pathlib import Path

from skillcert.documents.render import CENTRE_PROXY, CertificateSheet, render_certificate

SAMPLE_SHEET = CertificateSheet(
    certificate_type="skill_level",
    certificate_number="",
    holder_name="王小明",
    holder_romanised_name="WANG XIAOMING",
    id_type_label="居民身份证",
    id_number_display="510105199001011234",
    gender_label="男",
    occupation_name="电工",
    occupation_code="6-31-01-03",
    job_type="维修电工",
    level=5,
    project_name="",
    issuer_name="四川省建设职业技能评价中心有限公司",
    issuer_on_behalf="",
    issued_on=datetime.date(2026, 3, 5),
    verify_url="http://127.0.0.1:8000/verify/c/SAMPLE",
)
"""A complete 职业技能等级证书 sheet of a fictitious holder: tests and benchmarks replace the fields they vary."""


def sample_sheets() -> dict[str, CertificateSheet]:
    """One fictitious certificate per level and per other type, file stem → sheet."""
    sheets = {
        f"certificate-level-{level}": dataclasses.replace(
            SAMPLE_SHEET,
            level=level,
            certificate_number=f"S000151000123262{level}00001{level}",
            verify_url=f"http://127.0.0.1:8000/verify/c/SAMPLE-L{level}",
        )
        for level in (5, 4, 3, 2, 1)
    }
    sheets["certificate-level-2"] = dataclasses.replace(
        sheets["certificate-level-2"],
        holder_name="张㛃𠮷",
        holder_romanised_name="ZHANG JIEJI",
        gender_label="女",
        occupation_name="智能制造工程技术人员",
        occupation_code="2-02-07-13",
        job_type="智能装备与产线开发",
    )
    sheets["certificate-level-1"] = dataclasses.replace(
        sheets["certificate-level-1"],
        issuer_name="第三届四川工匠杯职业技能大赛组织委员会办公室",
        issuer_on_behalf=CENTRE_PROXY,
        occupation_name="焊工",
        occupation_code="6-18-02-04",
        job_type="",
    )
    sheets["certificate-qualification"] = dataclasses.replace(
        SAMPLE_SHEET,
        certificate_type="qualification",
        level=3,
        certificate_number="2651000000300123",
        occupation_name="消防设施操作员",
        occupation_code="4-07-05-04",
        job_type="",
        issuer_name="四川省消防救援总队",
        verify_url="http://127.0.0.1:8000/verify/c/SAMPLE-Q",
    )
    sheets["certificate-special-ability"] = dataclasses.replace(
        SAMPLE_SHEET,
        certificate_type="special_ability",
        level=None,
        certificate_number="ZX5101202600000123",
        project_name="川菜烹饪（回锅肉制作）",
        occupation_name="",
        occupation_code="",
        job_type="",
        issuer_name="成都市人力资源和社会保障局",
        verify_url="http://127.0.0.1:8000/verify/c/SAMPLE-Z",
    )
    return sheets


def write_samples(directory: Path, *, scale: float = 1.25) -> list[Path]:
    """Render each sample to ``<stem>.png`` (palette PNG, ~150 dpi at the default scale) and return the paths."""
    import pypdfium2

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, sheet in sample_sheets().items():
        document = pypdfium2.PdfDocument(io.BytesIO(render_certificate(sheet)))
        image = document[0].render(scale=scale).to_pil().convert("RGB")
        document.close()
        path = directory / f"{stem}.png"
        image.quantize(colors=96).save(path, optimize=True)
        written.append(path)
    return written
