"""A real browser against a live server: a PMO officer adds a risk through the form and finds it on the heat map."""

import re

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

TITLE = "Ambulance handover delays at the LRI"


def test_pmo_adds_a_risk_and_finds_it_in_its_heat_map_cell(page):
    log_in(page, "pmo.llr", start="/risks/new/")
    page.wait_for_url(re.compile(r"/risks/new/$"))

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option("clinical")
    page.get_by_label("Level").select_option("programme")
    page.get_by_label("Inherent likelihood").select_option("4")
    page.get_by_label("Inherent impact").select_option("5")
    # The score and its band appear as the ratings are chosen (htmx fetches the fragment).
    inherent = page.locator("#inherent-score")
    inherent.get_by_text("Red").wait_for(timeout=5000)
    assert "20" in inherent.inner_text()
    page.get_by_label("Residual likelihood").select_option("4")
    page.get_by_label("Residual impact").select_option("5")
    page.locator("#residual-score").get_by_text("Red").wait_for(timeout=5000)
    page.get_by_label("Response (optional)").select_option("reduce")
    page.get_by_role("button", name="Add the risk").click()

    page.wait_for_url(re.compile(r"/risks/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().endswith(TITLE)

    page.goto("/risks/heat-map/")
    cell = page.locator("td[data-likelihood='4'][data-impact='5']")
    assert "Score 20, Red" in cell.inner_text()
    cell.get_by_role("link").click()
    page.wait_for_url(re.compile(r"residual_likelihood=4&residual_impact=5"))
    register = page.get_by_role("table")
    assert register.get_by_role("link", name=TITLE).is_visible()
    # Only likelihood 4 × impact 5 risks are listed.
    assert page.get_by_text("Score 16").count() == 0
    assert page.errors == []
