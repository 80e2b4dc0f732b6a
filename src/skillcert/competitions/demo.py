"""Demo competitions for ``skillcert demo``: all three cases of the notice, each carried through to certificates.

- Case 1: 四川工匠杯 (provincial class one): 一赛一授权, committee's name, centre's proxy seal.
- Case 2 with a recorded host (德阳重装制造有限公司 issues itself) and with an unrecorded host
  (四川省烹饪协会: 一赛一授权 as in case 1).
- Case 3: a 专项职业能力证书 competition: the centre issues.

Host accounts use the password ``demo-host-2026`` (documented in ``docs/competitions.md``).
Everything runs through the services with the demo accounts as actors. Idempotent.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from skillcert.core import roles

HOST_PASSWORD = "demo-host-2026"  # noqa: S105 (published demo password, see docs/competitions.md)
AWARDS = {1: "一等奖", 2: "二等奖", 3: "三等奖", 4: "优秀奖", 5: "优秀奖", 6: "无"}


@dataclass(frozen=True)
class DemoCompetition:
    """One demo competition and the host account that registers it."""

    name: str
    competition_class: str
    certificate_type: str
    host: str
    host_account: str
    committee: str
    events: tuple[tuple[str, str, str], ...]  # (name, occupation or project code, team kind)
    institution: str = ""  # the recorded institution the host is, if any


COMPETITIONS = [
    DemoCompetition(
        "第三届四川工匠杯职业技能大赛", "class_one", "skill_level", "四川省人力资源和社会保障厅（大赛主办）",
        "host-gongjiang", "第三届四川工匠杯职业技能大赛组织委员会办公室",
        (("焊工", "6-18-02-04", "single"), ("电工", "6-31-01-03", "single")),
    ),
    DemoCompetition(
        "四川省装备制造行业焊工职业技能竞赛", "class_two", "skill_level", "德阳重装制造有限公司（竞赛主办）",
        "host-dezhuang", "四川省装备制造行业焊工职业技能竞赛组委会", (("焊工", "6-18-02-04", "single"),),
        institution="德阳重装制造有限公司",
    ),
    DemoCompetition(
        "四川省川菜烹饪行业职业技能竞赛", "class_two", "skill_level", "四川省烹饪协会",
        "host-pengren", "四川省川菜烹饪行业职业技能竞赛组委会办公室", (("中式烹调师", "4-03-02-01", "pair"),),
    ),
    DemoCompetition(
        "四川省蜀绣技艺竞赛", "class_two", "special_ability", "四川省工艺美术行业协会",
        "host-shuxiu", "四川省蜀绣技艺竞赛组委会", (("蜀绣技艺", "S510100-ZX-0002", "single"),),
    ),
]  # fmt: skip


def _host_account(demo: DemoCompetition, centre: Any) -> Any:
    from skillcert.competitions import services
    from skillcert.competitions.models import HostOrganisation
    from skillcert.institutions.models import Institution

    host = HostOrganisation.objects.filter(name=demo.host).first()
    if host is None:
        institution = Institution.objects.filter(name=demo.institution).first() if demo.institution else None
        host = services.register_host(name=demo.host, institution=institution, actor=centre)
    user, created = get_user_model().objects.get_or_create(
        username=demo.host_account, defaults={"first_name": demo.host[:30]}
    )
    if created:
        user.set_password(HOST_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=roles.COMPETITION_HOST))
    if not hasattr(user, "competition_host"):
        services.link_host_account(user=user, host=host, actor=centre)
    return user


def _results_csv(demo: DemoCompetition, rng: random.Random) -> bytes:
    from skillcert.certificates.demo import fake_id_number, fake_name

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["序号", "姓名", "证件号码", "赛项", "名次", "奖项", "原有等级", "赛段"])
    row = 0
    for event, _code, team in demo.events:
        size = 2 if team == "pair" else 1
        for rank in range(1, 7):
            for _member in range(size):
                row += 1
                prior = "技师" if rank == 2 else ("高级技师" if rank == 5 else "三级")
                writer.writerow(
                    [row, fake_name(rng), fake_id_number(rng, "510104"), event, rank, AWARDS[rank], prior, "决赛"]
                )
    return buffer.getvalue().encode("utf-8-sig")


def _run(demo: DemoCompetition, centre: Any, rng: random.Random) -> str:
    from skillcert.competitions import services

    host_user = _host_account(demo, centre)
    competition = services.register_competition(
        actor=host_user,
        name=demo.name,
        year=timezone.localdate().year,
        competition_class=demo.competition_class,
        certificate_type=demo.certificate_type,
        committee_name=demo.committee,
        events=[services.EventInput(name=n, occupation_code=c, project_code=c, team_kind=t) for n, c, t in demo.events],
        stages=["初赛", "决赛"],
    )
    services.apply_competition(competition=competition, actor=host_user)
    competition = services.approve_competition(competition=competition, actor=centre, reason="材料齐全，同意（演示）")
    final = competition.stages.get(kind="final")
    result_import = services.upload_results(
        competition=competition, stage=final, actor=host_user, filename="决赛成绩.csv", data=_results_csv(demo, rng)
    )
    services.submit_results(result_import=result_import, actor=host_user)
    services.approve_results(result_import=result_import, actor=centre)
    issuer = host_user if competition.issuing_path == "host_institution" else centre
    issued = services.issue_competition_certificates(result_import=result_import, actor=issuer)
    return f"competition {demo.name} ({competition.get_issuing_path_display()}): {len(issued)} certificates"


def build(write: Callable[[str], Any], *, seed: int = 4040) -> None:
    """Create the demo hosts, their accounts and the four competitions, through to issued certificates."""
    from skillcert.competitions.models import Competition
    from skillcert.core.context import acting_as

    centre = get_user_model().objects.get(username="centre")
    rng = random.Random(seed)
    for demo in COMPETITIONS:
        if Competition.objects.filter(name=demo.name).exists():
            write(f"competition {demo.name} already present")
            continue
        with acting_as():
            write(_run(demo, centre, rng))
