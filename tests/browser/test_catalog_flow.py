"""A worker searches the catalogue in Chinese, opens an occupation, reads the answer, switches to English."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_occupation_and_switch_language(page):
    page.goto(page.base + "/")
    assert "技能证书到底有哪些" in page.inner_text("h1")  # Chinese first, although the browser asks for English
    page.click("text=职业目录查询")
    page.fill("#q", "焊工")
    page.click("button:has-text('查询')")
    assert "“焊工”共 2 条结果" in page.inner_text("[data-testid=result-count]")
    page.click("a:has-text('焊工') >> nth=0")
    assert page.url.endswith("/catalog/6-18-02-04/")
    answer = page.inner_text("[data-testid=certificate-answer]")
    assert "职业资格证书" in answer and "民用核安全设备焊工" in answer
    assert page.get_attribute("[data-type=skill_level]", "class") == "badge badge-yes"
    page.click("[data-testid=lang-en]")
    assert page.url.endswith("/catalog/6-18-02-04/")
    assert "Which certificates are lawful for this occupation?" in page.inner_text("[data-testid=certificate-answer]")
    page.fill("#job_type", "民用核安全设备焊工")
    page.click("button:has-text('Check this job type')")
    assert page.get_attribute("[data-type=skill_level]", "class") == "badge badge-no"
    page.click("[data-testid=lang-zh]")
    assert "该职业可以取得哪类证书" in page.inner_text("[data-testid=certificate-answer]")


def test_a_professional_qualification_page_names_it_and_marks_unverified_facts(page):
    page.goto(page.base + "/catalog/4-07-04-01/")  # 导游: a catalogue qualification, not a skill certificate
    answer = page.inner_text("[data-testid=certificate-answer]")
    assert "导游资格（国家职业资格目录，准入类），由文化和旅游部实施 — 不是职业技能等级证书" in answer
    assert page.get_attribute("[data-type=qualification]", "class") == "badge badge-yes"
    assert page.get_attribute("[data-type=skill_level]", "class") == "badge badge-no"
    assert page.locator("[data-testid=unverified-note]").count() == 0  # mapping and department are sourced
    page.goto(page.base + "/catalog/2-05-08-06/")  # 助产士: the mapping is the project's reading
    note = page.inner_text("[data-testid=unverified-note]")
    assert "与本职业的对应关系未核实" in note
