"""Browsing the classification: the 8 大类 with counts on the catalogue page, then 中类 → 小类 → occupations."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from skillcert.catalog.models import Occupation

pytestmark = pytest.mark.usefixtures("reference")


def links(html: str) -> list[str]:
    """The catalogue addresses a page's category list links to, in order."""
    found = re.search(r'<ol class="category-list"[^>]*>(.*?)</ol>', html, re.S)
    assert found, "no category list on the page"
    return re.findall(r'href="/catalog/([^/"]+)/"', found.group(1))


def test_the_catalogue_page_lists_the_8_major_categories_with_their_counts():
    response = Client().get("/catalog/")
    html = response.content.decode()
    assert links(html) == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert "按八大类浏览" in html
    assert "生产制造及有关人员" in html and "32 个中类，172 个小类，671 个职业" in html
    assert "1 个中类，1 个小类，1 个职业" in html  # 8 不便分类的其他从业人员
    rows = response.context["categories"]
    assert sum(row.occupations for row in rows) == Occupation.objects.filter(level=4).count() == 1639
    assert sum(row.middle for row in rows) == 79 and sum(row.minor for row in rows) == 450


def test_a_search_replaces_the_category_list():
    html = Client().get("/catalog/", {"q": "电工"}).content.decode()
    assert 'data-testid="major-categories"' not in html


def test_drilling_down_from_a_major_category_to_an_occupation():
    major = Client().get("/catalog/6/").content.decode()
    middles = links(major)
    assert len(middles) == 32 and middles[0] == "6-01" and "6-31" in middles
    assert "6-31" in major and "生产辅助人员" in major
    assert "是职业分类中的类别，不是职业" in major

    middle = Client().get("/catalog/6-31/").content.decode()
    assert links(middle)[0] == "6-31-01"
    assert re.search(r"机械设备修理人员</a>\s*<span[^>]*>10 个职业</span>", middle)
    assert 'href="/catalog/6/"' in middle  # the breadcrumb leads back up

    minor = Client().get("/catalog/6-31-01/").content.decode()
    occupations = links(minor)
    assert occupations[:3] == ["6-31-01-01", "6-31-01-02", "6-31-01-03"] and len(occupations) == 10
    assert all(Occupation.objects.get(code=code).level == 4 for code in occupations)

    occupation = Client().get("/catalog/6-31-01-03/").content.decode()
    assert 'data-testid="certificate-answer"' in occupation  # an occupation gets the certificate answer


def test_a_category_page_gives_no_certificate_answer_and_links_to_all_categories():
    html = Client().get("/catalog/4-10/").content.decode()
    assert 'data-testid="certificate-answer"' not in html
    assert 'href="/catalog/"' in html and "全部大类" in html
    assert "中类" in html


def test_browsing_works_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/catalog/"})
    assert "Browse the 8 major categories" in client.get("/catalog/").content.decode()
    assert "10 occupations" in client.get("/catalog/6-31/").content.decode()
