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
    professional = QualificationItem.objects.filter(section="专业技术人员职业资格")
    assert professional.count() == 72
    assert len({i.item_no for i in professional}) == 59
    items = {i.item_no: i.access_class for i in professional}
    assert Counter(items.values()) == {"准入类": 33, "水平评价类": 26}
    skill = QualificationItem.objects.filter(section="技能人员职业资格")
    assert skill.count() == 23
    assert all(item.is_unverified for item in skill)
    assert {i.qualification_name for i in skill if i.access_class == "准入类"} == {
        "危险货物、化学品运输从业人员",
        "道路运输从业人员",
        "特种作业人员",
        "建筑施工特种作业人员",
        "特种设备安全管理和作业人员",
    }


def test_every_catalogue_row_has_clean_departments_and_says_whether_a_source_names_them():
    for item in QualificationItem.objects.all():
        assert item.departments, item
        assert not any(marker in item.implementing_department for marker in ("未核实", "（", "(")), item
        assert item.department_unverified or item.department_source, item
    nurse = QualificationItem.objects.get(qualification_name="护士执业资格")
    assert nurse.departments == ["国家卫生健康委", "人力资源社会保障部"] and not nurse.department_unverified
    assert QualificationItem.objects.get(qualification_name="轨道交通运输服务人员（组名未核实）").department_unverified


def test_every_catalogue_row_covers_an_occupation_or_says_why_not():
    bare = QualificationItem.objects.filter(coverages__isnull=True)
    assert [(i.display_name, bool(i.no_occupation_reason)) for i in bare] == [
        ("核设施操纵人员资格（国防科技工业军用核设施操纵人员）", True)
    ]


def test_every_mapping_has_a_source_or_a_reason_it_is_unverified():
    for coverage in QualificationCoverage.objects.all():
        assert coverage.source, coverage
        assert coverage.verified != bool(coverage.unverified_reason), coverage


def test_new_occupations_and_regions():
    assert NewOccupation.objects.count() == 126
    assert NewOccupation.objects.filter(status="public_comment").count() == 16
    streamer = NewOccupation.objects.get(name="网络主播")
    assert streamer.code.startswith("N6-") and streamer.occupation is None
    assert streamer.work_kind == "unknown"  # no code known: not guessed from the name
    assert Region.objects.count() == 21
    assert set(Region.objects.filter(code__in=["513200", "513300", "513400"]).values_list("name", flat=True)) == {
        "阿坝藏族羌族自治州",
        "甘孜藏族自治州",
        "凉山彝族自治州",
    }


def test_loading_twice_changes_nothing():
    before = QualificationCoverage.objects.count(), Occupation.objects.count(), NewOccupation.objects.count()
    touched = load_reference()
    assert touched == {
        "occupations": 0,
        "qualification_catalogue": 0,
        "new_occupations": 0,
        "occupation_aliases": 0,
        "regions": 0,
    }
    assert (QualificationCoverage.objects.count(), Occupation.objects.count(), NewOccupation.objects.count()) == before


def broken_copy(tmp_path, monkeypatch, filename: str, edit) -> None:
    """Point the loader at a copy of the data whose ``filename`` is changed by ``edit(text) -> text``."""
    import shutil

    from skillcert.catalog import loaders

    for path in loaders.DATA_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / filename
    target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(loaders, "DATA_DIR", tmp_path)


@pytest.mark.parametrize(
    ("filename", "edit", "message"),
    [
        (
            "qualification_coverage.csv",
            lambda text: text.replace("4-07-04-01", "4-07-04-99"),
            "4-07-04-99 is not an occupation of the 大典",
        ),
        (
            "qualification_departments.csv",
            lambda text: text.replace("导游资格,,文化和旅游部", "导游资格,,文化和旅游部（未核实）"),
            "working marker",
        ),
        (
            "qualification_coverage.csv",
            lambda text: text.replace("exam-issuers", "no-such-source").replace(",dadian-2022,", ",no-such-source,"),
            "unknown source key",
        ),
        ("new_occupation_codes.csv", lambda text: text.replace("4-04-05-13", "4-04-05"), "not an occupation code"),
    ],
)
def test_inconsistent_reference_data_stops_the_load_and_changes_nothing(tmp_path, monkeypatch, filename, edit, message):
    from skillcert.catalog.loaders import ReferenceDataError

    before = QualificationCoverage.objects.count(), NewOccupation.objects.count()
    broken_copy(tmp_path, monkeypatch, filename, edit)
    with pytest.raises(ReferenceDataError) as caught:
        load_reference()
    assert message in str(caught.value)
    assert (QualificationCoverage.objects.count(), NewOccupation.objects.count()) == before
