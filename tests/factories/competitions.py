"""Competitions as a host runs them: host accounts, registered and approved competitions, final results files."""

from __future__ import annotations

import csv
import io
from typing import Any

import factory

from skillcert.competitions.models import Competition
from skillcert.core import roles
from tests.factories.idnumbers import valid_id
from tests.factories.users import make_user

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


class CompetitionFactory(factory.Factory):
    """A 2026 class two welding competition registered by the host account ``actor`` (stages 初赛 and 决赛).

    ``approved_by=<centre account>`` also applies for it and has the centre approve it.
    """

    class Meta:
        model = Competition

    actor = None
    name = "四川省焊工职业技能竞赛"
    competition_class = "class_two"
    certificate_type = "skill_level"
    events = None  # None: one event, 焊工 (6-18-02-04)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from skillcert.competitions import services

        centre = kwargs.pop("approved_by", None)
        competition = register_competition(**kwargs)
        if centre is None:
            return competition
        services.apply_competition(competition=competition, actor=kwargs["actor"])
        return services.approve_competition(competition=competition, actor=centre)


def register_competition(
    *, actor: Any, name: str, competition_class: str, certificate_type: str, events: list[Any] | None
) -> Any:
    """Register through the service with the committee named after the competition."""
    from skillcert.competitions.services import EventInput
    from skillcert.competitions.services import register_competition as register_through_service

    return register_through_service(
        actor=actor,
        name=name,
        year=2026,
        competition_class=competition_class,
        certificate_type=certificate_type,
        committee_name=f"{name}组委会办公室",
        events=events or [EventInput(name="焊工", occupation_code="6-18-02-04")],
        stages=["初赛", "决赛"],
    )


def register(actor: Any, **kwargs: Any) -> Any:
    """A registered (not yet applied for) competition of the host account ``actor``."""
    return CompetitionFactory(actor=actor, **kwargs)


def approved(host: Any, centre: Any, **kwargs: Any) -> Any:
    """Register, apply and approve a competition."""
    return CompetitionFactory(actor=host, approved_by=centre, **kwargs)


def final(competition: Any) -> Any:
    """The competition's final stage."""
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
