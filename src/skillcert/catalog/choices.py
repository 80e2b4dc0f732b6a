"""Choices of the reference catalogue: certificate types, levels (with cover colours), record kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateType(models.TextChoices):
    """The three kinds of certificates the Sichuan HR departments run (三类证书)."""

    QUALIFICATION = "qualification", _("Vocational qualification certificate")
    SKILL_LEVEL = "skill_level", _("Vocational skill level certificate")
    SPECIAL_ABILITY = "special_ability", _("Special vocational ability certificate")


class SkillLevel(models.IntegerChoices):
    """The five levels; the number is the national level digit used in certificate numbers."""

    SENIOR_TECHNICIAN = 1, _("Level 1 (Senior Technician)")
    TECHNICIAN = 2, _("Level 2 (Technician)")
    ADVANCED = 3, _("Level 3 (Advanced)")
    INTERMEDIATE = 4, _("Level 4 (Intermediate)")
    ELEMENTARY = 5, _("Level 5 (Elementary)")


# The words a results file or a legacy register may write in its 等级 column, to the level digit.
LEVEL_WORDS = {
    "1": 1, "一级": 1, "高级技师": 1, "高级技师（一级）": 1,
    "2": 2, "二级": 2, "技师": 2, "技师（二级）": 2,
    "3": 3, "三级": 3, "高级": 3, "高级工": 3, "高级（三级）": 3,
    "4": 4, "四级": 4, "中级": 4, "中级工": 4, "中级（四级）": 4,
    "5": 5, "五级": 5, "初级": 5, "初级工": 5, "初级（五级）": 5,
}  # fmt: skip


@dataclass(frozen=True)
class LevelStyle:
    """How a level looks on the Sichuan certificate cover (川人社函〔2021〕460号)."""

    colour_name: Any  # lazy translation
    rgb: str


LEVEL_STYLES: dict[int, LevelStyle] = {
    SkillLevel.ELEMENTARY: LevelStyle(_("green"), "#1f7a3a"),
    SkillLevel.INTERMEDIATE: LevelStyle(_("blue"), "#1d4f91"),
    SkillLevel.ADVANCED: LevelStyle(_("red"), "#c0272d"),
    SkillLevel.TECHNICIAN: LevelStyle(_("brown"), "#7a4a21"),
    SkillLevel.SENIOR_TECHNICIAN: LevelStyle(_("dark red"), "#7b1023"),
}


class OccupationLevel(models.IntegerChoices):
    """Depth in the 职业分类大典: 大类 / 中类 / 小类 / 细类 (the occupation itself)."""

    MAJOR = 1, _("Major category")
    MIDDLE = 2, _("Middle category")
    MINOR = 3, _("Minor category")
    OCCUPATION = 4, _("Occupation")


class CoverageExtent(models.TextChoices):
    """Whether a qualification-catalogue entry covers a whole occupation or only a part of it."""

    WHOLE = "whole", _("whole occupation")
    PART = "part", _("part of the occupation")


class NewOccupationStatus(models.TextChoices):
    """Publication state of a 人社部 new occupation."""

    PUBLISHED = "published", _("published")
    PUBLIC_COMMENT = "public_comment", _("in public comment, not yet published")


class NewOccupationKind(models.TextChoices):
    """A new occupation, or a new job type (工种) inside an existing occupation."""

    OCCUPATION = "occupation", _("occupation")
    JOB_TYPE = "job_type", _("job type")


class AliasKind(models.TextChoices):
    """How another name relates to a 大典 occupation: a name it had before, a 工种 inside it, or a common name.

    The label is what a search result prints before the name ("曾用名：育婴员").
    """

    FORMER_NAME = "former_name", _("Former name")
    JOB_TYPE = "job_type", _("Job type")
    ALIAS = "alias", _("Also called")


class WorkKind(models.TextChoices):
    """Skill occupations get skill certificates; professional-technical ones do not."""

    SKILL = "skill", _("skill occupation")
    TECHNICAL = "technical", _("professional and technical occupation")
    UNKNOWN = "unknown", _("not classified (no code known)")


class ProjectStatus(models.TextChoices):
    """A 专项职业能力考核项目's life: draft → published → retired (final; nothing is ever deleted).

    Only a published project is assessed and certified. A draft is the centre's work in progress and
    is never public; a retired project stays on the public look-up so that its old certificates can
    still be read against their specification, but no new certificate is issued for it.
    """

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class RecordStatus(models.TextChoices):
    """Where a project stands in the national record (备案) with 人力资源社会保障部."""

    NOT_RECORDED = "not_recorded", _("not recorded with the Ministry")
    SUBMITTED = "submitted", _("submitted to the Ministry for record")
    RECORDED = "recorded", _("recorded with the Ministry")
