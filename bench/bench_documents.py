"""Certificate PDFs: ms per page on one thread, pages/s for a 1,000-certificate batch, and its peak memory.

The batch memory is measured with tracemalloc (Python allocations, where reportlab keeps its
pages) in a second run of the same batch, so that tracing does not slow the speed figure.
A 200-page batch is measured the same way: equal peaks show that memory is bounded by one
part of the batch, not by the number of pages.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
import tracemalloc
from pathlib import Path

from figures import Figure

SINGLE = 100
BATCH = 1000


def _sheets(count: int):  # varied names, levels and numbers, as a real batch has
    from skillcert.documents.samples import SAMPLE_SHEET

    base = dataclasses.replace(
        SAMPLE_SHEET,
        gender_label="女",
        id_number_display="51010519900101123X",
        occupation_name="电子商务师",
        occupation_code="4-01-02-02",
        job_type="跨境电子商务",
        issuer_name="四川省电子商务职业技能评价中心",
    )
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡", "小明丽娟㛃𠮷军芳强敏静磊洋艳勇伟"
    for i in range(count):
        yield dataclasses.replace(
            base,
            certificate_number=f"S000151000123264{i:06d}",
            level=5 - i % 5,
            holder_name=surnames[i % 15] + given[i % 16] + given[(i * 7) % 16],
            holder_romanised_name=f"WANG {i}",
            verify_url=f"https://skillcert.example/verify/c/{i:08x}Zq",
        )


def _batch(count: int, directory: Path) -> float:
    from skillcert.documents.render import render_batch

    start = time.perf_counter()
    render_batch(_sheets(count), directory / f"batch-{count}.pdf")
    return time.perf_counter() - start


def _peak_mb(count: int, directory: Path) -> float:
    tracemalloc.start()
    try:
        _batch(count, directory)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run() -> list[Figure]:
    from skillcert.documents.fonts import font_chain
    from skillcert.documents.render import render_certificate

    start = time.perf_counter()
    font_chain()
    first_use = time.perf_counter() - start
    sheets = list(_sheets(SINGLE))
    render_certificate(sheets[0])  # warm the per-process caches (art, glyph widths)
    start = time.perf_counter()
    for sheet in sheets:
        render_certificate(sheet)
    per_page_ms = (time.perf_counter() - start) / SINGLE * 1000
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        batch_seconds = _batch(BATCH, directory)
        size_mb = (directory / f"batch-{BATCH}.pdf").stat().st_size / 2**20
        peak_small, peak_large = _peak_mb(200, directory), _peak_mb(BATCH, directory)
    return [
        Figure("PDF: font convert + load (first use per data dir)", first_use, "s"),
        Figure("PDF: one certificate, single thread", per_page_ms, "ms/page", 30, higher_is_better=False),
        Figure(f"PDF: batch of {BATCH}", BATCH / batch_seconds, "pages/s"),
        Figure(f"PDF: batch of {BATCH}, file size", size_mb, "MB"),
        Figure("PDF: batch of 200, peak traced memory", peak_small, "MB"),
        Figure(f"PDF: batch of {BATCH}, peak traced memory", peak_large, "MB"),
    ]
