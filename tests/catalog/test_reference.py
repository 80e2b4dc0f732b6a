"""The shipped reference data loads completely and idempotently."""

from collections import Counter

import pytest

from skillcert.catalog.loaders import load_reference
from skillcert.catalog.models import NewOccupation, Occupation, QualificationCoverage, QualificationItem, Region

pytestmark = pytest.mark.usefixtures("reference")


def test_occupation_counts_match_the_2022_book():
    counts = Counter(Occupation.objects.values_list("level", flat=True))
    assert counts == {1: 8, 2: 79, 3: 450, 4: 1639}
    assert Occupation.objects.count() == 2176


def test_occupations_per_major_category_match_the_book():
    per_major = Counter(Occupation.objects.filter(level=4).values_list("major_code", flat=True))
    assert per_major == {"1": 25, "2": 492, "3": 36, "4": 356, "5": 54, "6": 671, "7": 4, "8": 1}


def test_every_occupation_hangs_under_its_parent():
    welder = Occupation.objects.get(code="6-18-02-04")
    assert [a.code for a in welder.ancestors()] == ["6", "6-18", "6-18-02"]
    assert not Occupation.objects.filter(level__gt=1, parent__isnull=True).exists()


def test_qualification_catalogue_keeps_every_row_and_the_unverified_markers():
    assert QualificationItem.objects.count() == 95
    assert QualificationItem.objects.filter(section="专业技术人员职业资格").count() == 72
    skill = QualificationItem.objects.filter(section="技能人员职业资格")
    assert skill.count() == 23
    assert all(item.is_unverified for item in skill)
    assert all(item.department_unverified for item in skill if item.implementing_department)


def test_new_occupations_and_regions():
    assert NewOccupation.objects.count() == 126
    assert NewOccupation.objects.filter(status="public_comment").count() == 16
    streamer = NewOccupation.objects.get(name="网络主播")
    assert streamer.code.startswith("N6-") and streamer.occupation is None
    assert Region.objects.count() == 21
    assert set(Region.objects.filter(code__in=["513200", "513300", "513400"]).values_list("name", flat=True)) == {
        "阿坝藏族羌族自治州",
        "甘孜藏族自治州",
        "凉山彝族自治州",
    }


def test_loading_twice_changes_nothing():
    before = QualificationCoverage.objects.count(), Occupation.objects.count(), NewOccupation.objects.count()
    touched = load_reference()
    assert touched == {"occupations": 0, "qualification_catalogue": 0, "new_occupations": 0, "regions": 0}
    assert (QualificationCoverage.objects.count(), Occupation.objects.count(), NewOccupation.objects.count()) == before
