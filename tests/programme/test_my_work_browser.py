"""A real browser: a project manager logs in at the portal's address, lands on their work, and follows an item to its
page (issue 17)."""

import re

from playwright.sync_api import expect

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_a_project_manager_lands_on_their_work_and_opens_a_risk_due_for_review(page):
    log_in(page, "pm.poa.llr", start="/")

    page.wait_for_url(re.compile(r"/my-work/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"My work \d+ items, \d+ overdue"))
    group = page.get_by_role("region", name=re.compile("Your risks due for review"))
    expect(group.get_by_role("heading", level=2)).to_contain_text(re.compile(r"\d+$"))
    expect(page.get_by_role("link", name="My work", exact=True)).to_have_attribute("aria-current", "true")

    risk = group.get_by_role("link", name=re.compile(r"^R-0012 "))
    title = risk.inner_text()
    risk.click()

    page.wait_for_url(re.compile(r"/risks/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title.removeprefix("R-0012 ").strip())
    assert page.errors == []
