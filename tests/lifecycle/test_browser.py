"""The lifecycle pages in real Chromium: the Programme Director performs an Appendix 3 process; the Delivery Board
member sees the EIA awaiting the board, with the Equality Statement."""

import re

from tests.browser import BROWSER_TEST, log_in
from tests.security.test_accessibility import axe_page as axe_page  # noqa: F401 (a fixture)
from tests.security.test_accessibility import serious_violations

pytestmark = BROWSER_TEST


def test_director_performs_a_process_and_the_board_sees_the_eia(page):
    log_in(page, "director.llr", "/lifecycle/processes/")
    page.wait_for_url(re.compile(r"/lifecycle/processes/"))
    row = page.locator("#process-direct_work")
    row.get_by_label("Note").fill("Weekly programme meeting")
    row.get_by_role("button", name="Perform direct work").click()
    page.get_by_text("Recorded as performed.").wait_for(timeout=5000)
    assert "director.llr" in page.locator("#process-direct_work").inner_text()
    page.goto("/lifecycle/")
    assert page.get_by_role("cell", name="Delivery stage 1").is_visible()
    assert page.errors == []


def test_the_delivery_boards_chair_records_its_eia_decision_with_the_statement(page):
    log_in(page, "sro.llr", "/lifecycle/eias/")
    page.wait_for_url(re.compile(r"/lifecycle/eias/"))
    page.get_by_role("link", name="Urgent Care: clinical navigation hub").click()
    assert page.get_by_role("button", name="Approve for the Delivery Board").is_visible()
    page.get_by_text("Appendix 8").first.click()
    assert page.get_by_text("protected characteristics", exact=False).first.is_visible()
    # Without a meeting or a chair's action the board's decision is not recorded: the error names the field.
    page.get_by_role("button", name="Approve for the Delivery Board").click()
    page.get_by_text("There is a problem").wait_for(timeout=5000)
    page.get_by_role("link", name="Give the Delivery Board meeting", exact=False).click()
    page.get_by_label("Or: decided by chair's action between meetings").check()
    page.get_by_label("Reason for the chair's action").fill("Go-live before the next meeting.")
    page.get_by_role("button", name="Approve for the Delivery Board").click()
    assert page.get_by_text("Approved by the Delivery Board").first.is_visible()
    assert page.get_by_text("by chair's action", exact=False).first.is_visible()
    assert page.errors == []


def test_the_pmo_edits_the_matrix_and_the_director_starts_a_project(page):
    log_in(page, "pmo.llr", "/lifecycle/processes/review_programme/")
    page.wait_for_url(re.compile(r"/lifecycle/processes/review_programme/"))
    page.get_by_label("PMO").fill("R")
    page.get_by_label("Why the letters change").fill("PMO leads the review")
    page.get_by_role("button", name="Save the letters").click()
    page.get_by_text("1 cell of the matrix changed.").wait_for(timeout=5000)
    assert page.get_by_role("cell", name="PMO leads the review").is_visible()
    assert page.errors == []
    page.context.clear_cookies()
    log_in(page, "director.llr", "/lifecycle/workstreams/")
    page.wait_for_url(re.compile(r"/lifecycle/workstreams/"))
    page.get_by_label("Workstream", exact=True).select_option(label="Urgent Care")
    page.locator("#id_project-name").fill("Frailty hub")
    page.get_by_role("button", name="Start the project").click()
    page.get_by_text("Project 'Frailty hub' started in Urgent Care").wait_for(timeout=5000)
    assert page.get_by_role("link", name="Frailty hub", exact=True).is_visible()
    assert page.get_by_role("link", name="Close Frailty hub").is_visible()
    assert page.errors == []


def test_the_lifecycle_pages_are_accessible(axe_page):
    """No serious or critical WCAG 2.2 AA violation (axe-core) on the lifecycle's pages and forms."""
    from core.models import Partnership
    from core.tenancy import tenant_context
    from lifecycle.models import EndOfStageReport, EqualityImpactAssessment, Lesson, QualityCriterion
    from programme.models import Project

    with tenant_context(Partnership.objects.get(slug="llr")):
        report = EndOfStageReport.objects.first()
        eia = EqualityImpactAssessment.objects.first()
        lesson = Lesson.objects.first()
        project = Project.objects.get(name="Integrating LLR Points of Access")
        criterion = QualityCriterion.objects.first()
    pages = ["/lifecycle/", "/lifecycle/processes/", "/lifecycle/processes/review_programme/",
             "/lifecycle/processes/approval_to_proceed_to_the_first_stage/",
             "/lifecycle/workstreams/", "/lifecycle/closure/", "/lifecycle/eias/", "/lifecycle/eias/new/",
             f"/lifecycle/eias/{eia.pk}/", f"/lifecycle/eias/{eia.pk}/edit/", "/lifecycle/quality/",
             "/lifecycle/quality/new/", f"/lifecycle/quality/{criterion.pk}/review/", "/lifecycle/lessons/",
             f"/lifecycle/lessons/{lesson.pk}/edit/", f"/lifecycle/reports/{report.pk}/"]
    director = ["/lifecycle/workstreams/", f"/lifecycle/projects/{project.pk}/close/", "/lifecycle/closure/"]
    found = {}
    for username, paths in (("pmo.llr", pages), ("director.llr", director)):
        axe_page.context.clear_cookies()
        log_in(axe_page, username, "/lifecycle/")
        axe_page.wait_for_url(re.compile(r"/lifecycle/$"))
        for path in paths:
            response = axe_page.goto(path)
            assert response.status == 200, path
            problems = serious_violations(axe_page)
            if problems:
                found[f"{username} {path}"] = problems
    assert found == {}
