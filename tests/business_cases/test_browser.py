"""A real browser (headless Chromium through Playwright): the Urgent Care lead completes a draft case and submits it."""

import re

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_the_lead_fills_the_required_sections_and_submits(page):
    log_in(page, "lead.urgentcare.llr", start="/cases/")
    page.wait_for_url(re.compile(r"/cases/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Business cases"
    page.get_by_role("link", name=re.compile("Clinical triage hub: additional clinical advisers")).click()

    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert "Draft" in page.locator(".nhsuk-body-l .nhsuk-tag").inner_text()
    page.get_by_role("button", name="Edit the case").click()

    page.wait_for_url(re.compile(r"/cases/\d+/edit/$"))
    page.get_by_label("Financial case (required)").fill("£180,000 of revenue in 2017/18 for four clinical advisers.")
    page.get_by_label("Management case (required)").fill("Run by the clinical triage hub's managers; monthly reports.")
    page.get_by_role("button", name="Save and submit to the Delivery Board").click()

    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert "was submitted to the Delivery Board" in page.locator(".nhsuk-notification-banner").inner_text()
    status = page.locator(".nhsuk-body-l").inner_text()
    assert "Submitted" in status and "awaiting the Delivery Board" in status
    assert page.get_by_text("Version 1: Request for Funding (RFF)").is_visible()
    assert page.errors == []
