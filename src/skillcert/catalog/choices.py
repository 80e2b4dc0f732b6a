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


class WorkKind(models.TextChoices):
    """Skill occupations get skill certificates; professional-technical ones do not."""

    SKILL = "skill", _("skill occupation")
    TECHNICAL = "technical", _("professional and technical occupation")
    UNKNOWN = "unknown", _("not classified (no code known)")


class ProjectStatus(models.TextChoices):
    """Whether a special vocational ability assessment project may be assessed and certified."""

    ACTIVE = "active", _("in use")
    RETIRED = "retired", _("retired")
