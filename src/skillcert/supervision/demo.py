"""Demo supervision data for ``skillcert demo``: complaints in different stages and one quality inspection.

Built through the services as the demo centre account, so the change log is filled as in
real use. Tracking codes of demo complaints are printed once by the command (they are
stored only hashed). Idempotent: skipped when demo complaints exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from skillcert.core.context import acting_as
from skillcert.supervision import services
from skillcert.supervision.choices import Category, Outcome, Rating
from skillcert.supervision.models import Complaint

MARK = "【演示】"
ADVERT = (
    "成都锦程电商职业技能评价有限公司火热招生！电子商务师国家级证书，人社部颁发，全国通用，"
    "包过免考，另收加急费800元，30天直接发证。"
)


def _institution(name: str) -> Any:
    from skillcert.institutions.models import Institution

    return Institution.objects.filter(name=name).first()


def build(write: Callable[[str], Any]) -> None:
    """File four demo complaints (received, investigating, referred, concluded) and record one inspection."""
    if Complaint.objects.filter(description__startswith=MARK).exists():
        write("demo complaints already present")
        return
    centre = get_user_model().objects.filter(username="centre").first()
    ecommerce = _institution("成都锦程电商职业技能评价有限公司")
    tea = _institution("乐山嘉州茶艺职业技能评价中心")
    with acting_as():
        codes = _complaints(centre, ecommerce, tea)
        if tea is not None:
            services.record_inspection(
                institution=tea,
                inspected_on=timezone.localdate() - dt.timedelta(days=14),
                scope=f"{MARK}2026年第三季度茶艺师（四级、五级）认定考场、考评人员与档案抽查",
                findings="考评员配备符合要求；两份试卷评分记录缺少第二考评员签名。",
                rating=Rating.NEEDS_IMPROVEMENT,
                follow_up_due=timezone.localdate() + dt.timedelta(days=30),
                actor=centre,
            )
    for label, code in codes:
        write(f"complaint {label}: tracking code {code}")


def _complaints(centre: Any, ecommerce: Any, tea: Any) -> list[tuple[str, str]]:
    filed = []
    _received, code = services.file_complaint(
        category=Category.NATIONAL_WORDS,
        description=f"{MARK}朋友圈广告称“国家级证书、全国通用”，想确认是否属实。",
        claim_text=ADVERT,
        institution=ecommerce,
        contact=services.Contact(name="王女士", phone="13800000000"),
    )
    filed.append(("received", code))
    investigating, code = services.file_complaint(
        category=Category.FEES,
        description=f"{MARK}报名茶艺师四级，考前被要求另交“入库费”300元，不交不给考。",
        institution=tea,
    )
    services.accept_complaint(complaint=investigating, note="材料齐全，予以受理。", actor=centre)
    services.start_investigation(complaint=investigating, note="已调取收费公示与缴费记录。", actor=centre)
    filed.append(("investigating", code))
    referred, code = services.file_complaint(
        category=Category.PERFUNCTORY,
        description=f"{MARK}培训班承诺“不用考试、直接发证”，交费后未组织任何考核即寄来证书。",
        institution=ecommerce,
    )
    services.accept_complaint(complaint=referred, actor=centre)
    services.start_investigation(complaint=referred, actor=centre)
    services.refer_to_labour_inspection(
        complaint=referred, note="涉嫌违规收费及未组织考核，请劳动保障监察协查。", actor=centre
    )
    filed.append(("referred", code))
    concluded, code = services.file_complaint(
        category=Category.OTHER,
        description=f"{MARK}证书查询不到，怀疑是假证。",
    )
    services.accept_complaint(complaint=concluded, actor=centre)
    services.start_investigation(complaint=concluded, actor=centre)
    services.conclude_complaint(
        complaint=concluded,
        outcome=Outcome.NOT_SUBSTANTIATED,
        public_summary="经核实，该证书为新颁发证书，数据已同步，可正常查询。",
        actor=centre,
    )
    filed.append(("concluded", code))
    return filed
