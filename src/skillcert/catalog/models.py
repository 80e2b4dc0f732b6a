"""Reference catalogue models. Loaded from the files in ``data/`` by ``skillcert load-reference``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import (
    AliasKind,
    CoverageExtent,
    NewOccupationKind,
    NewOccupationStatus,
    OccupationLevel,
    ProjectStatus,
    RecordStatus,
    WorkKind,
)

PROFESSIONAL_SECTION = "专业技术人员职业资格"
GROUP_NAME_MARKER = "（组名未核实）"


class Occupation(models.Model):
    """One entry of the 中华人民共和国职业分类大典（2022年版）: 大类, 中类, 小类 or 细类. No personal data."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=OccupationLevel.choices)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    major_code = models.CharField(_("major category"), max_length=1, db_index=True)
    gbm_code = models.CharField(_("GBM code"), max_length=16, blank=True)
    green_digital_flag = models.CharField(_("green/digital flag"), max_length=4, blank=True)
    name_variant = models.CharField(_("name in second source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="%(app_label)s_%(class)s_level_1_4"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_occupation(self) -> bool:
        """Only 细类 are occupations that certificates can name."""
        return self.level == OccupationLevel.OCCUPATION

    def ancestors(self) -> list[Occupation]:
        """Return 大类 → … → parent, top first."""
        chain: list[Occupation] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class QualificationItem(models.Model):
    """One row (sub-item) of the 国家职业资格目录（2021年版）. No personal data.

    ``implementing_department`` holds clean department names joined by "、" (never a
    working marker such as "（未核实）"); ``department_unverified`` says that no source
    read for the project names them, and ``department_source`` names the source when one does.
    """

    row_no = models.PositiveSmallIntegerField(_("row"), unique=True)
    section = models.CharField(_("section"), max_length=32)
    item_no = models.PositiveSmallIntegerField(_("item number"), null=True, blank=True)
    qualification_name = models.CharField(_("qualification"), max_length=120)
    sub_item = models.CharField(_("sub-item"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=64)
    grouping_status = models.CharField(_("grouping status"), max_length=64)
    implementing_department = models.CharField(_("implementing department"), max_length=120, blank=True)
    department_unverified = models.BooleanField(_("department unverified"), default=False)
    candidate_codes = models.CharField(_("candidate occupation codes (source)"), max_length=200, blank=True)
    department_source = models.CharField(_("department source"), max_length=300, blank=True)
    department_note = models.CharField(_("department note"), max_length=300, blank=True)
    no_occupation_reason = models.CharField(_("why no occupation is covered"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("qualification catalogue entry")
        verbose_name_plural = _("qualification catalogue")
        ordering = ["row_no"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def clean_name(self) -> str:
        """The item's name without the source's working marker "（组名未核实）"."""
        return self.qualification_name.replace(GROUP_NAME_MARKER, "")

    @property
    def group_name_unverified(self) -> bool:
        """True where the source could not confirm the item's group name."""
        return GROUP_NAME_MARKER in self.qualification_name

    @property
    def display_name(self) -> str:
        return f"{self.clean_name}（{self.sub_item}）" if self.sub_item else self.clean_name

    @property
    def is_professional(self) -> bool:
        """True for the 专业技术人员职业资格 section (the other section is 技能人员职业资格)."""
        return self.section == PROFESSIONAL_SECTION

    @property
    def access_class(self) -> str:
        """ "准入类" or "水平评价类" where a source settles it, "" where it is not known."""
        for value in ("准入类", "水平评价类"):
            if self.category.startswith(value):
                return value
        return ""

    @property
    def departments(self) -> list[str]:
        """The implementing departments as separate clean names."""
        return [d for d in self.implementing_department.split("、") if d]

    @property
    def is_unverified(self) -> bool:
        """True where the source marks the grouping or category as not checked against the official table."""
        return self.grouping_status.upper().startswith("UNVERIFIED") or "未核实" in self.category


class QualificationCoverage(models.Model):
    """Which occupation a catalogue entry covers, wholly or in part. No personal data.

    ``verified`` is False where the mapping is the project's reading with no source tying
    the entry to the occupation; ``unverified_reason`` then says why, and pages say so.
    """

    item = models.ForeignKey(QualificationItem, on_delete=models.PROTECT, related_name="coverages")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="qualification_coverages")
    extent = models.CharField(_("extent"), max_length=8, choices=CoverageExtent.choices)
    part_name = models.CharField(_("part covered"), max_length=120, blank=True)
    basis = models.TextField(_("basis"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    unverified_reason = models.CharField(_("why unverified"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("qualification coverage")
        verbose_name_plural = _("qualification coverages")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "occupation"], name="%(app_label)s_%(class)s_unique_item_occupation"
            ),
            models.CheckConstraint(
                condition=models.Q(extent="whole") | ~models.Q(part_name=""),
                name="%(app_label)s_%(class)s_part_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.occupation.code} ({self.extent})"


class NewOccupation(models.Model):
    """A new occupation or job type published (or proposed) by 人社部, 2019–2025. No personal data.

    ``code`` is the 大典 code when one matches, else the official code a source gives for a
    new occupation published after the 2022 book (``code_source`` names it), otherwise a
    project code ``N<batch>-<nn>`` so that every new occupation can be looked up. A new
    occupation that got an official code keeps its old project code in ``legacy_code``.
    ``work_kind`` comes from the code's major category (1–2 professional, 3–6 skill) and is
    ``unknown`` where no code is known: the name's suffix decides nothing.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    batch = models.PositiveSmallIntegerField(_("batch"))
    batch_name = models.CharField(_("batch name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=NewOccupationKind.choices)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.PROTECT, related_name="new_occupation_entries"
    )
    document_no = models.CharField(_("document"), max_length=120, blank=True)
    published_date = models.DateField(_("published"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=NewOccupationStatus.choices)
    work_kind = models.CharField(_("work kind"), max_length=16, choices=WorkKind.choices)
    legacy_code = models.CharField(_("former project code"), max_length=16, blank=True, db_index=True)
    code_source = models.CharField(_("source of the code"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("new occupation")
        verbose_name_plural = _("new occupations")
        ordering = ["batch", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationAlias(models.Model):
    """Another name a 大典 occupation is known by, with the source that ties the two. No personal data.

    Workers and advertisements still use names the 2015 book or older standards had (育婴员),
    and 工种 names that 人社部 published inside an occupation (直播销售员 in 互联网营销师): the
    search finds the current occupation by them and says which name matched and on what source.
    ``source_year`` is empty where the source gives no date. ``verified`` is False where no source
    states the link in so many words; ``unverified_reason`` then says why, and pages mark the name 未核实.
    Loaded from ``data/occupation_aliases.csv`` (sources in ``docs/data-sources.md``).
    """

    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices)
    source_title = models.CharField(_("source"), max_length=300)
    source_year = models.PositiveSmallIntegerField(_("year of the source"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    unverified_reason = models.CharField(_("why unverified"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("occupation alias")
        verbose_name_plural = _("occupation aliases")
        ordering = ["occupation__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "name"], name="%(app_label)s_%(class)s_unique_name"),
            models.CheckConstraint(
                condition=models.Q(verified=True, unverified_reason="")
                | models.Q(verified=False) & ~models.Q(unverified_reason=""),
                name="%(app_label)s_%(class)s_unverified_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Region(models.Model):
    """A 市(州) of Sichuan with its GB/T 2260 code. No personal data."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    code4 = models.CharField(_("short code"), max_length=4)
    name = models.CharField(_("name"), max_length=32)
    kind = models.CharField(_("kind"), max_length=32)

    class Meta:
        verbose_name = _("city or prefecture")
        verbose_name_plural = _("cities and prefectures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province-level division with its GB/T 2260 code (certificate-number positions 6–7). No personal data."""

    code2 = models.CharField(_("code"), max_length=2, unique=True)
    code6 = models.CharField(_("six-digit code"), max_length=6)
    name = models.CharField(_("name"), max_length=32)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code2"]

    def __str__(self) -> str:
        return self.name


class SpecialAbilityProject(models.Model):
    """A 专项职业能力考核项目 with its 考核规范 (assessment specification). No personal data.

    Managed by centre staff through :mod:`skillcert.catalog.services` (draft → published →
    retired, see :class:`ProjectStatus`); 专项职业能力证书 are issued only for published projects.
    ``code`` is the project code used in the public specification query and in certificate
    numbers; it never changes once recorded. ``region`` is the 市(州) the project belongs to,
    ``None`` for a provincial project. The status defaults to published because rows created
    outside the back office (the demo, older loads) are projects already in use; the back office
    records every new project as a draft.
    """

    code = models.CharField(_("project code"), max_length=32, unique=True)
    name = models.CharField(_("project name"), max_length=120, db_index=True)
    content = models.TextField(_("assessment content"))
    assessment_method = models.TextField(_("assessment method"))
    spec_code = models.CharField(_("specification code"), max_length=32, blank=True)
    spec_version = models.CharField(_("specification version"), max_length=32, blank=True)
    publisher = models.CharField(_("publisher"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("city or prefecture"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PUBLISHED
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    record_status = models.CharField(
        _("national record status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.NOT_RECORDED
    )
    record_reference = models.CharField(_("record reference"), max_length=64, blank=True)
    record_date = models.DateField(_("record date"), null=True, blank=True)

    class Meta:
        verbose_name = _("special ability assessment project")
        verbose_name_plural = _("special ability assessment projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_issuable(self) -> bool:
        """Only a published project is assessed and certified."""
        return self.status == ProjectStatus.PUBLISHED
