"""考核规范查询: the public list and page of special ability assessment projects."""

import datetime as dt

import pytest
from django.test import Client

from skillcert.catalog.models import Region, SpecialAbilityProject

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def project():
    return SpecialAbilityProject.objects.create(
        code="5101-ZX-001",
        name="川菜烹饪（回锅肉制作）",
        content="刀工、火候、调味",
        assessment_method="实际操作考核",
        publisher="成都市人力资源和社会保障局",
        region=Region.objects.get(code="510100"),
        published_on=dt.date(2024, 3, 1),
    )


def test_projects_are_listed_and_searchable(project):
    html = Client().get("/catalog/projects/", {"q": "回锅肉"}).content.decode()
    assert "川菜烹饪（回锅肉制作）" in html
    assert "没有匹配的考核项目" in Client().get("/catalog/projects/", {"q": "不存在的项目"}).content.decode()


def test_project_page_shows_the_specification(project):
    html = Client().get(f"/catalog/projects/{project.code}/").content.decode()
    assert "火候" in html and "实际操作考核" in html and "成都市人力资源和社会保障局" in html
    assert Client().get("/catalog/projects/NOPE/").status_code == 404


def test_a_project_code_in_the_occupation_look_up_leads_to_its_specification(project):
    response = Client().get(f"/catalog/{project.code}/")
    assert (response.status_code, response["Location"]) == (302, f"/catalog/projects/{project.code}/")
    body = Client().get(f"/api/v1/catalog/occupations/{project.code}").json()
    assert body["certificate_types"] == ["special_ability"]
    assert [r["code"] for r in body["reasons"]] == ["special_ability_project"]


def test_the_api_gives_each_part_its_class_department_and_verification(project):
    body = Client().get("/api/v1/catalog/occupations/4-07-04-01").json()  # 导游
    assert body["certificate_types"] == ["qualification"]
    assert body["reasons"][0]["code"] == "professional_qualification"
    part = body["qualification_parts"][0]
    assert (part["qualification"], part["access_class"], part["department"], part["professional"]) == (
        "导游资格",
        "准入类",
        "文化和旅游部",
        True,
    )
    assert not part["mapping_unverified"] and not part["department_unverified"]
