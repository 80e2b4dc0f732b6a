"""Reading and validating final results files, with the assessments app's reader and person checks.

The file is read by :func:`skillcert.assessments.spreadsheet.read_rows` (xlsx/xls/ods/csv),
each finalist's name, ID number and gender are checked by the same functions as an
assessment batch row (:mod:`skillcert.assessments.validation`), and then the
competition's own columns: event (赛项), rank (名次), award (奖项), prior level (原有等级)
and, if present, the stage (赛段). The award-to-level rule proposes each winner's level.
Row errors name the row and the column, never a cell's content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from skillcert.assessments.spreadsheet import map_header
from skillcert.assessments.validation import (
    MAX_REPORTED_ERRORS,
    ResultRow,
    check_person,
    check_row_gender,
    mark_name_conflicts,
)
from skillcert.catalog.choices import LEVEL_WORDS, SkillLevel
from skillcert.competitions import rules
from skillcert.competitions.choices import NO_AWARD_WORDS, Outcome
from skillcert.competitions.models import Competition, Event
from skillcert.core.errors import InvalidInput
from skillcert.core.params import MAX_RANK, bounded_int

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "id_type": ("证件类型", "id type", "id_type"),
    "id_number": ("证件号码", "身份证号码", "身份证号", "id number", "id_number"),
    "gender": ("性别", "gender"),
    "event": ("赛项", "竞赛项目", "职业（工种）", "event"),
    "rank": ("名次", "排名", "rank"),
    "award": ("奖项", "获奖等次", "award"),
    "prior_level": ("原有等级", "原职业技能等级", "prior level", "prior_level"),
    "stage": ("赛段", "stage"),
}
REQUIRED = ("name", "id_number", "event", "rank", "award")
TEMPLATE_HEADERS = ["序号", "姓名", "证件类型", "证件号码", "性别", "赛项", "名次", "奖项", "原有等级", "赛段"]
NO_LEVEL_WORDS = frozenset({"", "无", "none", "-", "—"})


@dataclass
class FinalistRow(ResultRow):
    """One finalist's row: the person (checked as an assessment row) and the competition columns."""

    event: Event | None = None
    event_text: str = ""
    rank: int = 0
    award: str = ""
    prior_level: int | None = None
    outcome: str = ""
    level: int | None = None
    explanation: str = ""

    def as_report(self) -> dict[str, Any]:
        """The preview line: no name, the ID number masked."""
        return {
            "row": self.row_no,
            "id": self.masked_id,
            "event": self.event.name if self.event else self.event_text,
            "rank": self.rank,
            "award": self.award,
            "prior": self.prior_level,
            "outcome": self.outcome,
            "level": self.level,
            "explanation": self.explanation,
        }


@dataclass
class ResultsReport:
    """Counts, the preview lines and the first row errors."""

    total: int = 0
    winners: int = 0
    certificates: int = 0
    rows_with_errors: int = 0
    lines: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: FinalistRow) -> None:
        self.total += 1
        if row.errors:
            self.rows_with_errors += 1
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.append({"row": row.row_no, "id": row.masked_id, "messages": row.errors})
            return
        self.lines.append(row.as_report())
        self.winners += row.outcome != Outcome.NOT_A_WINNER
        self.certificates += row.outcome == Outcome.CERTIFICATE


class Checker:
    """Checks rows against one competition: its events, its final stage, its award rules."""

    def __init__(self, competition: Competition, stage_name: str) -> None:
        self.competition = competition
        self.stage_name = stage_name
        self.events: dict[str, Event] = {}
        for event in competition.events.select_related("project"):
            for key in (event.name, event.occupation_code, event.project.code if event.project else ""):
                if key:
                    self.events.setdefault(key.strip().lower(), event)
        self.event_names = "、".join(e.name for e in competition.events.all())
        self.rules = {r.team_kind: r for r in competition.award_rules.all()}

    def check(self, row_no: int, cells: list[str], columns: dict[str, int]) -> FinalistRow:
        def cell(key: str) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) and cells[index] else ""

        row = FinalistRow(row_no=row_no)
        check_person(row, cell("name"), cell("id_type"), cell("id_number"))
        check_row_gender(row, cell("gender"))
        self._stage(row, cell("stage"))
        self._event(row, cell("event"))
        self._rank(row, cell("rank"))
        row.award = cell("award")[:40]
        self._prior(row, cell("prior_level"))
        return row

    def _stage(self, row: FinalistRow, text: str) -> None:
        if text and text not in (self.stage_name, "决赛", "final"):
            row.errors.append(
                _("Stage (column 赛段): not the final stage; only final results (%(final)s) give certificates.")
                % {"final": self.stage_name}
            )

    def _event(self, row: FinalistRow, text: str) -> None:
        row.event_text = text
        row.event = self.events.get(text.lower())
        if row.event is None:
            row.errors.append(
                _("Event (column 赛项): not an event of this competition (its events: %(events)s).")
                % {"events": self.event_names}
            )

    def _rank(self, row: FinalistRow, text: str) -> None:
        try:
            row.rank = bounded_int(text, minimum=1, maximum=MAX_RANK)
        except ValueError:
            row.rank = 0
            row.errors.append(_("The rank must be a whole number from 1 to %(max)s.") % {"max": MAX_RANK})

    def _prior(self, row: FinalistRow, text: str) -> None:
        text = text.replace(" ", "")
        if text.lower() in NO_LEVEL_WORDS:
            return
        level = LEVEL_WORDS.get(text)
        if level is None:
            row.errors.append(_("Prior level (column 原有等级): not a level; write 五级 … 一级, or leave it empty."))
        row.prior_level = level

    def propose(self, row: FinalistRow) -> None:
        """Fill in the rule's proposal for a row without errors."""
        assert row.event is not None
        rule = self.rules.get(row.event.team_kind)
        prior = _highest_level(row, row.event)
        proposal = rules.propose(
            is_winner=row.award.lower() not in NO_AWARD_WORDS,
            rank=row.rank,
            team_kind=row.event.team_kind,
            top_ranks=rule.top_ranks if rule else None,
            rule_level=rule.level if rule else None,
            prior_level=prior,
        )
        if proposal.level is not None and proposal.level not in row.event.levels:
            proposal = rules.Proposal(
                Outcome.NO_CERTIFICATE,
                None,
                _("The rule gives %(level)s, which the event %(event)s does not award (it awards %(levels)s).")
                % {
                    "level": SkillLevel(proposal.level).label,
                    "event": row.event.name,
                    "levels": row.event.levels_display(),
                },
            )
        row.prior_level = prior
        row.outcome, row.level, row.explanation = proposal.outcome, proposal.level, proposal.explanation


def _highest_level(row: FinalistRow, event: Event) -> int | None:
    """The higher of the level the file states and the best the registry already holds for the occupation."""
    from skillcert.certificates.models import Certificate
    from skillcert.people.selectors import find_holder

    levels: list[int] = [row.prior_level] if row.prior_level else []
    if event.occupation_code:
        holder = find_holder(id_type=row.id_type, id_number=row.id_number)
        if holder is not None:
            held = Certificate.objects.filter(
                holder=holder, occupation_code=event.occupation_code, status="valid", level__isnull=False
            ).values_list("level", flat=True)
            levels.extend(level for level in held if level is not None)
    return min(levels) if levels else None


def validate_rows(rows: Iterable[list[str]], checker: Checker) -> Iterator[FinalistRow]:
    """Validate every data row (the first row is the header); blank rows are skipped."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise InvalidInput(_("The file is empty."))
    columns = map_header(header, COLUMNS, REQUIRED)
    checked: list[FinalistRow] = []
    seen: dict[tuple[str, str], int] = {}
    for row_no, cells in enumerate(iterator, start=2):
        if not any(cells):
            continue
        row = checker.check(row_no, cells, columns)
        if row.id_number and row.event is not None:
            key = (row.event.public_id, hashlib.blake2b(f"{row.id_type}:{row.id_number}".encode()).hexdigest())
            if key in seen:
                row.errors.append(_("The same person is already on row %(row)s for this event.") % {"row": seen[key]})
            else:
                seen[key] = row_no
        checked.append(row)
    mark_name_conflicts(checked)  # type: ignore[arg-type]
    for row in checked:
        if not row.errors:
            checker.propose(row)
        yield row


def check_file(
    competition: Competition, stage_name: str, filename: str, data: bytes
) -> tuple[ResultsReport, list[FinalistRow]]:
    """Validate a whole file; return the report and the rows (the rows hold personal data: keep them in memory)."""
    from skillcert.assessments.spreadsheet import read_rows

    report = ResultsReport()
    rows = list(validate_rows(read_rows(data, filename), Checker(competition, stage_name)))
    for row in rows:
        report.add(row)
    if report.total == 0:
        raise InvalidInput(_("The file has a header but no result rows."))
    return report, rows


INSTRUCTIONS = [
    "填写说明 / Instructions",
    "1. 只导入决赛阶段成绩；每行一名决赛选手（团体赛每名队员一行，名次相同）。Final stage only; one finalist per row.",
    "2. 姓名、证件类型、证件号码、性别：与认定批次模板的要求相同（证件号码列请设为“文本”格式）。",
    "3. 赛项：填写竞赛登记的赛项名称，或其职业编码／专项职业能力考核项目编码。",
    "4. 名次：从 1 开始的整数。奖项：如 一等奖、二等奖、三等奖、优秀奖；未获奖填“无”或留空。",
    "5. 原有等级：选手已取得的本职业（工种）最高等级，如 三级、技师；没有则留空。系统也会查询本平台已登记的证书。",
    "6. 赛段：可留空；填写时必须是决赛。",
    "7. 上传后先预览：每名获奖选手按竞赛的晋级规则得到建议等级，并说明理由；由省职鉴中心确认。",
]


def results_template() -> bytes:
    """The xlsx template of final results, Chinese headers and an instructions sheet."""
    from skillcert.assessments.templates import spreadsheet_template

    widths = (6, 12, 16, 22, 6, 20, 8, 10, 10, 8)
    return spreadsheet_template("决赛成绩", TEMPLATE_HEADERS, INSTRUCTIONS, widths=widths, rows=1000)
