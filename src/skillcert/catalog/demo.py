"""Demo special ability assessment projects (``skillcert demo``).

These are examples in the style of Sichuan's 专项职业能力 projects, made up for the
demo; the real list is maintained by the centre (the Sichuan pages were not
available to build it from, see ``docs/data-sources.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

PROJECTS = [
    (
        "S510000-ZX-0001",
        "川菜烹饪（宫保鸡丁制作）",
        None,
        "刀工处理、火候控制、荔枝味型调制、装盘",
        "实际操作，现场制作一份并按评分表评分",
    ),
    (
        "S510100-ZX-0002",
        "蜀绣技艺",
        "510100",
        "针法运用（晕针、车拧针等）、配色、绣品完成度",
        "实际操作，限时完成小件绣品",
    ),
    ("S510100-ZX-0003", "火锅底料炒制", "510100", "原料选配、炒制工艺、食品安全", "实际操作加口试"),
    ("S511800-ZX-0004", "蒙顶山茶制作", "511800", "杀青、揉捻、干燥等制茶工序", "实际操作，按成品茶评审"),
    ("S510700-ZX-0005", "竹编工艺品制作", "510700", "破篾、编织、收口", "实际操作，完成指定作品"),
    (
        "S510100-ZX-0006",
        "电子商务直播销售",
        "510100",
        "直播策划、商品讲解、合规宣传",
        "实际操作加笔试，考核广告法与消费者权益保护规定",
    ),
]


def build(write: Callable[[str], Any]) -> None:
    """Link the demo bureau accounts to their 市(州), then create the demo projects (idempotent)."""
    from skillcert.catalog.models import Region, SpecialAbilityProject

    link_bureau_regions(write)

    for code, name, region_code, content, method in PROJECTS:
        region = Region.objects.get(code=region_code) if region_code else None
        publisher = f"{region.name}人力资源和社会保障局" if region else "四川省人力资源和社会保障厅"
        SpecialAbilityProject.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "content": content,
                "assessment_method": method,
                "publisher": publisher,
                "region": region,
                "published_on": dt.date(2024, 6, 1),
            },
        )
    write(f"{len(PROJECTS)} demo special ability projects")


def link_bureau_regions(write: Callable[[str], Any]) -> None:
    """Link each demo city bureau account to its 市(州) through the change-logged service (regions are loaded)."""
    from django.contrib.auth import get_user_model

    from skillcert.catalog.models import Region
    from skillcert.core.bureaus import bureau_region, set_bureau_region
    from skillcert.core.demo import DEMO_BUREAU_REGIONS

    for username, region_code in DEMO_BUREAU_REGIONS.items():
        user = get_user_model().objects.filter(username=username).first()
        region = Region.objects.filter(code=region_code).first()
        if user is not None and region is not None and bureau_region(user) != region:
            set_bureau_region(user=user, region=region, actor=None, reason="demo")
        write(f"account {username}: city or prefecture {region or 'not loaded'}")
