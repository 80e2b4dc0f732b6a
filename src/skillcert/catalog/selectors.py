"""Reads of the reference catalogue that other apps and the public pages use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from skillcert.catalog.models import NewOccupation, Occupation, Region, SpecialAbilityProject

_CODE_RE = re.compile(r"^[0-9][0-9-]*$")
_NEW_CODE_RE = re.compile(r"^N[0-9]+(-[0-9]*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class OccupationHit:
    """One search result: a 大典 entry or a new occupation without a 大典 code."""

    code: str
    name: str
    level: int  # 1–4 for 大典 entries; 4 for new occupations (they are occupations)
    major_category: str
    is_new_occupation: bool


def looks_like_code(query: str) -> bool:
    """True for inputs like ``6``, ``6-18`` or ``6-18-02-04`` (and new-occupation codes ``N6-01``)."""
    return bool(_CODE_RE.match(query) or _NEW_CODE_RE.match(query))


def search_occupations(query: str, *, occupations_only: bool = False) -> list[OccupationHit]:
    """Find occupations by code prefix, GBM code or part of a name; 大典 order, new occupations last."""
    query = query.strip()
    if not query:
        return []
    if looks_like_code(query):
        dadian = Occupation.objects.filter(code__startswith=query)
        new = NewOccupation.objects.filter(
            Q(code__istartswith=query) | Q(legacy_code__istartswith=query), occupation__isnull=True
        )
    else:
        dadian = Occupation.objects.filter(
            Q(name__icontains=query) | Q(gbm_code__iexact=query) | Q(name_variant__icontains=query)
        )
        new = NewOccupation.objects.filter(name__icontains=query, occupation__isnull=True)
    if occupations_only:
        dadian = dadian.filter(level=4)
    hits = [OccupationHit(o.code, o.name, o.level, o.major_code, False) for o in dadian.order_by("code")]
    hits += [OccupationHit(n.code, n.name, 4, _major(n.code), True) for n in new.order_by("batch", "code")]
    return hits


def _major(code: str) -> str:
    """The major category of an official code ("" for a project code such as N6-15)."""
    return code[:1] if code[:1].isdigit() else ""


def get_occupation(code: str) -> Occupation | None:
    """Return the 大典 entry with this code, with its new-occupation notes, or ``None``."""
    return Occupation.objects.filter(code=code).select_related("parent__parent__parent").first()


def get_new_occupation(code: str) -> NewOccupation | None:
    """Return the new occupation outside the 2022 book with this code (or former project code), or ``None``."""
    found = NewOccupation.objects.filter(code__iexact=code, occupation__isnull=True).first()
    return found or NewOccupation.objects.filter(legacy_code__iexact=code, occupation__isnull=True).first()


def regions() -> QuerySet[Region]:
    """Sichuan's 21 市(州) in code order."""
    return Region.objects.order_by("code")


def search_projects(query: str = "") -> QuerySet[SpecialAbilityProject]:
    """Special ability assessment projects by code or part of a name (all when the query is empty)."""
    projects = SpecialAbilityProject.objects.select_related("region").order_by("code")
    query = query.strip()
    if query:
        projects = projects.filter(Q(code__icontains=query) | Q(name__icontains=query) | Q(content__icontains=query))
    return projects
