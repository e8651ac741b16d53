"""Real Chromium: the project manager writes the Points of Access report from its pre-filled form and submits it,
the workstream SRO signs it off, and the live dashboard and the next Implementation Group pack show it."""

import re

from core.models import Partnership
from core.tenancy import tenant_context
from meetings.models import Meeting
from meetings.packs import render
from programme.choices import BodyKind
from programme.models import Project
from reporting import services
from reporting.models import HighlightReport
from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST
POA = "Integrating LLR Points of Access"


def test_a_prefilled_report_is_submitted_signed_off_and_shown(page):
    llr = Partnership.objects.get(slug="llr")
    with tenant_context(llr):
        project = Project.objects.get(name=POA)
        # The demo's returned report for the period makes way for a new one.
        HighlightReport.objects.filter(project=project, period_start=services.current_period()).delete()

    log_in(page, "pm.poa.llr", f"/reports/new/?project={project.pk}")
    page.wait_for_url(re.compile(r"/reports/new/"))
    assert page.get_by_text("Suggested:").count() == 6
    assert page.locator('input[name="schedule_rag"]:checked').count() == 1  # pre-filled with the suggestion
    for name in ("Schedule", "Finance", "Benefits", "Risks", "Resources", "Overall"):
        page.get_by_label(f"{name} commentary").fill(f"{name}: as the registers show this month.")
    page.get_by_label("Achievements this period").fill("Skills and capacity assessment completed.")
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    report_url = page.url
    page.get_by_role("button", name="Submit for sign-off").click()
    page.get_by_text("was submitted for sign-off").wait_for()

    page.context.clear_cookies()
    log_in(page, "sro.urgentcare.llr", report_url)
    page.wait_for_url(report_url)
    page.get_by_role("button", name="Sign off").click()
    page.get_by_text("was signed off").first.wait_for()
    with tenant_context(llr):
        report = HighlightReport.objects.get(project=project, period_start=services.current_period())
    assert report.status == "signed_off" and report.signed_off_by.username == "sro.urgentcare.llr"

    page.goto(f"/programme/dashboard/?workstream={project.workstream_id}")
    row = page.locator(f'tr[data-place="project-{project.pk}"]')
    assert "Signed off" in row.inner_text() and report.ref in row.inner_text()
    assert page.errors == []

    with tenant_context(llr):
        meeting = (Meeting.objects.filter(body__kind=BodyKind.IMPLEMENTATION_GROUP, date__gt=report.period_end)
                   .order_by("date").first())
        html, toc = render.build_html(render.pack_context(meeting))
    assert ("highlight_reports", "Workstream highlight reports") in toc
    assert report.ref in html and "Skills and capacity assessment completed." in html
