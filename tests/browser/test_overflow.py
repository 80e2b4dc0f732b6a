"""Every public page and the main back-office pages on a phone (390×844) and a laptop (1366×900).

A page that is wider than the window makes a phone user scroll sideways to read a certificate number or a
table; these tests open each page at both sizes and fail on ``scrollWidth > innerWidth``, naming the page and
the width. They also check the collapsing menu, the tables shown as cards on a phone, the footer links and
that the QR page shows the whole certificate number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import CertificateFactory, make_institution, valid_id
from tests.factories.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
SIZES = (PHONE, LAPTOP)
ID = valid_id("51010719880512341")
HOLDER = "王小川"
TRACKING_INPUT = "#id_code"


@dataclass(frozen=True)
class Registry:
    """What the pages show: one institution with an operator, a certificate, a competition, a complaint."""

    institution: Any
    certificate: Any
    competition: Any
    complaint: Any
    tracking_code: str
    project_code: str
    batch: Any


@pytest.fixture
def registry(page: Any) -> Registry:
    from skillcert.assessments.services import declare_batch
    from skillcert.catalog.models import SpecialAbilityProject
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from skillcert.people.services import register_holder
    from skillcert.supervision.services import file_complaint
    from tests.factories import approved, make_host, make_user

    centre = make_user("centre-overflow", CENTRE_STAFF)
    institution = make_institution(
        centre, name="四川省装备制造业焊接与切割职业技能评价中心", serial=57, levels=(3, 4, 5)
    )
    operator = make_user("welder-overflow", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    holder = register_holder(name=HOLDER, id_type="resident_id", id_number=ID, gender="male")
    certificate = CertificateFactory(holder=holder, institution=institution, batch_id="b-overflow", actor=operator)
    batch = declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        assessment_date=dt.date(2026, 10, 18), evaluators="王考评\n李考评",
    )  # fmt: skip
    host = make_host(centre, "四川省装备制造行业协会焊接与切割专业委员会", "host-overflow")
    competition = approved(host, centre, name="四川省装备制造行业焊接与切割职业技能竞赛（第二届）")
    project = SpecialAbilityProject.objects.create(
        code="S510100-ZX-0031", name="蜀绣技艺（双面异色绣）", content="针法、配色、绷架", assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局", published_on=dt.date(2024, 6, 1),
    )  # fmt: skip
    complaint, code = file_complaint(
        category="perfunctory", description="报名后没有考试，三十天直接发证。",
        claim_text="焊工四级证书包过免考，全国通用！", institution_named=institution.name,
    )  # fmt: skip
    return Registry(institution, certificate, competition, complaint, code, project.code, batch)


def query_by_name_and_id(page: Any, registry: Registry) -> None:
    """The certificate query by 姓名 + 证件号码, which answers with the holder's own page."""
    page.goto(page.base + "/certificates/query/")
    page.fill("#id_name", HOLDER)
    page.fill("#id_id_number", ID)
    page.click("[data-testid=query-form] button[type=submit]")
    page.wait_for_selector("[data-testid=query-results]")


def query_by_number(page: Any, registry: Registry) -> None:
    """The certificate query by 证书编号 + 姓名: the masked result."""
    page.goto(page.base + "/certificates/query/")
    page.check("input[name=mode][value=number]")
    page.fill("#id_name", HOLDER)
    page.fill("#id_certificate_number", registry.certificate.number)
    page.click("[data-testid=query-form] button[type=submit]")
    page.wait_for_selector("[data-testid=query-results]")


def holder_page(page: Any, registry: Registry) -> None:
    query_by_name_and_id(page, registry)
    page.click("[data-testid=holder-link]")
    page.wait_for_load_state()


def tracked_case(page: Any, registry: Registry) -> None:
    """What a complainant sees after entering the tracking code."""
    page.goto(page.base + "/supervision/track/")
    page.fill(TRACKING_INPUT, registry.tracking_code)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=stage]")


Opener = Callable[[Any, Registry], None]


def public_pages(registry: Registry) -> dict[str, str | Opener]:
    """Every public page: an address, or the steps that lead to a page only a form opens."""
    return {
        "home": "/",
        "catalogue search": "/catalog/?q=焊工",
        "occupation": "/catalog/6-18-02-04/",
        "projects": "/catalog/projects/",
        "project": f"/catalog/projects/{registry.project_code}/",
        "institutions": "/institutions/",
        "institution": f"/institutions/{registry.institution.public_id}/",
        "certificate query": "/certificates/query/",
        "special ability query": "/certificates/special/query/",
        "query result": query_by_number,
        "holder page": holder_page,
        "QR verify page": f"/certificates/verify/{registry.certificate.address_key}/",
        "verify": "/verify/",
        "verification code": "/verify/code/",
        "transparency log": "/log/",
        "claim checker": "/supervision/check/",
        "complaint form": "/supervision/complain/",
        "tracking form": "/supervision/track/",
        "tracked case": tracked_case,
        "competitions": "/competitions/",
        "competition": f"/competitions/{registry.competition.public_id}/",
        "statistics": "/stats/",
    }


def centre_pages(registry: Registry) -> dict[str, str | Opener]:
    institution, certificate = registry.institution.public_id, registry.certificate.public_id
    return {
        "workspace": "/account/",
        "institution records": "/institutions/manage/",
        "institution record": f"/institutions/manage/{institution}/",
        "API tokens": f"/institutions/manage/{institution}/tokens/",
        "certificate list": "/certificates/manage/",
        "certificate record": f"/certificates/manage/{certificate}/",
        "supervision dashboard": "/supervision/manage/",
        "cases": "/supervision/manage/cases/",
        "case": f"/supervision/manage/cases/{registry.complaint.public_id}/",
        "inspections": "/supervision/manage/inspections/",
        "staff reports": "/stats/reports/",
        "competition management": "/competitions/manage/",
        "competition record": f"/competitions/manage/{registry.competition.public_id}/",
        "competition hosts": "/competitions/manage/hosts/",
    }


def operator_pages(registry: Registry) -> dict[str, str | Opener]:
    return {
        "workspace": "/account/",
        "own institution": "/institutions/manage/mine/",
        "batches": "/assessments/",
        "declare a batch": "/assessments/declare/",
        "batch": f"/assessments/{registry.batch.public_id}/",
        "certificate list": "/certificates/manage/",
    }


WIDTH = "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


def too_wide(
    page: Any, registry: Registry, pages: dict[str, str | Opener], sizes: tuple[dict[str, int], ...] = SIZES
) -> list[str]:
    """Open each page at each size; one line per page that failed to open, is wider than the window or whose
    script the Content-Security-Policy refused (site.js draws the menu and the table cards)."""
    refused: list[str] = []

    def note_refusal(message: Any) -> None:
        if "Content Security" in message.text:
            refused.append(message.text)

    page.on("console", note_refusal)
    problems = []
    for size in sizes:
        page.set_viewport_size(size)
        for name, target in pages.items():
            if callable(target):
                target(page, registry)
                status = 200
            else:
                response = page.goto(page.base + target)
                status = response.status if response else 0
                if status == 200 and "/account/login/" in page.url:
                    status = 302
            widths = page.evaluate(WIDTH)
            if status != 200:
                problems.append(f"{name} at {size['width']} px: answered {status} ({page.url})")
            elif widths["scroll"] > widths["inner"]:
                problems.append(f"{name} at {size['width']} px: {widths['scroll']} px wide ({page.url})")
            problems += [f"{name}: {text}" for text in refused]
            refused.clear()
    page.remove_listener("console", note_refusal)
    return problems


def test_every_public_page_fits_a_phone_and_a_laptop(page, registry):
    assert too_wide(page, registry, public_pages(registry)) == []


def test_back_office_pages_fit_a_phone_and_a_laptop(page, browser, registry):
    sign_in(page, "centre-overflow")
    problems = too_wide(page, registry, centre_pages(registry))
    page.click("[data-testid=lang-en]")  # English labels and options are longer than the Chinese ones
    page.wait_for_selector("[data-testid=lang-zh]")
    problems += [f"English: {line}" for line in too_wide(page, registry, centre_pages(registry), (PHONE,))]
    operator_context = browser.new_context(locale="en-US")
    operator_page = operator_context.new_page()
    operator_page.base = page.base
    sign_in(operator_page, "welder-overflow")
    problems += [f"operator: {line}" for line in too_wide(operator_page, registry, operator_pages(registry))]
    operator_context.close()
    assert problems == []


def test_menu_is_a_button_on_a_phone_and_a_bar_on_a_laptop(page, registry):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/competitions/")
    toggle = page.locator("[data-testid=menu-toggle]")
    nav = page.locator("[data-testid=site-nav]")
    assert toggle.is_visible() and toggle.inner_text() == "菜单"
    assert toggle.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    assert toggle.get_attribute("aria-controls") == nav.get_attribute("id")

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and nav.is_visible()
    nav.get_by_role("link", name="评价机构查询").click()
    assert page.url.endswith("/institutions/")

    # Keyboard: the button opens with Enter, Escape closes and gives the focus back to the button.
    page.locator("[data-testid=menu-toggle]").focus()
    page.keyboard.press("Enter")
    assert nav.is_visible()
    nav.get_by_role("link", name="透明日志").focus()
    page.keyboard.press("Escape")
    assert not nav.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.dataset.testid") == "menu-toggle"

    page.set_viewport_size(LAPTOP)
    assert nav.is_visible() and not toggle.is_visible()
    assert nav.get_by_role("link", name="透明日志").is_visible()


def test_without_javascript_the_phone_menu_stays_open(browser, live_server, registry):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator("[data-testid=site-nav]").is_visible()
    assert not page.locator("[data-testid=menu-toggle]").is_visible()
    context.close()


def test_tables_become_cards_with_column_names_on_a_phone(page, registry):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/competitions/")
    table = page.locator("[data-testid=competition-list]")
    row = table.locator("tbody tr").first
    name_cell = row.locator("td").nth(1)
    # A card: every cell as wide as the row (not one character a line), led by its column's name.
    row_width = row.bounding_box()["width"]
    assert all(row.locator("td").nth(i).bounding_box()["width"] >= row_width - 4 for i in range(6))
    assert name_cell.get_attribute("data-label") == "竞赛"
    assert page.evaluate("c => getComputedStyle(c, '::before').content", name_cell.element_handle()) == '"竞赛"'
    assert not table.locator("thead").is_visible() or table.locator("thead").bounding_box()["height"] <= 1

    page.set_viewport_size(LAPTOP)
    assert table.locator("thead th").first.is_visible()
    assert name_cell.bounding_box()["width"] < row.bounding_box()["width"] / 2  # a table again


def test_qr_page_shows_the_whole_certificate_number_on_a_phone(page, registry):
    page.set_viewport_size(PHONE)
    page.goto(page.base + f"/certificates/verify/{registry.certificate.address_key}/")
    for language in ("zh", "en"):
        if language == "en":
            page.click("[data-testid=lang-en]")
            page.wait_for_selector("[data-testid=lang-zh]")
        number = page.locator("[data-testid=paper-number]")
        assert number.inner_text().replace("\n", "") == registry.certificate.number
        box, card = number.bounding_box(), page.locator("[data-testid=paper]").bounding_box()
        assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"], language
        assert card["x"] + card["width"] <= PHONE["width"], language


def test_footer_query_addresses_are_links(page, registry):
    page.goto(page.base + "/")
    assert page.get_attribute("[data-testid=national-query-link]", "href") == "http://jndj.osta.org.cn"
    assert page.get_attribute("[data-testid=provincial-query-link]", "href") == "http://rst.sc.gov.cn"
