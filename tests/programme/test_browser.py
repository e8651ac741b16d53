"""A real browser (headless Chromium through Playwright) against a live server: logging in and reading the programme."""

import re

from playwright.sync_api import expect

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_pmo_logs_in_and_sees_urgent_care_on_the_programme_page(page):
    log_in(page, "pmo.llr")

    page.wait_for_url(re.compile(r"/programme/$"))
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("banner").get_by_text("LLR Better Care Together").is_visible()
    urgent_care = page.get_by_role("link", name="Urgent Care", exact=True)
    assert urgent_care.is_visible()
    # The frontend's JavaScript ran (portal.js is an ES module importing nhsuk-frontend).
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"), timeout=5000)

    urgent_care.click()

    page.wait_for_url(re.compile(r"/programme/workstreams/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().endswith("Urgent Care")
    assert page.get_by_role("link", name="Integrating LLR Points of Access", exact=True).is_visible()
    assert page.errors == []


def test_failed_login_shows_the_error_summary_and_focuses_it(page):
    log_in(page, "pmo.llr", password="not-the-password")

    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    # nhsuk-frontend moves focus to the summary so screen readers announce it; fails by timeout if it never does.
    expect(summary).to_be_focused(timeout=5000)
    assert page.title().startswith("Error:")
    assert page.errors == []
