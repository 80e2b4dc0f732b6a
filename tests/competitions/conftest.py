"""Fixtures for competitions: hosts (recorded and not), host accounts, a special ability project, results files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from skillcert.core import roles
from tests.certificates.conftest import holder, make_institution, valid_id  # noqa: F401  (holder: a fixture)
from tests.conftest import make_user

HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "赛项", "名次", "奖项", "原有等级", "赛段"]
FINALISTS = [  # name, first 17 ID digits, rank, award, prior level
    ("王建国", "51010719800101001", 1, "一等奖", "三级"),
    ("李小龙", "51010719810202002", 2, "二等奖", "技师"),
    ("张海燕", "51010719820303003", 3, "三等奖", ""),
    ("刘德明", "51010719830404004", 4, "优秀奖", "三级"),
    ("陈思远", "51010719840505005", 5, "无", "三级"),
]


def results_csv(event: str = "焊工", rows: list[tuple[Any, ...]] | None = None, stage: str = "决赛") -> bytes:
    """A final results file (UTF-8 CSV with BOM, as Excel saves it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number, (name, first17, rank, award, prior) in enumerate(rows or FINALISTS, start=1):
        writer.writerow([number, name, "", valid_id(first17), "", event, rank, award, prior, stage])
    return buffer.getvalue().encode("utf-8-sig")


def make_host(centre: Any, name: str, username: str, institution: Any = None) -> Any:
    """A host organisation and a linked host account; returns the account."""
    from skillcert.competitions import services

    host = services.register_host(name=name, institution=institution, actor=centre)
    user = make_user(username, roles.COMPETITION_HOST)
    services.link_host_account(user=user, host=host, actor=centre)
    return user


@pytest.fixture
def host_user(reference: None, centre_user: Any) -> Any:
    """The account of an unrecorded host (四川省焊接协会)."""
    return make_host(centre_user, "四川省焊接协会", "host-welding")


@pytest.fixture
def recorded_institution(reference: None, centre_user: Any) -> Any:
    return make_institution(centre_user, name="德阳重装焊接评价中心", serial=41, levels=(1, 2, 3))


@pytest.fixture
def institution_host_user(recorded_institution: Any, centre_user: Any) -> Any:
    """The account of a host that is a recorded evaluation institution."""
    return make_host(centre_user, "德阳重装制造有限公司", "host-dezhuang", institution=recorded_institution)


@pytest.fixture
def project(reference: None) -> Any:
    from skillcert.catalog.models import SpecialAbilityProject

    return SpecialAbilityProject.objects.create(
        code="S510100-ZX-0002",
        name="蜀绣技艺",
        content="针法、配色",
        assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局",
        published_on=dt.date(2024, 6, 1),
    )


def register(actor: Any, *, competition_class: str = "class_two", certificate_type: str = "skill_level",
             events: list[Any] | None = None, name: str = "四川省焊工职业技能竞赛") -> Any:  # fmt: skip
    from skillcert.competitions.services import EventInput, register_competition

    return register_competition(
        actor=actor,
        name=name,
        year=2026,
        competition_class=competition_class,
        certificate_type=certificate_type,
        committee_name=f"{name}组委会办公室",
        events=events or [EventInput(name="焊工", occupation_code="6-18-02-04")],
        stages=["初赛", "决赛"],
    )


def approved(host: Any, centre: Any, **kwargs: Any) -> Any:
    """Register, apply and approve a competition."""
    from skillcert.competitions import services

    competition = register(host, **kwargs)
    services.apply_competition(competition=competition, actor=host)
    return services.approve_competition(competition=competition, actor=centre)


def final(competition: Any) -> Any:
    return competition.stages.get(kind="final")


def submitted(competition: Any, host: Any, data: bytes | None = None) -> Any:
    """Upload a final results file and submit it."""
    from skillcert.competitions import services

    result_import = services.upload_results(
        competition=competition, stage=final(competition), actor=host, filename="决赛成绩.csv",
        data=data or results_csv(),
    )  # fmt: skip
    assert result_import.status == "checked", result_import.errors
    return services.submit_results(result_import=result_import, actor=host)
