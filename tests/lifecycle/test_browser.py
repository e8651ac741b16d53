"""The lifecycle pages in real Chromium: the Programme Director performs an Appendix 3 process; the Delivery Board
member sees the EIA awaiting the board, with the Equality Statement."""

import re

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_director_performs_a_process_and_the_board_sees_the_eia(page):
    log_in(page, "director.llr", "/lifecycle/processes/")
    page.wait_for_url(re.compile(r"/lifecycle/processes/"))
    row = page.locator("#process-direct_work")
    row.get_by_label("Note").fill("Weekly programme meeting")
    row.get_by_role("button", name="Perform direct work").click()
    page.wait_for_url(re.compile(r"/lifecycle/processes/$"))
    assert page.get_by_text("Recorded as performed.").is_visible()
    assert "director.llr" in page.locator("#process-direct_work").inner_text()
    page.goto("/lifecycle/")
    assert page.get_by_role("cell", name="Delivery stage 1 (2015/16)").is_visible()
    assert page.errors == []


def test_the_delivery_board_sees_the_eia_with_the_statement(page):
    log_in(page, "delivery.llr", "/lifecycle/eias/")
    page.wait_for_url(re.compile(r"/lifecycle/eias/"))
    page.get_by_role("link", name="Urgent Care: clinical navigation hub").click()
    assert page.get_by_role("button", name="Approve for the Delivery Board").is_visible()
    page.get_by_text("Appendix 8").first.click()
    assert page.get_by_text("protected characteristics", exact=False).first.is_visible()
    page.get_by_role("button", name="Approve for the Delivery Board").click()
    assert page.get_by_text("Approved by the Delivery Board").first.is_visible()
    assert page.errors == []
