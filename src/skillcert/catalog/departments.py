"""The HR departments that issue 专项职业能力证书: one clean name per 市(州) and one for the province.

A certificate's printed issuer is read from this table (``data/hr_departments.csv``),
never put together from free text or a reference file's raw strings: every name is
checked when the table is read (it must be the region's own name followed by
人力资源和社会保障局, or the provincial 厅, and carry no working marker).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TABLE = Path(__file__).resolve().parent / "data" / "hr_departments.csv"
PROVINCE_CODE = "510000"
PROVINCE_DEPARTMENT = "四川省人力资源和社会保障厅"
CITY_SUFFIX = "人力资源和社会保障局"
CLEAN_NAME = re.compile(r"^[\u4e00-\u9fff]+$")  # Chinese characters only: no brackets, markers or spaces


def check_name(code: str, name: str) -> str:
    """The name if it is a clean department name for ``code``; :class:`ImproperlyConfigured` otherwise."""
    if not CLEAN_NAME.match(name) or "未核实" in name:
        raise ImproperlyConfigured(f"hr_departments.csv: {code}: not a clean department name: {name!r}")
    expected_end = PROVINCE_DEPARTMENT if code == PROVINCE_CODE else CITY_SUFFIX
    if not name.endswith(expected_end) or (code != PROVINCE_CODE and name == CITY_SUFFIX):
        raise ImproperlyConfigured(f"hr_departments.csv: {code}: {name!r} does not end with {expected_end}")
    return name


@cache
def departments() -> dict[str, str]:
    """Region code (GB/T 2260, six digits) → department name, checked once per process."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        table = {row["region_code"].strip(): row["department"].strip() for row in csv.DictReader(handle)}
    return {code: check_name(code, name) for code, name in table.items()}


def department_for(region: Any) -> str:
    """The issuing department of a 专项职业能力证书: the province's for ``None``, else the region's own.

    The name must begin with the region's recorded name: a table row that belongs to another
    region, or a region the table does not know, is refused rather than printed.
    """
    if region is None:
        return departments()[PROVINCE_CODE]
    name = departments().get(region.code, "")
    if not name.startswith(region.name):
        raise ImproperlyConfigured(f"hr_departments.csv: no department for {region.code} {region.name}")
    return name
