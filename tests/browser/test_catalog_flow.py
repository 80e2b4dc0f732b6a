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


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_browse_the_major_categories_and_find_an_occupation_by_its_former_name(page):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(page.base + "/")
    assert no_horizontal_overflow(page)
    page.fill("#lookup-occupation", "育婴员")  # the home page's own query box
    page.click("[data-testid=lookup-occupation] button")
    assert page.url.startswith(page.base + "/catalog/?q=")
    assert "“育婴员”共 1 条结果" in page.inner_text("[data-testid=result-count]")
    note = page.inner_text("[data-testid=alias-note]")
    assert note.startswith("曾用名：育婴员（来源：") and "未核实" in note
    assert no_horizontal_overflow(page)
    page.click("a:has-text('婴幼儿发展引导员')")
    assert page.url.endswith("/catalog/4-10-01-01/")

    page.click("text=返回职业目录查询")  # back to the catalogue, where the 8 major categories are
    majors = page.locator("[data-testid=major-categories] .category-item")
    assert majors.count() == 8
    assert "32 个中类，172 个小类，671 个职业" in majors.nth(5).inner_text()
    assert no_horizontal_overflow(page)
    majors.nth(5).locator("a").click()
    assert page.url.endswith("/catalog/6/")
    page.click("[data-testid=category-children] a:has-text('生产辅助人员')")
    assert page.url.endswith("/catalog/6-31/")
    assert no_horizontal_overflow(page)
    assert "10 个职业" in page.inner_text("[data-testid=category-children] li:has-text('机械设备修理人员')")
    page.click("[data-testid=category-children] a:has-text('机械设备修理人员')")
    page.click("[data-testid=category-children] a[href='/catalog/6-31-01-03/']")
    assert page.url.endswith("/catalog/6-31-01-03/")
    assert page.get_attribute("[data-type=skill_level]", "class") == "badge badge-yes"
    assert no_horizontal_overflow(page)
