"""A visitor opens the transparency log page, reads what it holds and sees the latest signed checkpoint."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_log_page_and_its_checkpoint(page):
    from skillcert.transparency import keys, services
    from tests.factories import issued

    services.append_events(events=issued(5))
    services.publish_checkpoint()
    page.goto(page.base + "/log/")
    assert page.inner_text("h1") == "透明日志"
    assert page.inner_text("[data-testid=tree-size]") == "5"
    note = page.inner_text("[data-testid=checkpoint-note]")
    assert note.startswith(f"{keys.origin()}\n5\n") and "— " + keys.origin() in note
    assert page.locator("[data-testid=entries] tbody tr").count() == 5
    assert "颁发证书" in page.inner_text("[data-testid=entries]")

    page.click("[data-testid=lang-en]")
    assert page.inner_text("h1") == "Transparency log"
    page.click("a:has-text('/api/v1/log/checkpoint')")
    assert page.inner_text("body").startswith(f"{keys.origin()}\n5\n")
