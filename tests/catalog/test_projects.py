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
