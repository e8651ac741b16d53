"""The reporting pages: a report written pre-filled (suggestions beside the author's choice), refused input as a
400 naming the field, the detail with its trend SVG and table, the workflow buttons, and the live dashboard with
its export and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme.models import Project
from reporting.models import HighlightReport

pytestmark = pytest.mark.django_db


def test_the_form_opens_prefilled_with_the_suggestions(browser, poa, period):
    page = browser("pm.poa.llr").get(f"/reports/new/?project={poa.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Suggested:" in text and "Late:" in text and 'name="schedule_rag"' in text


def test_amber_without_commentary_is_a_400_naming_the_field(browser, poa, period):
    count = HighlightReport.objects.count()
    data = {f"{name}_rag": "green" for name in ("schedule", "finance", "benefits", "risks", "resources", "overall")}
    data["risks_rag"] = "amber"
    page = browser("pm.poa.llr").post(f"/reports/new/?project={poa.pk}", data)
    assert page.status_code == 400 and "commentary is required" in page.content.decode()
    assert HighlightReport.objects.count() == count


def test_the_detail_draws_the_trend_with_its_table(browser, in_llr, urgent_care):
    latest = HighlightReport.objects.filter(workstream=urgent_care, project__isnull=True,
                                            status="signed_off").order_by("-period_start").first()
    page = browser("viewer.uhl.llr").get(f"/reports/{latest.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and 'role="img"' in text
    assert text.count('<td class="nhsuk-table__cell">Red</td>') >= 1
    assert "Sign off" not in text  # a viewer has no step


def test_the_sro_signs_off_through_the_page(browser, write, persona, period):
    from reporting import services

    report = services.submit(write(), persona("pm.poa.llr"))
    sro = browser("sro.urgentcare.llr")
    assert "Sign off" in sro.get(f"/reports/{report.pk}/").content.decode()
    assert sro.post(f"/reports/{report.pk}/sign_off/").status_code == 302
    assert HighlightReport.objects.get(pk=report.pk).status == "signed_off"


def test_the_dashboard_page_and_its_export(browser, in_llr):
    client = browser("pmo.llr")
    page = client.get("/programme/dashboard/")
    assert page.status_code == 200 and "Urgent Care" in page.content.decode()
    assert client.get("/programme/dashboard/?format=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    assert client.get("/programme/dashboard/?rag=red").status_code == 200


def test_the_dashboard_page_runs_a_constant_number_of_queries(browser, in_llr, llr, persona):
    client = browser("pmo.llr")
    client.get("/programme/dashboard/")
    with CaptureQueriesContext(connection) as before:
        client.get("/programme/dashboard/")
    workstream = Project.objects.first().workstream
    for number in range(4):
        Project.objects.create(tenant=llr, workstream=workstream, name=f"More {number}")
    with CaptureQueriesContext(connection) as after:
        client.get("/programme/dashboard/")
    assert len(after) == len(before)


def test_the_list_and_its_api_cost_the_same_with_more_reports(browser, api, in_llr, llr, urgent_care):
    client, token = browser("pmo.llr"), api("pmo.llr")
    for url, caller in (("/reports/", client), ("/api/v1/highlight-reports/", token)):
        caller.get(url)
    with CaptureQueriesContext(connection) as page_before:
        client.get("/reports/")
    with CaptureQueriesContext(connection) as api_before:
        token.get("/api/v1/highlight-reports/")
    template = HighlightReport.objects.filter(status="signed_off").first()
    for number in range(5):
        template.pk, template.number, template.version = None, None, 10 + number
        template.save()
    with CaptureQueriesContext(connection) as page_after:
        client.get("/reports/")
    with CaptureQueriesContext(connection) as api_after:
        token.get("/api/v1/highlight-reports/")
    assert len(page_after) == len(page_before) and len(api_after) == len(api_before)


def test_the_dashboard_rows_escape_names_and_link_the_reports(browser, in_llr, urgent_care, poa):
    """The rows are drawn in Python (``reporting_tags.dashboard_rows``): a name is escaped, each row carries its
    RAG tags, trend and report state, and the latest signed-off report is linked by its own address."""
    Project.objects.filter(pk=poa.pk).update(name="Points <b>of</b> Access & more")
    text = browser("pmo.llr").get(f"/programme/dashboard/?workstream={urgent_care.pk}").content.decode()
    assert "Points &lt;b&gt;of&lt;/b&gt; Access &amp; more" in text and "<b>of</b>" not in text
    latest = HighlightReport.objects.filter(workstream=urgent_care, project__isnull=True,
                                            status="signed_off").order_by("-period_start", "-version").first()
    head = text[text.index(f'data-place="workstream-{urgent_care.pk}"'):]
    head = head[:head.index("</tr>")]
    assert f'href="/reports/{latest.pk}/">{latest.ref}, {latest.period_label}</a>' in head
    assert f'nhsuk-tag--{ {"red": "red", "amber": "orange", "green": "green"}[latest.overall_rag]}' in head
    assert head.count('<td class="nhsuk-table__cell">') == 11
