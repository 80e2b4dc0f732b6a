"""Content-Security-Policy in Chromium: the pages that draw charts and the API docs run without a violation."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_charts_in_chromium_without_a_policy_violation(page):
    from tests.browser.test_stats_flow import build_certificates

    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    build_certificates()
    for url in ("/stats/", "/", "/api/v1/docs"):
        page.goto(page.base + url)
        page.wait_for_load_state("networkidle")
    page.goto(page.base + "/stats/")
    chart = page.wait_for_selector("[data-testid=chart-by_region][data-drawn=true]")
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the chart's tooltip
    page.wait_for_timeout(300)
    assert violations == []
