"""Reads of the reference catalogue that other apps and the public pages use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, overload

from django.db.models import BooleanField, Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from skillcert.catalog.choices import AliasKind, OccupationLevel, ProjectStatus
from skillcert.catalog.models import NewOccupation, Occupation, OccupationAlias, Region, SpecialAbilityProject

_CODE_RE = re.compile(r"^[0-9][0-9-]*$")
_NEW_CODE_RE = re.compile(r"^N[0-9]+(-[0-9]*)?$", re.IGNORECASE)


class Match(IntEnum):
    """How a result matched the query, best first: the search orders by this, then by code.

    A worker who types an occupation's exact name or code expects that occupation first, not
    the engineering titles that merely contain it (电工 before 电工电器工程技术人员).
    """

    CODE = 0  # the exact code (or GBM code, or a new occupation's former project code)
    NAME = 1  # the exact name
    NAME_PREFIX = 2  # the name starts with the query
    ALIAS = 3  # a former name, 工种 or other name (or the name in the second source) contains the query
    SUBSTRING = 4  # the name contains the query
    OTHER = 5  # under the code typed (a code prefix)


@dataclass(frozen=True)
class AliasMatch:
    """The other name a result was found by, with its source, shown next to the result."""

    name: str
    kind: str
    kind_label: str
    source: str
    source_year: int | None
    source_url: str
    verified: bool
    unverified_reason: str


@dataclass(frozen=True)
class OccupationHit:
    """One search result: a 大典 entry or a new occupation without a 大典 code."""

    code: str
    name: str
    level: int  # 1–4 for 大典 entries; 4 for new occupations (they are occupations)
    major_category: str
    is_new_occupation: bool
    match: str = Match.OTHER.name.lower()
    matched_alias: AliasMatch | None = None


@dataclass(frozen=True)
class CategoryRow:
    """A category of the 大典 with how many 中类, 小类 and occupations (细类) it holds."""

    code: str
    name: str
    level: int
    middle: int = 0
    minor: int = 0
    occupations: int = 0


def looks_like_code(query: str) -> bool:
    """True for inputs like ``6``, ``6-18`` or ``6-18-02-04`` (and new-occupation codes ``N6-01``)."""
    return bool(_CODE_RE.match(query) or _NEW_CODE_RE.match(query))


_COLUMNS = ("code", "name", "level", "is_new", "rank")
_ORDER = ("rank", "code")  # best match first, then code order: the same query always pages the same way


def _rank(*whens: When) -> Case:
    return Case(*whens, default=Value(int(Match.OTHER)), output_field=IntegerField())


def _when(condition: Any, match: Match) -> When:
    return When(condition, then=Value(int(match)))


def _dadian_rows(query: str) -> QuerySet[Occupation]:
    """大典 entries matching ``query``, each annotated with its :class:`Match`."""
    if looks_like_code(query):
        return Occupation.objects.filter(code__startswith=query).annotate(
            is_new=Value(False, output_field=BooleanField()), rank=_rank(_when(Q(code=query), Match.CODE))
        )
    alias = Exists(OccupationAlias.objects.filter(occupation=OuterRef("pk"), name__icontains=query))
    other_name = alias | Q(name_variant__icontains=query)
    return Occupation.objects.filter(Q(name__icontains=query) | Q(gbm_code__iexact=query) | other_name).annotate(
        is_new=Value(False, output_field=BooleanField()),
        rank=_rank(
            _when(Q(gbm_code__iexact=query), Match.CODE),
            _when(Q(name__iexact=query), Match.NAME),
            _when(Q(name__istartswith=query), Match.NAME_PREFIX),
            _when(other_name, Match.ALIAS),
            _when(Q(name__icontains=query), Match.SUBSTRING),
        ),
    )


def _new_rows(query: str) -> QuerySet[NewOccupation]:
    """New occupations outside the 2022 book matching ``query``, annotated like :func:`_dadian_rows`."""
    outside = NewOccupation.objects.filter(occupation__isnull=True).annotate(
        level=Value(int(OccupationLevel.OCCUPATION), output_field=IntegerField()),
        is_new=Value(True, output_field=BooleanField()),
    )
    if looks_like_code(query):
        by_code = Q(code__iexact=query) | Q(legacy_code__iexact=query)
        return outside.filter(Q(code__istartswith=query) | Q(legacy_code__istartswith=query)).annotate(
            rank=_rank(_when(by_code, Match.CODE))
        )
    return outside.filter(name__icontains=query).annotate(
        rank=_rank(
            _when(Q(name__iexact=query), Match.NAME),
            _when(Q(name__istartswith=query), Match.NAME_PREFIX),
            _when(Q(name__icontains=query), Match.SUBSTRING),
        )
    )


class OccupationResults:
    """Search results in rank order; counted and sliced in the database, one page at a time.

    One SQL query (a UNION of the 大典 and the new occupations, ordered by match and then code)
    serves both the page and the API, so nothing loads the whole catalogue per request. Only the
    rows of the requested window become :class:`OccupationHit` objects; those found by another
    name get that name and its source with one more query.
    """

    def __init__(self, query: str, *, occupations_only: bool = False) -> None:
        self.query = query
        self._rows: QuerySet[Any, tuple[Any, ...]] | None = None
        self._count: int | None = 0 if not query else None
        if query:  # a blank query finds nothing rather than everything
            dadian = _dadian_rows(query)
            if occupations_only:
                dadian = dadian.filter(level=OccupationLevel.OCCUPATION)
            new = _new_rows(query).order_by().values_list(*_COLUMNS)  # SQL allows ORDER BY only on the union
            self._rows = dadian.order_by().values_list(*_COLUMNS).union(new).order_by(*_ORDER)

    def count(self) -> int:
        if self._count is None:
            self._count = self._rows.count() if self._rows is not None else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[OccupationHit]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, index: int) -> OccupationHit: ...

    @overload
    def __getitem__(self, index: slice) -> list[OccupationHit]: ...

    def __getitem__(self, index: int | slice) -> OccupationHit | list[OccupationHit]:
        if isinstance(index, slice):
            return self._window(index)
        found = self._window(slice(index, index + 1)) if index >= 0 else []
        if not found:
            raise IndexError(index)
        return found[0]

    def _window(self, window: slice) -> list[OccupationHit]:
        rows = list(self._rows[window]) if self._rows is not None else []
        aliases = self._aliases([code for code, _name, _level, is_new, rank in rows if rank == Match.ALIAS])
        return [
            OccupationHit(
                code=code,
                name=name,
                level=level,
                major_category=_major(code),
                is_new_occupation=is_new,
                match=Match(rank).name.lower(),
                matched_alias=None if is_new else aliases.get(code),
            )
            for code, name, level, is_new, rank in rows
        ]

    def _aliases(self, codes: list[str]) -> dict[str, AliasMatch]:
        """The other name each of these occupations was found by (an exact name before a partial one)."""
        if not codes:
            return {}
        found: dict[str, AliasMatch] = {}
        matching = OccupationAlias.objects.filter(occupation__code__in=codes, name__icontains=self.query)
        exact_first = matching.select_related("occupation").annotate(
            exact=Case(When(name__iexact=self.query, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        for alias in exact_first.order_by("exact", "name"):
            found.setdefault(alias.occupation.code, _alias_match(alias))
        return found


def _alias_match(alias: OccupationAlias) -> AliasMatch:
    return AliasMatch(
        name=alias.name,
        kind=alias.kind,
        kind_label=str(AliasKind(alias.kind).label),
        source=alias.source_title,
        source_year=alias.source_year,
        source_url=alias.source_url,
        verified=alias.verified,
        unverified_reason=alias.unverified_reason,
    )


def other_names(occupation: Occupation) -> list[AliasMatch]:
    """An occupation's former names, 工种 and other names with their sources, for its own page."""
    return [_alias_match(alias) for alias in occupation.aliases.order_by("kind", "name")]


def search_occupations(query: str, *, occupations_only: bool = False) -> OccupationResults:
    """Find occupations by code, GBM code, name, part of a name, or a former name / 工种 / other name.

    Results come best match first (:class:`Match`), then in code order; empty for a blank query.
    """
    return OccupationResults(query.strip(), occupations_only=occupations_only)


def major_categories() -> list[CategoryRow]:
    """The 8 大类 with how many 中类, 小类 and occupations each holds (one counting query)."""
    counts: dict[tuple[str, int], int] = {
        (major, level): n
        for major, level, n in Occupation.objects.filter(level__gt=OccupationLevel.MAJOR)
        .values_list("major_code", "level")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [
        CategoryRow(
            code=major.code,
            name=major.name,
            level=major.level,
            middle=counts.get((major.code, OccupationLevel.MIDDLE), 0),
            minor=counts.get((major.code, OccupationLevel.MINOR), 0),
            occupations=counts.get((major.code, OccupationLevel.OCCUPATION), 0),
        )
        for major in Occupation.objects.filter(level=OccupationLevel.MAJOR).order_by("code")
    ]


def category_children(category: Occupation) -> list[CategoryRow]:
    """What a 大类, 中类 or 小类 contains, in code order, with each child's occupation count.

    The classification keeps these lists short (at most 39 children), so they are shown whole.
    Counts come from one grouped query over the children's code prefixes.
    """
    children = list(category.children.order_by("code"))
    if not children or category.level >= OccupationLevel.MINOR:
        return [CategoryRow(code=c.code, name=c.name, level=c.level) for c in children]
    width = len(children[0].code)  # every child of one category has a code of the same length
    per_prefix = dict(
        Occupation.objects.filter(level=OccupationLevel.OCCUPATION, code__startswith=f"{category.code}-")
        .annotate(prefix=Substr("code", 1, width))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        CategoryRow(code=c.code, name=c.name, level=c.level, occupations=per_prefix.get(c.code, 0)) for c in children
    ]


def _major(code: str) -> str:
    """The major category of an official code ("" for a project code such as N6-15)."""
    return code[:1] if code[:1].isdigit() else ""


def get_occupation(code: str) -> Occupation | None:
    """Return the 大典 entry with this code, with its new-occupation notes, or ``None``."""
    return Occupation.objects.filter(code=code).select_related("parent__parent__parent").first()


def occupation_named(name: str, *, other_than: str) -> Occupation | None:
    """The 大典 occupation other than ``other_than`` whose name, former name or 工种 is exactly ``name``, if any.

    A 工种 is free text within its occupation; the only ones the registry can refuse with certainty
    are those that are another occupation's own name or a name the sources tie to another
    occupation (``OccupationAlias``).
    """
    name = name.strip()
    if not name:
        return None
    named = Occupation.objects.filter(level=OccupationLevel.OCCUPATION, name=name).exclude(code=other_than)
    aliased = Occupation.objects.filter(aliases__name=name).exclude(code=other_than)
    return named.order_by("code").first() or aliased.order_by("code").first()


def get_new_occupation(code: str) -> NewOccupation | None:
    """Return the new occupation outside the 2022 book with this code (or former project code), or ``None``."""
    found = NewOccupation.objects.filter(code__iexact=code, occupation__isnull=True).first()
    return found or NewOccupation.objects.filter(legacy_code__iexact=code, occupation__isnull=True).first()


def regions() -> QuerySet[Region]:
    """Sichuan's 21 市(州) in code order."""
    return Region.objects.order_by("code")


def public_projects() -> QuerySet[SpecialAbilityProject]:
    """The projects the public may look up: published ones, and retired ones that were once published.

    A retired project stays so that an old certificate's project can still be read; a draft
    (or a draft set aside without ever being published) is the centre's work and never shown.
    """
    return SpecialAbilityProject.objects.filter(
        status__in=[ProjectStatus.PUBLISHED, ProjectStatus.RETIRED], published_on__isnull=False
    ).select_related("region")


def search_projects(query: str = "") -> QuerySet[SpecialAbilityProject]:
    """Public projects by code or part of a name or content (all when the query is empty)."""
    projects = public_projects().order_by("code")
    query = query.strip()
    if query:
        projects = projects.filter(Q(code__icontains=query) | Q(name__icontains=query) | Q(content__icontains=query))
    return projects


def managed_projects(status: str = "", query: str = "") -> QuerySet[SpecialAbilityProject]:
    """Every project, drafts included, for the centre's back office; newest work first within a status."""
    projects = SpecialAbilityProject.objects.select_related("region").order_by("status", "code")
    if status in ProjectStatus.values:
        projects = projects.filter(status=status)
    query = query.strip()
    if query:
        projects = projects.filter(Q(code__icontains=query) | Q(name__icontains=query))
    return projects
